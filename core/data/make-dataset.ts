/** Builds the dataset a DatasetSpec describes. */
import { assertNever } from '../ops/attrs.js';
import { type Dataset, DatasetError } from './dataset.js';
import { DIGITS_OPTIONS, type DigitsSize, digitsFromRaw } from './digits.js';
import type { DatasetProvider, DatasetSpec } from './registry.js';
import { datasetSpecSchema, formatDatasetIssues } from './spec-schema.js';
import { makeBlobs, makeCircles, makeMoons, makeSpiral, makeXor } from './synthetic.js';

/**
 * Makes the dataset a spec describes; options left out take their defaults, seed 0
 * included. Throws DatasetError with a one-line message (`training.dataset.noise must
 * be >= 0`) when the spec is invalid, or when it asks for digits and
 * `provider.digitsRaw` is absent.
 */
export function makeDataset(spec: DatasetSpec, provider: DatasetProvider = {}): Dataset {
  const parsed = datasetSpecSchema.safeParse(spec);
  if (!parsed.success) throw new DatasetError(formatDatasetIssues(parsed.error.issues)[0]);
  const { name } = parsed.data;
  // The schema admits only numbers besides `name`; this narrows the type to match.
  const opts: Record<string, number> = {};
  for (const [key, value] of Object.entries(parsed.data)) if (typeof value === 'number') opts[key] = value;
  switch (name) {
    case 'xor':
      return makeXor(opts);
    case 'circles':
      return makeCircles(opts);
    case 'moons':
      return makeMoons(opts);
    case 'spiral':
      return makeSpiral(opts);
    case 'blobs':
      return makeBlobs(opts);
    case 'digits':
      if (provider.digitsRaw === undefined) {
        throw new DatasetError(
          'the digits dataset needs the MNIST data loaded first: pass provider.digitsRaw (in Node, loadMnistRaw() from core/cli/digits-loader.ts reads it)',
        );
      }
      // The schema has checked size against its choices (28, 14, 7).
      return digitsFromRaw(provider.digitsRaw, { size: (opts.size ?? DIGITS_OPTIONS.size.default) as DigitsSize, samples: opts.samples, seed: opts.seed ?? 0 });
    default:
      return assertNever(name);
  }
}
