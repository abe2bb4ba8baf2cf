/** The Chromium CPU benchmark's table: a column group per pairing, labelled as it ran. */
import { describe, expect, it } from 'vitest';
import type { ChromiumCpuRun, ChromiumMatmulResult, PairingLabels } from '../../bench/chromium-cpu/pairings.js';
import { oursLabel, peerLabel } from '../../bench/chromium-cpu/pairings.js';
import { chromiumCpuTable } from '../../bench/chromium-cpu/table.js';

const ts: PairingLabels = { ours: { kernels: 'js' }, oursKernels: 'js', peer: 'tfjs-cpu', peerThreads: 1 };
const one: PairingLabels = { ours: { kernels: 'auto' }, oursKernels: 'wasm-simd', peer: 'tfjs-wasm', peerThreads: 1, peerBinary: 'tfjs-backend-wasm-simd.wasm' };
const two: PairingLabels = { ...one, peerThreads: 2, peerBinary: 'tfjs-backend-wasm-threaded-simd.wasm' };
const mm = (l: PairingLabels, size: number, ours: number, peer: number): ChromiumMatmulResult => ({ ...l, size, oursGflops: ours, peerGflops: peer, reps: size === 256 ? 25 : 5, maxDiff: 1e-6 });

const run: ChromiumCpuRun = {
  chromium: '156.0.0.0',
  hardwareConcurrency: 2,
  crossOriginIsolated: true,
  workersCrossOriginIsolated: true,
  tfjs: '4.22.0',
  matmul: [mm(ts, 256, 5, 1), mm(ts, 512, 4, 1), mm(one, 256, 40, 20), mm(one, 512, 40, 10), mm(two, 256, 40, 30)],
  steps: [{ ...two, workload: 'spiral 2-100-3, 300 points', oursMs: 0.5, peerMs: 2, reps: 60, oursLoss: [1.4, 1.1], peerLoss: [1.4, 1.1] }],
  notRun: [],
};

describe('Chromium CPU benchmark table', () => {
  it('names each side by what ran, and shows options of ours besides its kernels', () => {
    expect([oursLabel(ts), peerLabel(ts), oursLabel(one), peerLabel(one), peerLabel(two)]).toEqual(['ours-ts', 'tfjs-cpu', 'ours-wasm', 'tfjs-wasm 1t', 'tfjs-wasm 2t']);
    expect(oursLabel({ ours: { kernels: 'auto', precision: 'float32', threads: 4 } as PairingLabels['ours'], oursKernels: 'wasm-simd' })).toBe('ours-wasm 5t');
  });

  it('puts each pairing in its own columns, ratios ours ÷ tfjs, blank where a pairing lacks a size', () => {
    const lines = chromiumCpuTable(run).split('\n');
    expect(lines[1].trim().split(/\s+/)).toEqual(['size', 'ours-ts', 'tfjs-cpu', 'ratio', 'ours-wasm', 'tfjs-wasm', '1t', 'ratio', 'ours-wasm', 'tfjs-wasm', '2t', 'ratio', 'reps', 'max|diff|']);
    expect(lines[2].trim().split(/\s+/)).toEqual(['256', '5.00', '1.00', '5.00x', '40.00', '20.00', '2.00x', '40.00', '30.00', '1.33x', '25', '1.0e-6']);
    expect(lines[3].trim().split(/\s+/)).toEqual(['512', '4.00', '1.00', '4.00x', '40.00', '10.00', '4.00x', '5', '1.0e-6']);
    expect(lines.at(-1)).toMatch(/^spiral 2-100-3, 300 points +ours-wasm +tfjs-wasm 2t +0\.500 +2\.000 +4\.00x +60 +1\.400 -> 1\.100 \| 1\.400 -> 1\.100$/);
  });
});
