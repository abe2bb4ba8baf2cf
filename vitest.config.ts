import { defineConfig } from 'vitest/config';

// CI also writes a JSON report so that .ci/run can print the plain "N passed, N failed" line.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Assembles stale WebAssembly kernels; serves the built renderer to test/e2e (built on first
    // use, so runs without e2e tests build nothing).
    globalSetup: ['test/wasm-global-setup.ts', 'test/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: process.env['CI'] ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
