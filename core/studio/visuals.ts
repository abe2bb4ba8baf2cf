/**
 * What the data view draws: the dataset itself, the model's output over the
 * plane of a 2-D dataset (the decision boundary, from the user's own graph),
 * and its predictions on images with a confusion matrix.
 */
import type { Dataset } from '../data/dataset.js';
import type { HostTensor } from '../tensor/tensor.js';
import type { Trainer } from '../train/trainer.js';
import { type BoundaryGrid, type DatasetView, type PredictionsView, SPLIT_TRAIN, SPLIT_VAL } from './protocol.js';

/** Image datasets show this many samples (with predictions under them once trained). */
export const SHOWN_IMAGES = 64;
/** Cells per side of the decision-boundary grid. */
export const GRID = 72;

export function isPlanar(ds: Dataset): boolean {
  return ds.sampleShape.length === 1 && ds.sampleShape[0] === 2;
}

/** Every point of a 2-D set (training rows first), or the first images of the validation split (else training). */
export function datasetView(train: Dataset, val: Dataset | null): DatasetView {
  const base = { name: train.name, numClasses: train.numClasses, classNames: train.classNames, sampleShape: train.sampleShape, trainCount: train.labels.length, valCount: val?.labels.length ?? 0 };
  if (isPlanar(train)) {
    const n = base.trainCount + base.valCount;
    const features = new Float32Array(n * 2);
    const labels = new Float32Array(n);
    features.set(train.features.data);
    labels.set(train.labels);
    if (val) {
      features.set(val.features.data, train.features.data.length);
      labels.set(val.labels, base.trainCount);
    }
    const split = new Uint8Array(n).fill(SPLIT_TRAIN, 0, base.trainCount).fill(SPLIT_VAL, base.trainCount);
    return { ...base, shown: { features, labels, split } };
  }
  const src = val ?? train;
  const rows = Math.min(SHOWN_IMAGES, src.labels.length);
  const width = src.features.shape[1];
  return {
    ...base,
    shown: {
      features: Float32Array.from(src.features.data.subarray(0, rows * width)),
      labels: src.labels.slice(0, rows),
      split: new Uint8Array(rows).fill(val ? SPLIT_VAL : SPLIT_TRAIN),
    },
  };
}

/** The square around the data with a margin, as TensorFlow Playground frames it. */
export function gridExtent(ds: Dataset): { x0: number; x1: number; y0: number; y1: number } {
  const d = ds.features.data;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < d.length; i++) {
    if (d[i] < lo) lo = d[i];
    if (d[i] > hi) hi = d[i];
  }
  if (!Number.isFinite(lo)) return { x0: -1, x1: 1, y0: -1, y1: 1 };
  const pad = Math.max((hi - lo) * 0.1, 0.1);
  return { x0: lo - pad, x1: hi + pad, y0: lo - pad, y1: hi + pad };
}

/**
 * Class probabilities per row from a predictions tensor: kept as they are when
 * the node already gives probabilities (softmax, sigmoid), else softmax over
 * the columns, or a sigmoid around the threshold for a single column.
 */
export function toProbabilities(t: HostTensor, op: string, threshold: number): { classes: number; values: Float32Array; kind: BoundaryGrid['kind'] } {
  const cols = t.shape.length >= 2 ? t.shape[t.shape.length - 1] : 1;
  const rows = cols === 0 ? 0 : t.data.length / cols;
  const given = op === 'softmax' || op === 'sigmoid';
  if (cols === 1) {
    const values = new Float32Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      const p = given ? t.data[r] : 1 / (1 + Math.exp(-(t.data[r] - threshold)));
      values[r * 2] = 1 - p;
      values[r * 2 + 1] = p;
    }
    return { classes: 2, values, kind: given ? 'probability' : 'score' };
  }
  if (given) return { classes: cols, values: Float32Array.from(t.data), kind: 'probability' };
  const values = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let m = -Infinity;
    for (let c = 0; c < cols; c++) m = Math.max(m, t.data[r * cols + c]);
    let s = 0;
    for (let c = 0; c < cols; c++) s += values[r * cols + c] = Math.exp(t.data[r * cols + c] - m);
    for (let c = 0; c < cols; c++) values[r * cols + c] /= s;
  }
  return { classes: cols, values, kind: 'score' };
}

/** The predictions node evaluated on a GRID × GRID lattice over the data. */
export async function boundaryGrid(trainer: Trainer, predictions: string, op: string): Promise<BoundaryGrid> {
  const { x0, x1, y0, y1 } = gridExtent(trainer.train);
  const rows = new Float32Array(GRID * GRID * 2);
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      const k = (j * GRID + i) * 2;
      rows[k] = x0 + ((i + 0.5) / GRID) * (x1 - x0);
      rows[k + 1] = y0 + ((j + 0.5) / GRID) * (y1 - y0);
    }
  }
  const out = await trainer.predict(rows, GRID * GRID, [predictions]);
  const t = out.get(predictions);
  if (!t) throw new Error(`the predictions node "${predictions}" gave no value`);
  const p = toProbabilities(t, op, trainer.config.threshold);
  return { step: trainer.stepCount, size: GRID, x0, x1, y0, y1, classes: p.classes, kind: p.kind, values: p.values };
}

/** Predicted class per row: argmax, or the threshold for a single column. */
export function predictedClasses(t: HostTensor, threshold: number): Int32Array {
  const cols = t.shape.length >= 2 ? t.shape[t.shape.length - 1] : 1;
  const rows = cols === 0 ? 0 : t.data.length / cols;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    if (cols === 1) {
      out[r] = t.data[r] > threshold ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let c = 1; c < cols; c++) if (t.data[r * cols + c] > t.data[r * cols + best]) best = c;
    out[r] = best;
  }
  return out;
}

/** Predictions on the validation split (else the training split): the shown rows' classes and the whole split's confusion matrix. */
export async function predictionsView(trainer: Trainer, predictions: string): Promise<PredictionsView> {
  const split = trainer.val ? 'val' : 'train';
  const ds = trainer.val ?? trainer.train;
  const n = ds.labels.length;
  const out = await trainer.predict(ds.features.data instanceof Float32Array ? ds.features.data : Float32Array.from(ds.features.data), n, [predictions]);
  const t = out.get(predictions);
  if (!t) throw new Error(`the predictions node "${predictions}" gave no value`);
  const classes = predictedClasses(t, trainer.config.threshold);
  const k = Math.max(ds.numClasses, 2);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let r = 0; r < n; r++) {
    const truth = ds.labels[r];
    const guess = classes[r];
    if (truth < k && guess < k) confusion[truth][guess]++;
  }
  return { step: trainer.stepCount, split, predicted: classes.slice(0, isPlanar(ds) ? n : Math.min(SHOWN_IMAGES, n)), confusion };
}
