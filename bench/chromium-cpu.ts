/**
 * The CPU benchmark's Chromium rows: the workloads of `npm run bench` (matmul 256/512/1024, the
 * MLP 784-256-10 and spiral 2-100-3 training steps) in a dedicated Web Worker of a headless
 * Chromium page, ours against tfjs-cpu and tfjs-wasm, the latter also with threads. The page is
 * served cross-origin isolated (COOP same-origin, COEP require-corp): tfjs-wasm runs threads only
 * where SharedArrayBuffer exists. The page and its workers are bench/chromium-cpu/.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inBundledPage } from '../test/e2e/bundled-page.js';
import { type ChromiumCpuRun, TFJS_WASM_URL } from './chromium-cpu/pairings.js';
import { tfjsWasmDir } from './tfjs-wasm.js';

export type { ChromiumCpuRun, ChromiumMatmulResult, ChromiumStepResult } from './chromium-cpu/pairings.js';
export { chromiumCpuTable } from './chromium-cpu/table.js';

export interface ChromiumCpuOptions {
  /** Matmul sizes (default 256, 512, 1024). */
  readonly sizes?: readonly number[];
  /** The training steps too (default true). */
  readonly steps?: boolean;
  /** Each pairing's progress, a line at a time. */
  readonly log?: (line: string) => void;
}

/** The run, or why Chromium could not be started. */
export type ChromiumCpuResults = ChromiumCpuRun | { readonly skipped: string };

const WASM_BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** Runs every pairing of bench/chromium-cpu/pairings.ts in Chromium: about a minute on two idle cores, a minute and a half on busy ones. */
export async function chromiumCpuRows(opts: ChromiumCpuOptions = {}): Promise<ChromiumCpuResults> {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'chromium-cpu');
  const files = Object.fromEntries(WASM_BINARIES.map((f) => [`${TFJS_WASM_URL}${f}`, path.join(tfjsWasmDir(), f)]));
  const job = { sizes: opts.sizes ?? [256, 512, 1024], steps: opts.steps ?? true };
  const r = await inBundledPage<ChromiumCpuRun>(path.join(dir, 'page.ts'), `globalThis.runCpuBench(${JSON.stringify(job)})`, {
    workers: { worker: path.join(dir, 'worker.ts') },
    files,
    crossOriginIsolated: true,
    onConsole: opts.log,
    onPageError: (m) => opts.log?.(`page error: ${m}`),
  });
  return 'skipped' in r ? r : r.value;
}
