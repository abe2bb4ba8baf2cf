/**
 * The Dataset record every generator returns, the option declarations the
 * generators, the schema and the editor share, and small helpers for building
 * datasets from rows.
 */
import type { AttrSpec } from '../ops/attrs.js';
import type { HostTensor } from '../tensor/tensor.js';
import type { Rng } from '../tensor/random.js';

/** A labelled classification dataset held on the host. */
export interface Dataset {
  /** The generator's name, e.g. `moons`. */
  readonly name: string;
  /** `[N, D]` float32, one flattened sample per row (D = product of `sampleShape`). */
  readonly features: HostTensor;
  /** Class index per sample, whole numbers in `[0, numClasses)`, as float32 so it can feed a `target` port directly. */
  readonly labels: Float32Array;
  readonly numClasses: number;
  /** Shape of one sample before flattening: `[2]` for points, `[1, H, W]` for images. */
  readonly sampleShape: readonly number[];
  /** Display names per class, where the classes have names (digits: `'0'`..`'9'`). */
  readonly classNames?: readonly string[];
}

/** A dataset could not be made: bad options, missing data. The message is one user-facing line. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}

/**
 * One numeric dataset option: an `int` or `number` AttrSpec (so the editor renders it
 * like an op attr), optionally limited to a few values (`digits.size`).
 */
export type DatasetOptionSpec = Extract<AttrSpec, { type: 'number' | 'int' }> & { readonly choices?: readonly number[] };

export type DatasetOptionSpecs = Readonly<Record<string, DatasetOptionSpec>>;

/** The largest seed; `Rng` uses the seed as an unsigned 32-bit word. */
export const MAX_SEED = 0xffffffff;

/** Every dataset takes a seed; the same seed gives the same bytes. */
export const SEED_OPTION = {
  type: 'int',
  default: 0,
  min: 0,
  max: MAX_SEED,
  description: 'Random seed: the same seed gives exactly the same data.',
} as const satisfies DatasetOptionSpec;

/** What is wrong with one option value (`must be >= 0`), or null when it is fine. */
export function checkOption(spec: DatasetOptionSpec, value: unknown): string | null {
  if (typeof value !== 'number') return 'must be a number';
  if (!Number.isFinite(value)) return 'must be a finite number';
  if (spec.type === 'int' && !Number.isInteger(value)) return 'must be an integer';
  if (spec.choices !== undefined) {
    return spec.choices.includes(value) ? null : `must be one of ${spec.choices.join(', ')}`;
  }
  if (spec.min !== undefined) {
    const exclusive = spec.type === 'number' && spec.exclusiveMin === true;
    if (value < spec.min || (exclusive && value === spec.min)) return `must be ${exclusive ? '>' : '>='} ${spec.min}`;
  }
  if (spec.max !== undefined && value > spec.max) return `must be <= ${spec.max}`;
  return null;
}

/** Option values a caller may pass to a generator: any subset of its declared options. */
export type OptionValues<S extends DatasetOptionSpecs> = { readonly [K in keyof S]?: number };

/** Resolved options: declared defaults filled in; options without a default may stay undefined. */
export type ResolvedOptions<S extends DatasetOptionSpecs> = {
  readonly [K in keyof S]: S[K] extends { default: number } ? number : number | undefined;
};

/**
 * Checks caller-supplied options against their specs and fills defaults.
 * Throws DatasetError naming the dataset and the option on the first bad value or unknown key.
 */
export function resolveOptions<S extends DatasetOptionSpecs>(
  dataset: string,
  specs: S,
  opts: Readonly<Record<string, unknown>>,
): ResolvedOptions<S> {
  for (const key of Object.keys(opts)) {
    if (key !== 'name' && !Object.hasOwn(specs, key)) {
      throw new DatasetError(`dataset ${dataset}: unknown option "${key}" (it takes ${Object.keys(specs).join(', ')})`);
    }
  }
  const out: Record<string, number | undefined> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const raw = opts[key];
    if (raw === undefined) {
      out[key] = spec.default;
      continue;
    }
    const problem = checkOption(spec, raw);
    if (problem !== null) throw new DatasetError(`dataset ${dataset}: ${key} ${problem}`);
    out[key] = raw as number;
  }
  return out as ResolvedOptions<S>;
}

/**
 * numpy.linspace(start, stop, n) with the endpoint: `i * step + start`, the last
 * value set to `stop` exactly, `[start]` when n is 1.
 */
export function linspace(start: number, stop: number, n: number): Float64Array {
  const out = new Float64Array(n);
  if (n <= 1) {
    if (n === 1) out[0] = start;
    return out;
  }
  const step = (stop - start) / (n - 1);
  for (let i = 0; i < n; i++) out[i] = i * step + start;
  out[n - 1] = stop;
  return out;
}

/** A seeded random permutation of `0..n-1`. */
export function permutation(n: number, rng: Rng): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  rng.shuffle(idx);
  return idx;
}

/**
 * Builds a dataset from row-major float64 features (rounded to float32 here) and labels,
 * reordering the rows by `order` when given.
 */
export function buildDataset(
  name: string,
  features: ArrayLike<number>,
  labels: ArrayLike<number>,
  numClasses: number,
  sampleShape: readonly number[],
  order?: ArrayLike<number>,
  classNames?: readonly string[],
): Dataset {
  const n = labels.length;
  const d = sampleShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const src = order === undefined ? i : order[i];
    y[i] = labels[src];
    for (let j = 0; j < d; j++) x[i * d + j] = features[src * d + j];
  }
  const ds: Dataset = { name, features: { shape: [n, d], data: x }, labels: y, numClasses, sampleShape: [...sampleShape] };
  return classNames === undefined ? ds : { ...ds, classNames: [...classNames] };
}

/** How many samples each class has. */
export function classCounts(ds: Dataset): number[] {
  const counts = new Array<number>(ds.numClasses).fill(0);
  for (const y of ds.labels) counts[y]++;
  return counts;
}
