/**
 * Per-op gradient checking for tests: runs one op on the float64 CPU backend,
 * takes L = Σ out · R for a random R, and compares the op's backward pass with
 * centred finite differences of L for every element of every input.
 */
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import type { DeviceTensor } from '../../core/backend/backend.js';
import { nonFiniteText } from '../../core/engine/gradcheck.js';
import { resolveAttr } from '../../core/ops/attrs.js';
import type { ComputeOpDef, Mode } from '../../core/ops/define-op.js';
import { Kernels } from '../../core/ops/kernels.js';
import { getOp } from '../../core/ops/registry.js';
import { CounterRng } from '../../core/tensor/counter-random.js';
import { Rng } from '../../core/tensor/random.js';
import { type Shape, sizeOf } from '../../core/tensor/shape.js';

export interface CheckInput {
  readonly shape: Shape;
  readonly data: ArrayLike<number>;
  /** Data ports (class indices) are not differentiated. */
  readonly noGrad?: boolean;
}

export interface GradCheckOptions {
  readonly attrs?: Record<string, unknown>;
  readonly mode?: Mode;
  readonly eps?: number;
  /** Largest allowed relative error |a - n| / max(|a|, |n|, floor). */
  readonly tol?: number;
  /** Absolute floor for the denominator, so tiny gradients compare absolutely. */
  readonly floor?: number;
  readonly seed?: number;
}

export interface GradCheckReport {
  readonly out: { shape: Shape; data: Float64Array };
  /** Per input port: max relative error (NaN when the port was skipped, Infinity when a gradient is not finite). */
  readonly maxRelError: number[];
  readonly worst: string;
  /** The first NaN or infinite gradient found, e.g. `port x[2]: analytic gradient is NaN`; empty when none. */
  readonly nonFinite: string;
}

const backend = createCpuBackend({ precision: 'float64' });

export function resolveAttrs(op: ComputeOpDef, raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(op.attrs)) {
    const r = resolveAttr(name, spec, raw[name]);
    if (!r.ok) throw new Error(r.message);
    out[name] = r.value;
  }
  return out;
}

/** Forward through `op` on float64; returns the output values. */
export function forward(opName: string, inputs: readonly (CheckInput | undefined)[], opts: GradCheckOptions = {}): { shape: Shape; data: Float64Array } {
  const op = computeOp(opName);
  const k = new Kernels(backend);
  const attrs = resolveAttrs(op, opts.attrs ?? {});
  const ins = inputs.map((x) => (x ? k.upload(x.shape, x.data) : undefined));
  const r = op.forward({ k, mode: opts.mode ?? 'eval', random: new CounterRng(opts.seed ?? 1), state: new Map() }, ins, attrs);
  return { shape: r.out.shape, data: backend.readSync(r.out) as Float64Array };
}

export function computeOp(name: string): ComputeOpDef {
  const op = getOp(name);
  if (!op || op.kind !== 'compute') throw new Error(`no compute op ${name}`);
  return op;
}

/** Checks analytic against numeric gradients; returns the report (tests assert on it). */
export function gradCheck(opName: string, inputs: readonly (CheckInput | undefined)[], opts: GradCheckOptions = {}): GradCheckReport {
  const op = computeOp(opName);
  const attrs = resolveAttrs(op, opts.attrs ?? {});
  // eps 1e-5 in float64: truncation error ~eps² and rounding ~1e-16/eps both stay near 1e-10.
  const eps = opts.eps ?? 1e-5;
  // Below the floor, errors are compared absolutely: finite differences carry ~1e-10 of noise.
  const floor = opts.floor ?? 1e-4;
  const mode = opts.mode ?? 'eval';
  const seed = opts.seed ?? 1;
  // Every evaluation uses the same stochastic stream, so dropout masks match.
  const run = (vals: readonly (Float64Array | undefined)[], k: Kernels) => {
    const ins = inputs.map((x, i) => (x ? k.upload(x.shape, vals[i] as Float64Array) : undefined));
    const r = op.forward({ k, mode, random: new CounterRng(seed), state: new Map(initState(op, inputs, attrs, k)) }, ins, attrs);
    return { ins, r };
  };
  const vals = inputs.map((x) => (x ? Float64Array.from(x.data) : undefined));
  const k = new Kernels(backend);
  const { ins, r } = run(vals, k);
  const outData = backend.readSync(r.out) as Float64Array;
  const rng = new Rng(seed + 7);
  const R = Float64Array.from({ length: sizeOf(r.out.shape) }, () => rng.uniform(-1, 1));
  const dy = k.upload(r.out.shape, R);
  const needs = inputs.map((x) => !!x && !x.noGrad);
  const grads = op.backward({ k }, { inputs: ins, out: r.out, dy, attrs, saved: r.saved, needs, mode });

  const loss = (v: readonly (Float64Array | undefined)[]) => {
    const kk = new Kernels(backend);
    const o = backend.readSync(run(v, kk).r.out);
    let s = 0;
    for (let i = 0; i < o.length; i++) s += o[i] * R[i];
    return s;
  };

  const maxRelError: number[] = [];
  let worst = '';
  let worstErr = -1;
  let nonFinite = '';
  inputs.forEach((x, p) => {
    if (!x || x.noGrad) {
      maxRelError.push(NaN);
      return;
    }
    const g = grads[p] as DeviceTensor | null;
    if (!g) throw new Error(`${opName}: no gradient for port ${p}`);
    if (g.shape.join() !== x.shape.join()) throw new Error(`${opName}: gradient for port ${p} has shape [${g.shape}] not [${x.shape}]`);
    const analytic = backend.readSync(g);
    let m = 0;
    const v = vals[p] as Float64Array;
    for (let i = 0; i < v.length; i++) {
      const orig = v[i];
      v[i] = orig + eps;
      const lp = loss(vals);
      v[i] = orig - eps;
      const lm = loss(vals);
      v[i] = orig;
      const numeric = (lp - lm) / (2 * eps);
      const a = analytic[i];
      // NaN compares false with everything, so `err > m` would pass it silently: a non-finite
      // gradient is an infinite error, reported by element.
      const bad = nonFiniteText(a, numeric);
      if (bad !== undefined && nonFinite === '') nonFinite = `port ${op.inputs[p].name}[${i}]: ${bad}`;
      const err = bad !== undefined ? Infinity : Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), floor);
      if (err > m) m = err;
      if (err > worstErr) {
        worstErr = err;
        worst = `port ${op.inputs[p].name}[${i}]: analytic ${a}, numeric ${numeric}`;
      }
    }
    maxRelError.push(m);
  });
  return { out: { shape: r.out.shape, data: outData }, maxRelError, worst, nonFinite };
}

function initState(op: ComputeOpDef, inputs: readonly (CheckInput | undefined)[], attrs: Record<string, unknown>, k: Kernels): [string, DeviceTensor][] {
  if (!op.initState) return [];
  return Object.entries(op.initState(inputs.map((x) => x?.shape), attrs)).map(([name, t]) => [name, k.upload(t.shape, t.data)]);
}

/** Random values in [lo, hi) for a shape, from a seed. */
export function randomInput(shape: Shape, seed: number, lo = -1, hi = 1): CheckInput {
  const rng = new Rng(seed);
  return { shape, data: Float64Array.from({ length: sizeOf(shape) }, () => rng.uniform(lo, hi)) };
}
