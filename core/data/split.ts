/** Row subsets of a dataset: train/validation splits. */
import { Rng } from '../tensor/random.js';
import { type Dataset, DatasetError, permutation } from './dataset.js';

/** A new dataset holding the given rows of `ds`, in the given order (features and labels copied). */
export function subsetDataset(ds: Dataset, rows: ArrayLike<number>): Dataset {
  const n = ds.labels.length;
  const d = n === 0 ? 0 : ds.features.data.length / n;
  const features = new Float32Array(rows.length * d);
  const labels = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!Number.isInteger(r) || r < 0 || r >= n) throw new DatasetError(`dataset ${ds.name}: row ${r} is out of range [0, ${n})`);
    features.set(ds.features.data.subarray(r * d, (r + 1) * d), i * d);
    labels[i] = ds.labels[r];
  }
  return { ...ds, features: { shape: [rows.length, d], data: features }, labels };
}

/**
 * Splits off a validation set: round(N * validationFraction) rows chosen by a seeded
 * shuffle, the rest for training (both in shuffled order), always leaving at least one
 * training row. With no validation rows the dataset comes back unchanged and `val` is null.
 * Not stratified: class proportions in `val` vary around those of `ds`.
 */
export function splitDataset(ds: Dataset, validationFraction: number, seed: number): { train: Dataset; val: Dataset | null } {
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new DatasetError(`validation fraction must be in [0, 1), got ${validationFraction}`);
  }
  const n = ds.labels.length;
  const nVal = Math.min(Math.round(n * validationFraction), Math.max(n - 1, 0));
  if (nVal === 0) return { train: ds, val: null };
  const order = permutation(n, new Rng(seed));
  return { train: subsetDataset(ds, order.subarray(nVal)), val: subsetDataset(ds, order.subarray(0, nVal)) };
}
