/**
 * The WebAssembly elementwise kernels' parity with TypeScript in Chromium, in a worker of a
 * cross-origin-isolated page (where the editor's engine runs them, its heap shared): the cases
 * of ./wasm-elementwise-cases.ts, which ./wasm-elementwise.test.ts runs in Node.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { skipReason } from '../e2e/browser.js';
import { inBundledPage } from '../e2e/bundled-page.js';

interface Result {
  readonly isolated: boolean;
  readonly available: boolean;
  readonly matmul: boolean;
  readonly cases: number;
  readonly failures: string[];
}

describe.skipIf(skipReason !== undefined)('the WebAssembly elementwise kernels in Chromium', () => {
  it('give the TypeScript kernels\' bits (the matmul within 1e-5) in an isolated worker', async () => {
    const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'chromium', 'wasm-elementwise-page.ts');
    // The worker is announced before its script has run: wait for the entry point it defines.
    const expr = '(async () => { while (!globalThis.runElementwiseParity) await new Promise((r) => setTimeout(r, 10)); return globalThis.runElementwiseParity(); })()';
    const r = await inBundledPage<Result>(entry, expr, { inIsolatedWorker: true });
    if ('skipped' in r) throw new Error(r.skipped);
    expect(r.value.isolated).toBe(true);
    expect(r.value.available).toBe(true);
    expect(r.value.matmul).toBe(true);
    expect(r.value.cases).toBeGreaterThan(100);
    expect(r.value.failures).toEqual([]);
  }, 120_000);
});
