/**
 * From dataset rows to feeds: which inputs are bound to the dataset, the
 * shape each receives, and the labels in each input's encoding.
 */
import type { Dataset } from '../data/dataset.js';
import type { Structure } from '../engine/structure.js';
import { assertNever } from '../ops/attrs.js';
import { formatShape, type Shape } from '../tensor/shape.js';
import type { HostTensor } from '../tensor/tensor.js';
import { TrainingError } from './errors.js';

export type LabelEncoding = 'index' | 'onehot' | 'column';

/** An input node bound to the dataset (attrs.bind). */
export type Binding =
  | { readonly kind: 'features'; readonly id: string; readonly shape?: readonly number[] }
  | { readonly kind: 'labels'; readonly id: string; readonly encoding: LabelEncoding };

/** The dataset-bound inputs of a graph, in file order; throws TrainingError when none takes the features. */
export function findBindings(structure: Structure): Binding[] {
  const out: Binding[] = [];
  for (const n of structure.nodes) {
    if (n.op.name !== 'input') continue;
    const bind = n.attrs['bind'];
    const declared = n.attrs['shape'] as readonly number[] | undefined;
    if (bind === 'features') out.push({ kind: 'features', id: n.id, shape: declared });
    else if (bind === 'labels') out.push({ kind: 'labels', id: n.id, encoding: (n.attrs['encoding'] as LabelEncoding | undefined) ?? 'index' });
  }
  if (!out.some((b) => b.kind === 'features')) {
    throw new TrainingError('no input is bound to the dataset: set attrs.bind to "features" on the input that takes the samples (and "labels" on the one that takes the targets)');
  }
  return out;
}

/**
 * The shape a features input receives for a batch of `batch` rows of `width` values.
 * Without a declared shape: [batch, width]. A declared shape may hold one -1 (the batch
 * size), e.g. [-1, 1, 14, 14]; without -1 its first dim is taken as the batch dim.
 */
export function featureShape(id: string, declared: readonly number[] | undefined, batch: number, width: number): number[] {
  if (declared === undefined) return [batch, width];
  const holes = declared.filter((d) => d === -1).length;
  if (holes > 1) throw new TrainingError(`input "${id}": attr shape ${formatShape(declared)} has more than one -1`);
  const shape = holes === 1 ? declared.map((d) => (d === -1 ? batch : d)) : [batch, ...declared.slice(1)];
  const size = shape.reduce((a, d) => a * d, 1);
  if (declared.length === 0 || size !== batch * width) {
    throw new TrainingError(
      `input "${id}": attr shape ${formatShape(declared)} does not fit the dataset's samples of ${width} values each (use -1 for the batch size, e.g. [-1, ${width}])`,
    );
  }
  return shape;
}

/** The shape a labels input receives for `batch` rows. */
export function labelShape(encoding: LabelEncoding, batch: number, numClasses: number): Shape {
  switch (encoding) {
    case 'index': return [batch];
    case 'onehot': return [batch, numClasses];
    case 'column': return [batch, 1];
    default: return assertNever(encoding);
  }
}

/** Feed shapes of every binding for a batch of `batch` rows (to build a plan before any data moves). */
export function feedShapes(bindings: readonly Binding[], ds: Dataset, batch: number): Record<string, Shape> {
  const width = ds.features.shape[1];
  const out: Record<string, Shape> = {};
  for (const b of bindings) {
    out[b.id] = b.kind === 'features' ? featureShape(b.id, b.shape, batch, width) : labelShape(b.encoding, batch, ds.numClasses);
  }
  return out;
}

/** A batch ready to run: the feeds, and the class index of each row (for accuracy). */
export interface Batch {
  readonly feeds: Record<string, HostTensor>;
  readonly labels: Float32Array;
}

/** Feeds for rows [start, end) of `ds`, sharing its storage (no copy for features or index labels). */
export function sliceBatch(bindings: readonly Binding[], ds: Dataset, start: number, end: number): Batch {
  const width = ds.features.shape[1];
  return makeBatch(bindings, ds, ds.features.data.subarray(start * width, end * width), ds.labels.subarray(start, end));
}

/**
 * Reusable storage for gathered batches. In Chromium a new typed array of a batch's size costs
 * more than the copy into it (a fresh allocation is mapped, zeroed and faulted in: about 60 µs
 * for the digits' 25 KB, a fifth of a step), so a trainer gathers every step into the same
 * arrays. Two sets alternate, so the batch a pipelined step has queued is not overwritten by
 * the next one before it is read: uploads copy the feeds when queued, but a caller may still hold
 * the previous batch's labels.
 */
export class BatchBuffers {
  private readonly sets: Map<string, Float32Array>[] = [new Map(), new Map()];
  private turn = 0;

  /** Moves to the other set: the arrays handed out until the next call belong to one batch. */
  next(): void {
    this.turn ^= 1;
  }

  /** An array of `n` values for `what` in the current set (its old contents are overwritten by the caller). */
  take(what: string, n: number): Float32Array {
    const set = this.sets[this.turn];
    let a = set.get(what);
    if (a?.length !== n) {
      a = new Float32Array(n);
      set.set(what, a);
    }
    return a;
  }
}

/** Rows at least this wide are copied with TypedArray.set (one view object per row, against a long copy). */
const WIDE_ROW = 64;

/** Feeds for the given rows of `ds`, gathered into fresh arrays, or into `buffers` (see BatchBuffers). */
export function gatherBatch(bindings: readonly Binding[], ds: Dataset, rows: ArrayLike<number>, buffers?: BatchBuffers): Batch {
  const width = ds.features.shape[1];
  buffers?.next();
  const x = buffers ? buffers.take('x', rows.length * width) : new Float32Array(rows.length * width);
  const y = buffers ? buffers.take('y', rows.length) : new Float32Array(rows.length);
  const src = ds.features.data;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    // A narrow row (the spiral's 2 values) is copied value by value: a subarray per row would be a
    // new object per row per step, more than the step's kernels allocate.
    if (width < WIDE_ROW) for (let j = 0, from = r * width, to = i * width; j < width; j++) x[to + j] = src[from + j];
    else x.set(src.subarray(r * width, (r + 1) * width), i * width);
    y[i] = ds.labels[r];
  }
  return makeBatch(bindings, ds, x, y, buffers);
}

function makeBatch(bindings: readonly Binding[], ds: Dataset, x: Float32Array | Float64Array, labels: Float32Array, buffers?: BatchBuffers): Batch {
  const batch = labels.length;
  const shapes = feedShapes(bindings, ds, batch);
  const feeds: Record<string, HostTensor> = {};
  for (const b of bindings) {
    const shape = shapes[b.id];
    if (b.kind === 'features') feeds[b.id] = { shape, data: x };
    else feeds[b.id] = { shape, data: b.encoding === 'onehot' ? oneHot(labels, ds.numClasses, buffers?.take('onehot', labels.length * ds.numClasses)) : labels };
  }
  return { feeds, labels };
}

function oneHot(labels: Float32Array, classes: number, into?: Float32Array): Float32Array {
  const out = into?.fill(0) ?? new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) out[i * classes + labels[i]] = 1;
  return out;
}
