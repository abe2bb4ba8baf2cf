/**
 * Bundled into a Chromium worker by ../wasm-elementwise-chromium.test.ts, once in a
 * cross-origin-isolated page (as the editor is served) and once in a page that is not: the
 * WebAssembly kernels' parity cases (elementwise, matmul) and the threaded matmul, where the
 * editor's engine runs them.
 */
import { createCpuBackend } from '../../../core/backend/cpu/cpu-backend.js';
import { wasmElementwiseAvailable } from '../../../core/backend/cpu/wasm/elementwise.js';
import { ELEMENTWISE_CASES, runElementwiseCases, runMatmulCases, threadedMatmulSame } from '../wasm-elementwise-cases.js';

(globalThis as { runWasmParity?: () => unknown }).runWasmParity = async () => {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const backend = createCpuBackend({ precision: 'float32' });
  return {
    isolated,
    kernels: backend.kernels,
    inHeap: backend.inHeap,
    elementwise: wasmElementwiseAvailable(),
    cases: ELEMENTWISE_CASES.length,
    // Not isolated, the kernels decline: both backends run TypeScript, and still agree.
    failures: [...runElementwiseCases(ELEMENTWISE_CASES, isolated), ...runMatmulCases()],
    threaded: await threadedMatmulSame(2),
  };
};
