/**
 * Reductions over any set of axes and the max-reduction's gradient. An output
 * element's group is the set of x elements that reduce into it. Long groups
 * get a workgroup each and a parallel tree reduction in workgroup memory
 * (see {@link cooperative}); otherwise each group gets one thread, which keeps
 * a reduction over a short axis from idling most of a workgroup per output.
 */
import type { ReduceOp } from '../../backend.js';
import { reducedShape, type Shape, sizeOf, stridesOf } from '../../../tensor/shape.js';
import { type KernelLimits, type KernelSpec, splitWorkgroups } from '../kernel-spec.js';
import { bindings, groupSize, packWords, perElement, perGroup, stridedOffsets, u32, workgroupsFor } from '../wgsl.js';

/** Group size from which a workgroup may cooperate on one output. */
const TREE_MIN = 64;
/** Enough groups to keep a GPU busy with a thread each... */
const MANY_GROUPS = 4096;
/** ...unless each is this long, when a thread each would serialise too much. */
const LONG_GROUP = 4096;

/** Whether a workgroup cooperates on each of `groups` groups of `count` elements (else a thread per group). */
export function cooperative(groups: number, count: number): boolean {
  return count >= TREE_MIN && (groups < MANY_GROUPS || count >= LONG_GROUP);
}

/** Threads of a tree-reducing workgroup: a power of two within the adapter's limit, no more than the group needs. */
export function treeSize(limits: KernelLimits, count: number): number {
  return Math.min(2 ** Math.floor(Math.log2(groupSize(limits))), 2 ** Math.ceil(Math.log2(count)));
}

/** Statements folding `arr[0 .. wg)` into `arr[0]` with `combine(a, b)`; every thread must reach them. */
export function treeFold(arr: string, wg: number, combine: (a: string, b: string) => string): string {
  return `  workgroupBarrier();
  for (var s = ${wg / 2}u; s > 0u; s = s >> 1u) {
    if (li < s) { ${arr}[li] = ${combine(`${arr}[li]`, `${arr}[li + s]`)}; }
    workgroupBarrier();
  }`;
}

/**
 * Geometry of a reduction: G groups (the kept axes, row-major, which is the
 * keepdims output's order) of R elements (the reduced axes, row-major, which
 * is x's memory order, so "first" means lowest offset). Words: G, R, then the
 * kept sizes and x strides, then the reduced sizes and x strides.
 */
interface Reduction {
  readonly groups: number;
  readonly count: number;
  readonly keptRank: number;
  readonly redRank: number;
  readonly words: number[];
}

function reduction(xShape: Shape, axes: readonly number[]): Reduction {
  const sx = stridesOf(xShape);
  const kept = xShape.map((_, i) => i).filter((i) => !axes.includes(i));
  const red = [...axes];
  const groups = sizeOf(kept.map((i) => xShape[i]));
  const count = sizeOf(red.map((i) => xShape[i]));
  const words = [groups, count, ...kept.map((i) => xShape[i]), ...kept.map((i) => sx[i]), ...red.map((i) => xShape[i]), ...red.map((i) => sx[i])];
  return { groups, count, keptRank: kept.length, redRank: red.length, words };
}

/** `base` (offset of group `g`) and the statements giving `ro`, the offset of element `r` within it. */
function offsets(r: Reduction): { base: string; inner: string } {
  const k = r.keptRank;
  return {
    base: stridedOffsets('g', k, 2, [{ name: 'base', at: 2 + k }]),
    inner: stridedOffsets('r', r.redRank, 2 + 2 * k, [{ name: 'ro', at: 2 + 2 * k + r.redRank }]),
  };
}

const COMBINE: Record<ReduceOp, (a: string, b: string) => string> = {
  sum: (a, b) => `${a} + ${b}`,
  max: (a, b) => `max(${a}, ${b})`,
  min: (a, b) => `min(${a}, ${b})`,
};

/**
 * Reduces `axes` (sorted, unique, the group non-empty) of x; keepdims output.
 * The backend fills an empty reduction itself (0, -Infinity or Infinity).
 */
