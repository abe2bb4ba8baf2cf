/**
 * Training on WebGPU follows training on the CPU backend step for step: XOR,
 * the spiral and the digits examples, trained through createTrainer on both
 * with the same seed and data, give the same mini-batch losses within 1e-4
 * relative over the first 100 steps (each step's loss is computed from
 * parameters that every earlier update moved, so this checks forward,
 * backward and the optimiser's fused update together), and the same accuracy
 * after those steps: 100% on XOR, within two points of the CPU's on the
 * spiral and the digits.
 *
 * 100 steps is where the issue asks for the loss comparison, and it is enough
 * for all three to learn (XOR at 100%, the spiral near 98%, the digits near
 * 87%); more would not fit CI's budget on SwiftShader (the spiral's
 * full-batch steps take 0.2–0.4 s each there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../core/backend/backend.js';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { loadMnistRaw } from '../../core/cli/digits-loader.js';
import { createTrainer, type EvalReport } from '../../core/train/trainer.js';
import { nodeWebGpu, SKIP_WEBGPU } from '../backend/backends.js';
import { loadExample } from '../examples/example-helpers.js';

const STEPS = 100;
const LOSS_RTOL = 1e-4;
/** Accuracy points (as a fraction) the WebGPU run may differ from the CPU's by. */
const ACCURACY_POINTS = 0.02;

interface Run {
  readonly losses: number[];
  readonly train: EvalReport;
  readonly val?: EvalReport;
}

async function train(name: string, backend: Backend): Promise<Run> {
  const trainer = createTrainer(loadExample(name), backend, name === 'digits-mlp' ? { digitsRaw: await loadMnistRaw() } : {});
  try {
    const losses: number[] = [];
    for (let i = 0; i < STEPS; i++) losses.push((await trainer.step()).loss);
    const run: Run = { losses, train: await trainer.evaluate('train') };
    return trainer.val ? { ...run, val: await trainer.evaluate('val') } : run;
  } finally {
    trainer.dispose();
  }
}

/** Steps whose losses differ by more than LOSS_RTOL relative, as `step n: got, want`. */
function lossDifferences(got: readonly number[], want: readonly number[]): string[] {
  return want.flatMap((w, i) => (Math.abs(got[i] - w) <= LOSS_RTOL * Math.abs(w) ? [] : [`step ${i + 1}: ${got[i]}, want ${w} (${(Math.abs(got[i] - w) / Math.abs(w)).toExponential(2)} relative)`]));
}

describe.skipIf(SKIP_WEBGPU)('training on WebGPU follows the CPU backend', () => {
  let gpu: Backend;
  beforeAll(async () => {
    gpu = await nodeWebGpu();
  });
  afterAll(() => gpu?.dispose());

  it('XOR: the same losses for 100 steps, and 100% accuracy', async () => {
    const want = await train('xor-mlp', createCpuBackend());
    const got = await train('xor-mlp', gpu);
    expect(lossDifferences(got.losses, want.losses)).toEqual([]);
    expect(want.train.accuracy).toBe(1);
    expect(got.train.accuracy).toBe(1);
  });

  for (const name of ['spiral-relu-net', 'digits-mlp']) {
    it(`${name}: the same losses for 100 steps, and the CPU's accuracy within two points`, async () => {
      const want = await train(name, createCpuBackend());
      const got = await train(name, gpu);
      expect(lossDifferences(got.losses, want.losses)).toEqual([]);
      // The model learned something: a sanity check on the CPU side of the comparison.
      expect(want.train.accuracy).toBeGreaterThan(0.8);
      expect(Math.abs((got.train.accuracy ?? NaN) - (want.train.accuracy ?? NaN))).toBeLessThanOrEqual(ACCURACY_POINTS);
      if (want.val) expect(Math.abs((got.val?.accuracy ?? NaN) - (want.val.accuracy ?? NaN))).toBeLessThanOrEqual(ACCURACY_POINTS);
    });
  }
});

describe.skipIf(SKIP_WEBGPU)('the first step on WebGPU', () => {
  it('has its pipelines compiled before it, and the same loss as without', async () => {
    const gpu = await nodeWebGpu();
    try {
      const plain = createTrainer(loadExample('spiral-relu-net'), gpu);
      const prepared = createTrainer(loadExample('spiral-relu-net'), gpu);
      try {
        // The spiral's kernels are new to this backend: prepare compiles them...
        const before = gpu.counters().pipelines;
        await prepared.prepare();
        expect(gpu.counters().pipelines).toBeGreaterThan(before);
        // ...so the first step compiles nothing, and the throwaway step left the run untouched.
        const compiled = gpu.counters().pipelines;
        const first = await prepared.step();
        expect(gpu.counters().pipelines).toBe(compiled);
        expect(first.loss).toBe((await plain.step()).loss);
      } finally {
        plain.dispose();
        prepared.dispose();
      }
    } finally {
      gpu.dispose();
    }
  }, 120_000);
});
