/**
 * The WebGPU benchmark's page (bundled by bench/webgpu/chromium.ts): the same workloads as in
 * Node, on the page's navigator.gpu, ours against tfjs-backend-webgpu.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { pickBackend } from '../../core/backend/select.js';
import type { WebGpuBackend } from '../../core/backend/webgpu/webgpu-backend.js';
import { allGpuRows, type GpuRow, type MeasureOpts } from './workloads.js';

declare const navigator: { readonly gpu?: GPU; readonly userAgent: string };

async function runBench(opts: MeasureOpts): Promise<{ rows: GpuRow[]; reason: string; version: string } | { skipped: string }> {
  const gpu = navigator.gpu;
  if (!gpu) return { skipped: 'this Chromium offers no navigator.gpu' };
  tf.enableProdMode();
  if (!(await tf.setBackend('webgpu'))) return { skipped: 'tfjs could not start its webgpu backend' };
  const pick = await pickBackend('webgpu', () => Promise.resolve(gpu));
  const backend = pick.backend as WebGpuBackend;
  try {
    const rows = await allGpuRows(backend, tf, opts, () => backend.counters());
    const version = /Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? 'unknown';
    return { rows, reason: pick.reason, version };
  } finally {
    backend.dispose();
  }
}

(globalThis as { runBench?: typeof runBench }).runBench = runBench;