export function reduceKernel(op: ReduceOp, xShape: Shape, axes: readonly number[], limits: KernelLimits): KernelSpec {
  const r = reduction(xShape, axes);
  const { base, inner } = offsets(r);
  const combine = COMBINE[op];
  const init = op === 'sum' ? '0.0' : 'xs[base]';
  const tree = cooperative(r.groups, r.count);
  const wg = tree ? treeSize(limits, r.count) : groupSize(limits);
  const shared = tree ? `var<workgroup> sh: array<f32, ${wg}>;\n` : '';
  const code = tree
    ? perGroup(wg, `${base}
  var acc = ${init};
  for (var r = li; r < u(1u); r = r + ${wg}u) {
${inner}
    acc = ${combine('acc', 'xs[base + ro]')};
  }
  sh[li] = acc;
${treeFold('sh', wg, combine)}
  if (li == 0u) { out[g] = sh[0]; }`)
    : perElement(wg, `  let g = i;
${base}
  var acc = ${init};
  for (var r = 0u; r < u(1u); r = r + 1u) {
${inner}
    acc = ${combine('acc', 'xs[base + ro]')};
  }
  out[g] = acc;`);
  return {
    key: `reduce/${op}/${tree ? 'tree' : 'serial'}/k${r.keptRank}/r${r.redRank}/${wg}`,
    code: `${bindings(['xs'], r.words.length)}\n${shared}${code}`,
    inputs: 1,
    outShape: reducedShape(xShape, axes, true),
    workgroups: tree ? splitWorkgroups(r.groups, limits) : workgroupsFor(r.groups, wg, limits),
    params: packWords(r.words.map(u32)),
  };
}

/** Inputs x, dy (keepdims shape): dy routed to the first maximum of each group, zero elsewhere. */
export function reduceMaxGradKernel(xShape: Shape, axes: readonly number[], limits: KernelLimits): KernelSpec {
  const r = reduction(xShape, axes);
  const { base, inner } = offsets(r);
  const tree = cooperative(r.groups, r.count);
  const wg = tree ? treeSize(limits, r.count) : groupSize(limits);
  // A strictly greater value replaces, and on equal values the lower index wins, so the first maximum is kept.
  const scan = (from: string, step: string): string => `  var bv = xs[base];
  var bi = NONE;
  for (var r = ${from}; r < u(1u); r = r + ${step}) {
${inner}
    let v = xs[base + ro];
    if (bi == NONE || v > bv) { bv = v; bi = r; }
  }`;
  const write = (from: string, step: string): string => `  let d = dys[g];
  for (var r = ${from}; r < u(1u); r = r + ${step}) {
${inner}
    out[base + ro] = select(0.0, d, r == best);
  }`;
  const code = tree
    ? perGroup(wg, `${base}
${scan('li', `${wg}u`)}
  sv[li] = bv;
  si[li] = bi;
  workgroupBarrier();
  for (var s = ${wg / 2}u; s > 0u; s = s >> 1u) {
    if (li < s) {
      let ov = sv[li + s];
      let oi = si[li + s];
      if (oi != NONE && (si[li] == NONE || ov > sv[li] || (ov == sv[li] && oi < si[li]))) { sv[li] = ov; si[li] = oi; }
    }
    workgroupBarrier();
  }
  let best = si[0];
${write('li', `${wg}u`)}`)
    : perElement(wg, `  let g = i;
${base}
${scan('0u', '1u')}
  let best = bi;
${write('0u', '1u')}`);
  const shared = tree ? `var<workgroup> sv: array<f32, ${wg}>;\nvar<workgroup> si: array<u32, ${wg}>;\n` : '';
  return {
    key: `reduce_max_grad/${tree ? 'tree' : 'serial'}/k${r.keptRank}/r${r.redRank}/${wg}`,
    code: `${bindings(['xs', 'dys'], r.words.length)}\nconst NONE = 0xffffffffu;\n${shared}${code}`,
    inputs: 2,
    outShape: xShape,
    workgroups: tree ? splitWorkgroups(r.groups, limits) : workgroupsFor(r.groups, wg, limits),
    params: packWords(r.words.map(u32)),
  };
}
