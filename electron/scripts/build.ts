/**
 * Builds the main process and the preload with Vite's build API:
 * - main.js: one ES module for Node 22 (Electron 45), every dependency bundled,
 *   only 'electron' and Node's built-ins left as imports;
 * - preload.cjs: one CommonJS file, because a sandboxed preload can neither
 *   load ES modules nor require anything but a few modules such as 'electron'.
 *
 * Usage: `tsx electron/scripts/build.ts [--out-dir DIR]` (default dist/electron).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Electron 45 ships Chromium 140 and Node 22. */
const CHROME_TARGET = 'chrome140';
const NODE_TARGET = 'node22';

function common(outDir: string): InlineConfig {
  return {
    configFile: false,
    root: repoRoot,
    logLevel: 'warn',
    publicDir: false,
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: { outDir, emptyOutDir: false, minify: false, sourcemap: false, reportCompressedSize: false },
  };
}

/** Builds main.js and preload.cjs into `outDir`. */
export async function buildElectron(outDir: string = path.join(repoRoot, 'dist', 'electron')): Promise<void> {
  const base = common(outDir);
  await build({
    ...base,
    ssr: { noExternal: true, target: 'node' },
    build: {
      ...base.build,
      target: NODE_TARGET,
      ssr: path.join(repoRoot, 'electron', 'main.ts'),
      rollupOptions: { external: ['electron'], output: { format: 'es', entryFileNames: 'main.js' } },
    },
  });
  await build({
    ...base,
    build: {
      ...base.build,
      target: CHROME_TARGET,
      lib: { entry: path.join(repoRoot, 'electron', 'preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
      rollupOptions: { external: ['electron'] },
    },
  });
}

function outDirFromArgs(args: readonly string[]): string | undefined {
  const index = args.indexOf('--out-dir');
  const value = index >= 0 ? args[index + 1] : undefined;
  return value === undefined ? undefined : path.resolve(value);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildElectron(outDirFromArgs(process.argv.slice(2))).catch((error: unknown) => {
    console.error(`build:electron failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
