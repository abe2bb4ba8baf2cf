/**
 * Softmax and log-softmax along one axis, and their gradients. The shape is
 * viewed as [outer, n, inner]; a row is the n elements of one (outer, inner)
 * pair, `inner` apart. Long rows get a workgroup and tree reductions, other
 * rows a thread each (the rule of ./reduce.ts's `cooperative`). Stable: the row's max is
 * subtracted before exp, so no exp argument exceeds 0.
 * Words: rows, n, inner.
 */
import { type Shape, sizeOf } from '../../../tensor/shape.js';
import { type KernelLimits, type KernelSpec, splitWorkgroups } from '../kernel-spec.js';
import { bindings, groupSize, MATH_HELPERS, packWords, perElement, perGroup, u32, workgroupsFor } from '../wgsl.js';
import { cooperative, treeFold, treeSize } from './reduce.js';

interface Rows {
  readonly rows: number;
  readonly n: number;
  readonly inner: number;
}

function rowsOf(shape: Shape, axis: number): Rows {
  const n = shape[axis];
  const inner = sizeOf(shape.slice(axis + 1));
  return { rows: n === 0 ? 0 : sizeOf(shape) / n, n, inner };
}

/** Shared prologue: `n`, `inner`, `base` of row `g`, and `at(k)` for its k-th element. */
const ROW = `  let n = u(1u);
  let inner = u(2u);
  let base = (g / inner) * n * inner + g % inner;`;

/** A row's sum of `term(k)` (a WGSL expression in `k`), left in `name`; in tree mode every thread gets the total. */
function rowSum(name: string, term: string, tree: boolean, wg: number): string {
  if (!tree) return `  var ${name} = 0.0;\n  for (var k = 0u; k < n; k = k + 1u) { ${name} = ${name} + ${term}; }`;
  return `  var ${name}_t = 0.0;
  for (var k = li; k < n; k = k + ${wg}u) { ${name}_t = ${name}_t + ${term}; }
  sh[li] = ${name}_t;
${treeFold('sh', wg, (a, b) => `${a} + ${b}`)}
  let ${name} = sh[0];
  workgroupBarrier();`;
}

function rowMax(name: string, tree: boolean, wg: number): string {
  if (!tree) return `  var ${name} = xs[base];\n  for (var k = 1u; k < n; k = k + 1u) { ${name} = max(${name}, xs[base + k * inner]); }`;
  return `  var ${name}_t = xs[base];
  for (var k = li; k < n; k = k + ${wg}u) { ${name}_t = max(${name}_t, xs[base + k * inner]); }
  sh[li] = ${name}_t;
${treeFold('sh', wg, (a, b) => `max(${a}, ${b})`)}
  let ${name} = sh[0];
  workgroupBarrier();`;
}

function spec(name: string, inputs: string[], shape: Shape, axis: number, body: (tree: boolean, wg: number) => string, limits: KernelLimits): KernelSpec {
  const r = rowsOf(shape, axis);
  const tree = cooperative(r.rows, r.n);
  const wg = tree ? treeSize(limits, r.n) : groupSize(limits);
  const entry = tree ? perGroup(wg, `${ROW}\n${body(tree, wg)}`) : perElement(wg, `  let g = i;\n${ROW}\n${body(tree, wg)}`);
  return {
    key: `${name}/${tree ? 'tree' : 'serial'}/${wg}`,
    code: `${bindings(inputs, 3)}\n${MATH_HELPERS}\n${tree ? `var<workgroup> sh: array<f32, ${wg}>;\n` : ''}${entry}`,
    inputs: inputs.length,
    outShape: shape,
    workgroups: tree ? splitWorkgroups(r.rows, limits) : workgroupsFor(r.rows, wg, limits),
    params: packWords([r.rows, r.n, r.inner].map(u32)),
  };
}

/** The loop writing every element of a row (each thread its share in tree mode). */
function forEachOfRow(tree: boolean, wg: number, stmt: string): string {
  const [from, step] = tree ? ['li', `${wg}u`] : ['0u', '1u'];
  return `  for (var k = ${from}; k < n; k = k + ${step}) {\n    let at = base + k * inner;\n    ${stmt}\n  }`;
}

/**
 * Log-softmax as (x − m) − log1p(r), r = Σ e^{x−m} − 1 summed without the 1 of the max (ties add
 * theirs back), so that a confident row's log-probability near 0 (a small cross-entropy loss)
 * keeps its relative accuracy: m + log(s) in float32 rounds at m's ulp, and log(1 + r) at 1's,
 * which left a loss of 1e-4 with errors of 1e-3 relative and one of 1e-7 at 0.
 */
function logSoftmaxBody(tree: boolean, wg: number): string {
  return `${rowMax('m', tree, wg)}
${rowSum('r', 'select(exp(xs[base + k * inner] - m), 0.0, xs[base + k * inner] == m)', tree, wg)}
${rowSum('ties', 'select(0.0, 1.0, xs[base + k * inner] == m)', tree, wg)}
  let lse = log1pf(r + (ties - 1.0));
${forEachOfRow(tree, wg, 'out[at] = (xs[at] - m) - lse;')}`;
}

export function softmaxKernel(xShape: Shape, axis: number, log: boolean, limits: KernelLimits): KernelSpec {
  if (log) return spec('log_softmax', ['xs'], xShape, axis, logSoftmaxBody, limits);
  return spec('softmax', ['xs'], xShape, axis, (tree, wg) => `${rowMax('m', tree, wg)}
${rowSum('s', 'exp(xs[base + k * inner] - m)', tree, wg)}
${forEachOfRow(tree, wg, 'out[at] = exp(xs[at] - m) / s;')}`, limits);
}

/** Inputs y (the forward output), dy. softmax: dx = y (dy - Σ dy·y); log-softmax: dx = dy - e^y Σ dy. */
export function softmaxGradKernel(shape: Shape, axis: number, log: boolean, limits: KernelLimits): KernelSpec {
  return spec(log ? 'log_softmax_grad' : 'softmax_grad', ['ys', 'dys'], shape, axis, (tree, wg) => `${rowSum('s', log ? 'dys[base + k * inner]' : 'dys[base + k * inner] * ys[base + k * inner]', tree, wg)}
${forEachOfRow(tree, wg, log ? 'out[at] = dys[at] - exp(ys[at]) * s;' : 'out[at] = ys[at] * (dys[at] - s);')}`, limits);
}
