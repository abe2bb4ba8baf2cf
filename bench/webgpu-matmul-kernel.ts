/**
 * The WGSL matmul kernel alone on Dawn, square sizes, one line per tiling:
 * median ms of a dispatch (submit to onSubmittedWorkDone; pipeline build,
 * upload and a warm-up dispatch excluded) and GFLOP/s. For comparing tilings
 * with each other: without a GPU, Dawn runs on SwiftShader, a CPU emulation.
 *
 *   npx tsx bench/webgpu-matmul-kernel.ts [sizes, default 256,512,1024] [variant numbers, default all]
 *
 * Figures, 2026-12-01, SwiftShader 5.0.0 (Subzero) on a 2-core container at
 * load ~15 (other jobs), so absolute numbers are meaningless and ±30% noise;
 * round-robin runs, GFLOP/s at 256 / 512 / 1024 (1024 from a separate run):
 *   8x8 threads, 8x8 each, TK 16 (64x64 tile)      0.27 / 0.27 / 0.31   shipped
 *   8x8 threads, 8x8 each, TK 8 (64x64 tile)       0.27 / 0.23 / 0.18
 *   16x16 threads, 8x8 each, TK 8 (128x128 tile)   0.24 / 0.23 / 0.15
 *   16x16 threads, 4x4 each, TK 16 (64x64 tile)    0.14 / 0.16 / –
 *   8x8 threads, 4x4 each, TK 16 (32x32 tile)      0.14 / 0.14 / 0.11   fallback
 *   simple, one output per thread                  0.02 / 0.03 / –      (earlier run)
 * 8 x 8 outputs per thread about doubles 4 x 4 here (half the workgroup-memory
 * reads per multiply-add). A real GPU may rank them differently; rerun there.
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_KERNEL_LIMITS } from '../core/backend/webgpu/kernel-spec.js';
import { MATMUL_TILINGS, type MatmulTiling, matmulKernelWith } from '../core/backend/webgpu/kernels/matmul.js';
import { Rng } from '../core/tensor/random.js';
import { createTestDevice, prepareKernel } from '../test/backend/webgpu-kernel-runner.js';
import { median } from './stats.js';

/** Tilings compared; the shipped ones are MATMUL_TILINGS, listed first. */
const CANDIDATES: readonly MatmulTiling[] = [
  ...MATMUL_TILINGS,
  { wx: 8, wy: 8, rm: 8, rn: 8, tk: 8 },
  { wx: 16, wy: 16, rm: 8, rn: 8, tk: 8 },
  { wx: 16, wy: 16, rm: 4, rn: 4, tk: 16 },
  { wx: 16, wy: 16, rm: 4, rn: 4, tk: 8 },
  { wx: 16, wy: 8, rm: 8, rn: 4, tk: 8 },
];

function describe(v: MatmulTiling | 'simple'): string {
  if (v === 'simple') return 'simple (one output per thread)';
  return `${v.wx}x${v.wy} threads, ${v.rm}x${v.rn} each, TK ${v.tk} (${v.wy * v.rm}x${v.wx * v.rn} tile)`;
}

async function main(): Promise<void> {
  const sizes = (process.argv[2] ?? '256,512,1024').split(',').map(Number);
  const gpu = await createTestDevice();
  if (gpu.device === null) throw new Error(gpu.reason);
  const device = gpu.device;
  console.log(`adapter: ${gpu.adapterName}`);
  const limits = {
    ...DEFAULT_KERNEL_LIMITS,
    maxWorkgroupStorageSize: device.limits.maxComputeWorkgroupStorageSize,
    maxInvocationsPerWorkgroup: device.limits.maxComputeInvocationsPerWorkgroup,
  };
  const all: (MatmulTiling | 'simple')[] = [...CANDIDATES, 'simple'];
  const pick = process.argv[3]?.split(',').map(Number);
  const variants = pick === undefined ? all : pick.map((i) => all[i]);
  all.forEach((v, i) => console.log(`${i}: ${describe(v)}`));
  for (const size of sizes) {
    const rng = new Rng(size);
    const a = Float32Array.from({ length: size * size }, () => rng.uniform(-1, 1));
    const b = Float32Array.from({ length: size * size }, () => rng.uniform(-1, 1));
    const reps = size >= 1024 ? 3 : 7;
    const runs = [];
    for (const v of variants) {
      const k = await prepareKernel(device, matmulKernelWith([size, size], [size, size], false, false, limits, v), [a, b]);
      runs.push({ v, k, times: [] as number[] });
    }
    // Round-robin, one dispatch of each variant per round, so that load from
    // other processes falls on all of them alike; round -1 is the warm-up.
    for (let r = -1; r < reps; r++) {
      for (const run of runs) {
        const t0 = performance.now();
        const encoder = device.createCommandEncoder();
        run.k.encode(encoder);
        device.queue.submit([encoder.finish()]);
        await device.queue.onSubmittedWorkDone();
        if (r >= 0) run.times.push(performance.now() - t0);
      }
    }
    for (const { v, k, times } of runs) {
      // A spot check that the variant computed the product: one element against a float64 dot product.
      const c = await k.read();
      const i = size >> 1;
      const j = size - 1;
      let want = 0;
      for (let q = 0; q < size; q++) want += a[i * size + q] * b[q * size + j];
      const ok = Math.abs(c[i * size + j] - want) <= 1e-3 * Math.max(1, Math.abs(want));
      k.destroy();
      const ms = median(times);
      const gflops = (2 * size ** 3) / (ms * 1e6);
      console.log(`${String(size).padStart(5)}  ${describe(v).padEnd(48)} ${ms.toFixed(1).padStart(9)} ms ${gflops.toFixed(2).padStart(8)} GFLOP/s${ok ? '' : '  WRONG RESULT'}`);
    }
  }
  device.destroy();
}

await main();
