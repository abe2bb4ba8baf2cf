/**
 * The dataset registry: one record per dataset (its name, description and
 * option specs), from which the editor renders fields and the schema
 * (spec-schema.ts) checks files; make-dataset.ts builds the data.
 */
import type { DatasetOptionSpecs } from './dataset.js';
import { DIGITS_OPTIONS } from './digits.js';
import { BLOBS_OPTIONS, CIRCLES_OPTIONS, MOONS_OPTIONS, SPIRAL_OPTIONS, XOR_OPTIONS } from './synthetic.js';

export const DATASET_NAMES = ['xor', 'circles', 'moons', 'spiral', 'blobs', 'digits'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/**
 * Which dataset to make and with what options, as written in a graph file's
 * `training.dataset`. Options not given take their defaults from `DATASETS`.
 */
export interface DatasetSpec {
  readonly name: DatasetName;
  readonly seed?: number;
  readonly [option: string]: number | string | undefined;
}

/** What the editor and `--help` show for one dataset. */
export interface DatasetInfo {
  readonly name: DatasetName;
  /** Short title for menus. */
  readonly label: string;
  /** One line. */
  readonly description: string;
  /** Every option, `seed` included, with type, default and range. */
  readonly options: DatasetOptionSpecs;
  /** True when the data must be loaded before `makeDataset` can run (see DatasetProvider). */
  readonly needsExternalData: boolean;
}

export const DATASETS: Readonly<Record<DatasetName, DatasetInfo>> = {
  xor: { name: 'xor', label: 'XOR', description: 'The four corners of the unit square, labelled a xor b.', options: XOR_OPTIONS, needsExternalData: false },
  circles: { name: 'circles', label: 'Circles', description: 'Two concentric circles: outer is class 0, inner class 1.', options: CIRCLES_OPTIONS, needsExternalData: false },
  moons: { name: 'moons', label: 'Two moons', description: 'Two interleaving half circles.', options: MOONS_OPTIONS, needsExternalData: false },
  spiral: { name: 'spiral', label: 'Spiral', description: 'K interleaved spiral arms, as in the cs231n notes.', options: SPIRAL_OPTIONS, needsExternalData: false },
  blobs: { name: 'blobs', label: 'Blobs', description: 'Gaussian blobs with centres evenly spaced on a circle.', options: BLOBS_OPTIONS, needsExternalData: false },
  digits: { name: 'digits', label: 'MNIST digits', description: 'About 10,000 real handwritten digits 0-9 (MNIST), 28x28 or pooled to 14x14 or 7x7.', options: DIGITS_OPTIONS, needsExternalData: true },
};

/** Data that `makeDataset` cannot produce on its own. `digitsRaw[c]`: class c's 28x28 images, concatenated. */
export interface DatasetProvider {
  readonly digitsRaw?: readonly ArrayLike<number>[];
}
