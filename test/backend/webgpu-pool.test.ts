/**
 * The WebGPU buffer pool under real training: 1,000 steps of the XOR example
 * through the trainer's run loop (as `bpstudio train` drives it: pipelined
 * loss reads, the fused optimiser update, an epoch measured after every
 * full-batch step) leave the GPU buffers and their bytes exactly as they were
 * after a 100-step warm-up. webgpu-backend.test.ts checks the same on a
 * hand-written loop of kernel calls; this one goes through the Session, the
 * ops and the optimiser, which create and release the tensors themselves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolCounts } from '../../core/backend/webgpu/buffer-pool.js';
import type { WebGpuBackend } from '../../core/backend/webgpu/webgpu-backend.js';
import { createTrainer } from '../../core/train/trainer.js';
import { loadExample } from '../examples/example-helpers.js';
import { nodeWebGpu, SKIP_WEBGPU } from './backends.js';

const STEPS = 1000;
const WARM_UP = 100;

describe.skipIf(SKIP_WEBGPU)('WebGPU buffer pool over 1,000 training steps', () => {
  let b: WebGpuBackend;
  beforeAll(async () => {
    b = await nodeWebGpu();
  });
  afterAll(() => b?.dispose());

  it('keeps the buffer count and bytes flat after warm-up (XOR through the trainer)', async () => {
    const trainer = createTrainer(loadExample('xor-mlp'), b);
    try {
      const after: { step: number; stats: Pick<PoolCounts, 'buffers' | 'bytes'> }[] = [];
      const result = await trainer.run({
        epochs: STEPS,
        onProgress: (p) => {
          if (p.type !== 'epoch' || p.record.step < WARM_UP) return;
          const { buffers, bytes } = b.poolStats();
          after.push({ step: p.record.step, stats: { buffers, bytes } });
        },
      });
      expect(result.final.step).toBe(STEPS);
      expect(result.final.accuracy).toBe(1);
      expect(after.length).toBe(STEPS - WARM_UP + 1);
      // Sampled at the same point of every step (after its epoch is measured): any growth shows.
      const warm = after[0].stats;
      const moved = after.filter((a) => a.stats.buffers !== warm.buffers || a.stats.bytes !== warm.bytes);
      const show = (a: (typeof after)[number]) => `step ${a.step}: ${a.stats.buffers} buffers, ${a.stats.bytes} bytes`;
      expect(moved.length === 0 ? [] : [`${moved.length} steps differ from ${show(after[0])}; first ${show(moved[0])}, last ${show(moved[moved.length - 1])}`]).toEqual([]);
    } finally {
      trainer.dispose();
    }
  });
});
