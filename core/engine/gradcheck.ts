/**
 * Graph-level gradient checking: centred finite differences, computed in
 * float64 on the CPU, against the analytic gradients of the same graph, for
 * every `param` and `input` the output depends on (cs231n's recipe).
 */
import { createCpuBackend } from '../backend/cpu/cpu-backend.js';
import type { GraphDoc } from '../graph/types.js';
import type { Mode } from '../ops/define-op.js';
import { Rng } from '../tensor/random.js';
import type { HostTensor } from '../tensor/tensor.js';
import { Session } from './executor.js';

export interface GradcheckOptions {
  /** Tensors for dataset-bound inputs (e.g. a first batch), by node id. */
  readonly feeds?: Readonly<Record<string, HostTensor>>;
  readonly mode?: Mode;
  /** Finite-difference step (default 1e-5; the float64 evaluation makes it safe). */
  readonly eps?: number;
  /** Largest acceptable relative error (default 1e-4). */
  readonly threshold?: number;
  /** Elements checked per node at most, sampled with a fixed seed (default 64). */
  readonly maxPerNode?: number;
  /** Seed for params without stored values and for the element sample. */
  readonly seed?: number;
}

export interface NodeCheck {
  readonly id: string;
  readonly op: string;
  readonly checked: number;
  readonly size: number;
  readonly maxRelError: number;
  /** The element with the largest error; the first non-finite one when there is one. */
  readonly worst: { readonly index: number; readonly analytic: number; readonly numeric: number } | null;
  /**
   * Set when a sampled gradient is NaN or ±Infinity (analytic or numeric), e.g.
   * `analytic gradient is NaN at element 3`. Such a node fails whatever the threshold:
   * a relative error with NaN in it compares false with everything, so it cannot be judged by size.
   */
  readonly nonFinite?: string;
}

export interface GradcheckReport {
  readonly threshold: number;
  readonly nodes: readonly NodeCheck[];
  readonly ok: boolean;
}

/** Relative error as cs231n defines it, with a floor so that two near-zero gradients compare as equal. */
export function relativeError(a: number, n: number): number {
  const d = Math.max(Math.abs(a), Math.abs(n), 1e-6);
  return Math.abs(a - n) / d;
}

export async function gradcheck(doc: GraphDoc, opts: GradcheckOptions = {}): Promise<GradcheckReport> {
  const eps = opts.eps ?? 1e-5;
  const threshold = opts.threshold ?? 1e-4;
  const maxPerNode = opts.maxPerNode ?? 64;
  const seed = opts.seed ?? 0;
  const backend = createCpuBackend({ precision: 'float64' });
  const feedShapes = Object.fromEntries(Object.entries(opts.feeds ?? {}).map(([id, t]) => [id, t.shape]));
  const session = new Session(doc, backend, { seed, feedShapes });
  const mode = opts.mode ?? session.mode;
  // Same stochastic stream for every evaluation, so dropout masks agree.
  const rngSeed = seed + 1;

  const base = session.run({ mode, feeds: opts.feeds, rngSeed });
  const plan = base.plan;
  // Class-index labels are data, not differentiable quantities: they are fed but not checked.
  const checked = plan.nodes.filter((n) => n.onPath && (n.op.name === 'param' || (n.op.name === 'input' && n.attrs['bind'] !== 'labels')));
  // Every checked source becomes a feed, so perturbing one is just changing a host array.
  const feeds: Record<string, HostTensor> = {};
  for (const n of plan.nodes) {
    if (n.op.kind !== 'source') continue;
    const v = base.value(n.id);
    if (v) feeds[n.id] = { shape: n.shape, data: Float64Array.from(backend.readSync(v)) };
  }
  const analytic = new Map(checked.map((n) => [n.id, Float64Array.from(backend.readSync(base.grad(n.id) ?? session.k.fill(n.shape, 0)))]));
  base.release();

  const objective = (): number => {
    const r = session.run({ mode, feeds, rngSeed, backward: false });
    const out = backend.readSync(r.output);
    let s = 0;
    for (let i = 0; i < out.length; i++) s += out[i];
    r.release();
    return s;
  };

  const sampler = new Rng(seed + 2);
  const nodes: NodeCheck[] = [];
  for (const n of checked) {
    const data = feeds[n.id].data;
    const grad = analytic.get(n.id) as Float64Array;
    const indices = sampleIndices(data.length, maxPerNode, sampler);
    let maxRel = 0;
    let worst: NodeCheck['worst'] = null;
    let nonFinite: string | undefined;
    for (const i of indices) {
      const orig = data[i];
      data[i] = orig + eps;
      const plus = objective();
      data[i] = orig - eps;
      const minus = objective();
      data[i] = orig;
      const numeric = (plus - minus) / (2 * eps);
      const bad = nonFiniteText(grad[i], numeric);
      if (bad !== undefined) {
        // The first non-finite element is the one reported; the error is infinite, not NaN,
        // so that it sorts above every finite error and still compares as a failure.
        if (nonFinite === undefined) {
          nonFinite = `${bad} at element ${i}`;
          maxRel = Infinity;
          worst = { index: i, analytic: grad[i], numeric };
        }
        continue;
      }
      const err = relativeError(grad[i], numeric);
      if (nonFinite === undefined && (worst === null || err > maxRel)) {
        maxRel = err;
        worst = { index: i, analytic: grad[i], numeric };
      }
    }
    nodes.push({ id: n.id, op: n.op.name, checked: indices.length, size: data.length, maxRelError: maxRel, worst, ...(nonFinite === undefined ? {} : { nonFinite }) });
  }
  session.dispose();
  return { threshold, nodes, ok: nodes.every((n) => n.nonFinite === undefined && n.maxRelError <= threshold) };
}

/** Says which of the two gradients is NaN or infinite (`analytic gradient is NaN`), or undefined when both are finite. */
export function nonFiniteText(analytic: number, numeric: number): string | undefined {
  const a = Number.isFinite(analytic) ? undefined : `analytic gradient is ${analytic}`;
  const n = Number.isFinite(numeric) ? undefined : `numeric gradient is ${numeric}`;
  if (a === undefined && n === undefined) return undefined;
  return [a, n].filter((t) => t !== undefined).join(' and ');
}

/** All indices when few, else a fixed-seed sample without repeats, in ascending order. */
function sampleIndices(n: number, max: number, rng: Rng): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= max) return all;
  rng.shuffle(all);
  return all.slice(0, max).sort((a, b) => a - b);
}
