/**
 * Shapes of dataset-bound inputs (`attrs.bind`), so that the editor can infer
 * shapes for graphs that train on a dataset without loading or running
 * anything. Synthetic datasets are generated once per training block (they are
 * small); digits needs MNIST files the browser does not have, so its sizes are
 * taken from its options (side × side pixels, 10 classes, about 1000 images
 * per class) — enough for shape labels, which only the batch dimension could
 * get slightly wrong.
 */
import { DatasetError } from '../../core/data/dataset.js';
import { DIGITS_OPTIONS } from '../../core/data/digits.js';
import { makeDataset } from '../../core/data/make-dataset.js';
import { DATASETS, type DatasetSpec } from '../../core/data/registry.js';
import type { GraphDoc, Problem } from '../../core/graph/types.js';
import type { Shape } from '../../core/tensor/shape.js';
import { type LabelEncoding, featureShape, labelShape } from '../../core/train/batches.js';
import { parseTrainingConfig } from '../../core/train/config.js';
import { TrainingError } from '../../core/train/errors.js';

export interface FeedShapesResult {
  readonly shapes: Readonly<Record<string, Shape>>;
  /** Problems of the training block or the bindings, located at the node or at `training`. */
  readonly problems: readonly Problem[];
}

interface DatasetDims {
  readonly rows: number;
  readonly width: number;
  readonly classes: number;
}

const IMAGES_PER_CLASS = 1000;
const dimsCache = new Map<string, DatasetDims | string>();

function datasetDims(spec: DatasetSpec): DatasetDims | string {
  const key = JSON.stringify(spec);
  const cached = dimsCache.get(key);
  if (cached !== undefined) return cached;
  let dims: DatasetDims | string;
  if (DATASETS[spec.name]?.needsExternalData) {
    const size = typeof spec['size'] === 'number' ? spec['size'] : DIGITS_OPTIONS.size.default;
    const perClass = typeof spec['samples'] === 'number' ? Math.min(spec['samples'], IMAGES_PER_CLASS) : IMAGES_PER_CLASS;
    dims = { rows: perClass * 10, width: size * size, classes: 10 };
  } else {
    try {
      const ds = makeDataset(spec);
      dims = { rows: ds.labels.length, width: ds.features.shape[1], classes: ds.numClasses };
    } catch (e) {
      dims = e instanceof DatasetError ? e.message : String(e);
    }
  }
  if (dimsCache.size > 32) dimsCache.clear();
  dimsCache.set(key, dims);
  return dims;
}

function isInts(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((d) => typeof d === 'number' && Number.isInteger(d));
}

/** Feed shapes for every bound input of `doc`, with the problems that prevent some. */
export function boundFeedShapes(doc: GraphDoc): FeedShapesResult {
  const bound = doc.nodes.filter((n) => n.op === 'input' && (n.attrs?.['bind'] === 'features' || n.attrs?.['bind'] === 'labels'));
  if (bound.length === 0) return { shapes: {}, problems: [] };
  const parsed = parseTrainingConfig(doc.training);
  if (!parsed.ok) return { shapes: {}, problems: parsed.messages.map((message) => ({ message, path: 'training' })) };
  const config = parsed.config;
  const dims = datasetDims(config.dataset);
  if (typeof dims === 'string') return { shapes: {}, problems: [{ message: dims, path: 'training.dataset' }] };
  const trainRows = dims.rows - Math.min(Math.round(dims.rows * config.validation), Math.max(dims.rows - 1, 0));
  const batch = Math.min(config.batchSize ?? trainRows, trainRows);
  const shapes: Record<string, Shape> = {};
  const problems: Problem[] = [];
  for (const n of bound) {
    try {
      if (n.attrs?.['bind'] === 'features') {
        const declared = n.attrs['shape'];
        shapes[n.id] = featureShape(n.id, isInts(declared) ? declared : undefined, batch, dims.width);
      } else {
        const enc = n.attrs?.['encoding'];
        const encoding: LabelEncoding = enc === 'onehot' || enc === 'column' ? enc : 'index';
        shapes[n.id] = labelShape(encoding, batch, dims.classes);
      }
    } catch (e) {
      problems.push({ node: n.id, message: e instanceof TrainingError ? e.problems.join('; ') : String(e) });
    }
  }
  return { shapes, problems };
}
