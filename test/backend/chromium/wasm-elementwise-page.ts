/**
 * Bundled into a cross-origin-isolated Chromium worker by ../wasm-elementwise-chromium.test.ts:
 * the WebAssembly kernels' parity cases (elementwise and matmul), where the editor's engine runs them.
 */
import { wasmElementwiseAvailable } from '../../../core/backend/cpu/wasm/elementwise.js';
import { wasmMatmulAvailable } from '../../../core/backend/cpu/wasm/matmul.js';
import { ELEMENTWISE_CASES, runElementwiseCases, runMatmulCases } from '../wasm-elementwise-cases.js';

(globalThis as { runElementwiseParity?: () => unknown }).runElementwiseParity = () => ({
  isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
  available: wasmElementwiseAvailable(),
  cases: ELEMENTWISE_CASES.length,
  matmul: wasmMatmulAvailable(),
  failures: [...runElementwiseCases(ELEMENTWISE_CASES), ...runMatmulCases()],
});
