/**
 * Shared pieces for the per-family op tests: running one op's forward and
 * backward with a chosen upstream gradient, comparing float32 with float64,
 * and fast-check generators for shapes that broadcast.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import type { SyncBackend } from '../../core/backend/backend.js';
import { Kernels } from '../../core/ops/kernels.js';
import { CounterRng } from '../../core/tensor/counter-random.js';
import { Rng } from '../../core/tensor/random.js';
import { type Shape, sizeOf } from '../../core/tensor/shape.js';
import { type CheckInput, computeOp, gradCheck, type GradCheckOptions, randomInput, resolveAttrs } from './harness.js';

const f64 = createCpuBackend({ precision: 'float64' });
const f32 = createCpuBackend();

/** A tensor literal for tests: shape and row-major values. */
export function t(shape: Shape, data: readonly number[]): CheckInput {
  return { shape, data };
}

/** Forward on the float32 or float64 CPU backend; returns shape and values. */
export function run(opName: string, inputs: readonly CheckInput[], attrs: Record<string, unknown> = {}, precision: 'float32' | 'float64' = 'float64') {
  const backend: SyncBackend = precision === 'float64' ? f64 : f32;
  const op = computeOp(opName);
  const k = new Kernels(backend);
  const out = op.forward({ k, mode: 'eval', random: new CounterRng(1), state: new Map() }, inputs.map((x) => k.upload(x.shape, x.data)), resolveAttrs(op, attrs)).out;
  return { shape: [...out.shape], data: [...backend.readSync(out)] };
}

/** Forward then backward in float64 with an explicit upstream gradient (default all ones). */
export function grads(opName: string, inputs: readonly CheckInput[], attrs: Record<string, unknown> = {}, dyData?: readonly number[]) {
  const op = computeOp(opName);
  const k = new Kernels(f64);
  const resolved = resolveAttrs(op, attrs);
  const ins = inputs.map((x) => k.upload(x.shape, x.data));
  const r = op.forward({ k, mode: 'eval', random: new CounterRng(1), state: new Map() }, ins, resolved);
  const dy = k.upload(r.out.shape, dyData ?? new Array<number>(r.out.size).fill(1));
  const gs = op.backward({ k }, { inputs: ins, out: r.out, dy, attrs: resolved, saved: r.saved, needs: ins.map(() => true), mode: 'eval' });
  return gs.map((g) => (g ? { shape: [...g.shape], data: [...f64.readSync(g)] } : null));
}

/** Element-wise closeness, relative with an absolute floor of 1. */
export function expectClose(actual: readonly number[], expected: readonly number[], tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const err = Math.abs(a - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(err <= tol)) expect.fail(`element ${i}: got ${a}, expected ${expected[i]}`);
  });
}

/**
 * The float32 backend agrees with float64 within `tol`, relative to each value
 * with a floor of 1: operands are O(1), and cancellation (a - b, long sums)
 * leaves float32 only absolute accuracy near zero.
 */
export function expectFloat32Matches(opName: string, inputs: readonly CheckInput[], attrs: Record<string, unknown> = {}, tol = 1e-5): void {
  const a = run(opName, inputs, attrs, 'float32');
  const b = run(opName, inputs, attrs, 'float64');
  expect(a.shape).toEqual(b.shape);
  expectClose(a.data, b.data, tol);
}

export const TOL = 1e-6;

/** Grad-checks and asserts every differentiated port is within `tol`, naming the worst element on failure. */
export function expectGradOk(opName: string, inputs: readonly CheckInput[], opts: GradCheckOptions = {}, tol = TOL): void {
  const r = gradCheck(opName, inputs, opts);
  const bad = r.nonFinite !== '' || r.maxRelError.some((e) => e > tol);
  if (bad) expect.fail(`${opName} ${inputs.map((x) => `[${x.shape.join(', ')}]`).join(' ')}: max rel errors ${r.maxRelError.join(', ')}; worst ${r.worst}${r.nonFinite === '' ? '' : `; ${r.nonFinite}`}`);
}

/** Random values in ±[gap, 1]: clear of 0, where relu, abs and friends have kinks. */
export function awayFromZero(shape: Shape, seed: number, gap = 0.1): CheckInput {
  const rng = new Rng(seed);
  return { shape, data: Float64Array.from({ length: sizeOf(shape) }, () => (rng.uniform(0, 1) < 0.5 ? -1 : 1) * rng.uniform(gap, 1)) };
}

/** Distinct random values (no ties within a reduced group), spaced at least `gap` apart, shuffled. */
export function distinct(shape: Shape, seed: number, gap = 0.05): CheckInput {
  const rng = new Rng(seed);
  const n = sizeOf(shape);
  const values = Array.from({ length: n }, (_, i) => (i - n / 2) * gap);
  rng.shuffle(values);
  return { shape, data: values };
}

export { randomInput };

/** Shapes of rank 0..maxRank with dims 1..maxDim. */
export function shapeArb(minRank = 0, maxRank = 3, maxDim = 3): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/**
 * Two shapes that broadcast together: each is a suffix of a common shape with
 * some dims replaced by 1, so leading-dim and size-1 broadcasting both occur.
 */
export function broadcastPairArb(maxRank = 3, maxDim = 3): fc.Arbitrary<[number[], number[]]> {
  const operand = (full: number[]) =>
    fc.tuple(fc.integer({ min: 0, max: full.length }), fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length })).map(([drop, ones]) =>
      full.map((d, i) => (ones[i] ? 1 : d)).slice(drop),
    );
  return shapeArb(0, maxRank, maxDim).chain((full) => fc.tuple(operand(full), operand(full)));
}

export const seedArb = fc.integer({ min: 1, max: 1_000_000 });
