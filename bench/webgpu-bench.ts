/**
 * `npm run bench:webgpu`: our WebGPU backend against tfjs-backend-webgpu on the same adapter, in
 * Node through Dawn (the `webgpu` package) and in headless Chromium (`navigator.gpu`), each in one
 * run: matmul 256/512/1024, the MLP 784-256-10 batch-128 training step and the spiral 2-100-3
 * full-batch step; ms, GFLOP/s, tfjs ÷ ours, dispatches and submits per step, first-step latency.
 * On a machine without a GPU both find SwiftShader, which emulates a GPU on the CPU: only the
 * ratios mean anything there, and the adapter's name is printed with them.
 */
import os from 'node:os';
import { pickBackend } from '../core/backend/select.js';
import { nodeGpu } from '../core/cli/node-gpu.js';
import type { WebGpuBackend } from '../core/backend/webgpu/webgpu-backend.js';
import { allGpuRows, gpuTable, type MeasureOpts } from './webgpu/workloads.js';
import { chromiumGpuRows } from './webgpu/chromium.js';

const OPTS: MeasureOpts = { warmup: 3, minReps: 5, maxReps: 30, budgetMs: 6000 };

async function node(): Promise<void> {
  const gpu = await nodeGpu();
  if ('missing' in gpu) {
    console.log(`Node (Dawn): skipped: ${gpu.missing}`);
    return;
  }
  // tfjs-backend-webgpu finds WebGPU at navigator.gpu; Dawn's globals (GPUBufferUsage...) are set by nodeGpu.
  Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: 'node' }, configurable: true });
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-webgpu');
  tf.enableProdMode();
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its webgpu backend');
  const pick = await pickBackend('webgpu', () => Promise.resolve(gpu));
  const backend = pick.backend as WebGpuBackend;
  console.log(`Node ${process.version} through Dawn, ${pick.reason}`);
  const rows = await allGpuRows(backend, tf, OPTS, () => backend.counters(), (r) => console.log(`  ${r.name}: done`));
  console.log(gpuTable(rows));
  backend.dispose();
}

async function main(): Promise<void> {
  const started = Date.now();
  const only = process.argv[2];
  if (only !== 'chromium') await node();
  if (only !== 'node') {
    console.log('');
    const r = await chromiumGpuRows(OPTS);
    if ('skipped' in r) console.log(`Chromium: skipped: ${r.skipped}`);
    else {
      console.log(`Chromium ${r.version}, ${r.reason}`);
      console.log(gpuTable(r.rows));
    }
  }
  const cpus = os.cpus();
  console.log(`\n${new Date().toISOString()}  ${cpus[0]?.model ?? 'unknown cpu'}, ${cpus.length} cores, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exit(0);
}

await main();
