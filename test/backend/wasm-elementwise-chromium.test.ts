/**
 * The WebAssembly kernels in Chromium, in a worker (where the editor's engine runs them):
 * - in a cross-origin-isolated page, tensors live in the shared heap, every elementwise kernel
 *   gives the TypeScript kernel's bits (the cases of ./wasm-elementwise-cases.ts, which
 *   ./wasm-elementwise.test.ts runs in Node), the matmul stays within 1e-5 of float64, and a
 *   product split across two worker threads has the single-threaded bits;
 * - in a page that is not isolated (no SharedArrayBuffer) the backend falls back cleanly: the
 *   matmul still runs in WebAssembly on staged copies, the rest in TypeScript, no threads.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { skipReason } from '../e2e/browser.js';
import { inBundledPage } from '../e2e/bundled-page.js';

interface Result {
  readonly isolated: boolean;
  readonly kernels: string;
  readonly inHeap: boolean;
  readonly elementwise: boolean;
  readonly cases: number;
  readonly failures: string[];
  readonly threaded: { readonly same: boolean; readonly jobs: number; readonly threads: number } | null;
}

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'chromium', 'wasm-elementwise-page.ts');
// The worker is announced before its script has run: wait for the entry point it defines.
const EXPR = '(async () => { while (!globalThis.runWasmParity) await new Promise((r) => setTimeout(r, 10)); return globalThis.runWasmParity(); })()';

async function inWorker(isolated: boolean): Promise<Result> {
  const r = await inBundledPage<Result>(ENTRY, EXPR, { inWorker: true, crossOriginIsolated: isolated });
  if ('skipped' in r) throw new Error(r.skipped);
  return r.value;
}

describe.skipIf(skipReason !== undefined)('the WebAssembly kernels in Chromium', () => {
  it('in an isolated worker: tensors in the shared heap, the TypeScript kernels\' bits, the matmul within 1e-5, threads with the same bits', async () => {
    const r = await inWorker(true);
    expect(r.isolated).toBe(true);
    expect(r).toMatchObject({ kernels: 'wasm-simd', inHeap: true, elementwise: true });
    expect(r.cases).toBeGreaterThan(100);
    expect(r.failures).toEqual([]);
    expect(r.threaded).toEqual({ same: true, jobs: 1, threads: 3 });
  }, 120_000);

  it('in a worker that is not isolated: falls back to staged WebAssembly matmuls and TypeScript, with no threads', async () => {
    const r = await inWorker(false);
    expect(r.isolated).toBe(false);
    expect(r).toMatchObject({ kernels: 'wasm-simd', inHeap: false, elementwise: false, threaded: null });
    expect(r.failures).toEqual([]);
  }, 120_000);
});
