/**
 * The conformance suite in a Chromium page (bundled by ../conformance-chromium.test.ts): every
 * case on the page's WebGPU (`navigator.gpu`) against the float64 CPU backend computed in the same
 * page, with the Node suite's comparison.
 */
import type { Backend } from '../../../core/backend/backend.js';
import { createCpuBackend } from '../../../core/backend/cpu/cpu-backend.js';
import { createWebGpuBackend } from '../../../core/backend/webgpu/webgpu-backend.js';
import { allCases } from '../conformance-cases.js';
import { failures, runCases, SEED } from '../conformance-check.js';

declare const navigator: { readonly gpu?: GPU };

interface KindResult {
  readonly kind: string;
  readonly cases: number;
  readonly failures: string[];
}

async function runConformance(): Promise<{ adapter: string; kinds: KindResult[] } | { missing: string }> {
  if (!navigator.gpu) return { missing: 'this Chromium offers no navigator.gpu' };
  let gpu: Backend & { readonly adapterName: string };
  try {
    gpu = await createWebGpuBackend(navigator.gpu);
  } catch (e) {
    return { missing: e instanceof Error ? e.message : String(e) };
  }
  const cpu64 = createCpuBackend({ precision: 'float64' });
  try {
    const kinds: KindResult[] = [];
    for (const [kind, cases] of allCases(SEED)) {
      const want = await runCases(cpu64, cases);
      const got = await runCases(gpu, cases);
      kinds.push({ kind, cases: cases.length, failures: failures(cases, got, want) });
    }
    return { adapter: gpu.adapterName, kinds };
  } finally {
    gpu.dispose();
    cpu64.dispose();
  }
}

(globalThis as { runConformance?: typeof runConformance }).runConformance = runConformance;
