/** The registry, the spec schema's messages, and makeDataset. */
import { describe, expect, it } from 'vitest';
import { DatasetError, checkOption, classCounts } from '../../core/data/dataset.js';
import { makeDataset } from '../../core/data/make-dataset.js';
import { DATASETS, DATASET_NAMES, type DatasetSpec } from '../../core/data/registry.js';
import { datasetSpecSchema, parseDatasetSpec } from '../../core/data/spec-schema.js';
import { makeMoons } from '../../core/data/synthetic.js';

describe('DATASETS', () => {
  it('has one well-formed entry per name, every default within its own range', () => {
    expect(Object.keys(DATASETS)).toEqual([...DATASET_NAMES]);
    for (const name of DATASET_NAMES) {
      const info = DATASETS[name];
      expect(info.name).toBe(name);
      expect(info.description.length).toBeGreaterThan(0);
      expect(info.description).not.toContain('\n');
      expect(info.options.seed).toBeDefined();
      for (const [key, spec] of Object.entries(info.options)) {
        expect(spec.description.length, `${name}.${key}`).toBeGreaterThan(0);
        if (spec.default !== undefined) expect(checkOption(spec, spec.default), `${name}.${key}`).toBeNull();
        else expect(spec.optional, `${name}.${key}`).toBe(true);
      }
    }
  });

  it('builds every self-contained dataset from its defaults', () => {
    for (const name of DATASET_NAMES) {
      if (DATASETS[name].needsExternalData) continue;
      const ds = makeDataset({ name });
      expect(ds.name).toBe(name);
      expect(ds.labels.length).toBeGreaterThan(0);
    }
  });
});

describe('datasetSpecSchema', () => {
  const CASES: readonly [string, unknown, string][] = [
    ['negative noise', { name: 'moons', noise: -1 }, 'training.dataset.noise must be >= 0'],
    ['too large', { name: 'circles', factor: 2 }, 'training.dataset.factor must be <= 0.95'],
    ['fractional count', { name: 'spiral', pointsPerClass: 10.5 }, 'training.dataset.pointsPerClass must be an integer'],
    ['string option', { name: 'blobs', std: '0.5' }, 'training.dataset.std must be a number'],
    ['infinite option', { name: 'blobs', std: Number.POSITIVE_INFINITY }, 'training.dataset.std must be a finite number'],
    ['negative seed', { name: 'xor', seed: -1 }, 'training.dataset.seed must be >= 0'],
    ['size not offered', { name: 'digits', size: 10 }, 'training.dataset.size must be one of 28, 14, 7'],
    ['unknown option', { name: 'moons', factor: 0.5 }, 'training.dataset has unknown option "factor" (moons takes samples, noise, seed)'],
    ['unknown name', { name: 'mnist' }, 'training.dataset.name must be one of xor, circles, moons, spiral, blobs, digits, got "mnist"'],
    ['missing name', { noise: 1 }, 'training.dataset.name is required: one of xor, circles, moons, spiral, blobs, digits'],
    ['not an object', 'moons', 'training.dataset must be an object naming a dataset, such as { "name": "moons" }'],
  ];

  it.each(CASES)('%s', (_, raw, message) => {
    const r = parseDatasetSpec(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.messages[0]).toBe(message);
  });

  it('reports every bad option, under the location it is given', () => {
    const r = parseDatasetSpec({ name: 'spiral', classes: 1, noise: -2 }, 'dataset');
    expect(r).toEqual({ ok: false, messages: ['dataset.classes must be >= 2', 'dataset.noise must be >= 0'] });
  });

  it('accepts valid specs unchanged', () => {
    const spec = { name: 'spiral', classes: 5, pointsPerClass: 20, noise: 0.1, seed: 42 };
    expect(parseDatasetSpec(spec)).toEqual({ ok: true, spec });
    expect(datasetSpecSchema.safeParse({ name: 'digits', size: 7, samples: 100 }).success).toBe(true);
  });
});

describe('makeDataset', () => {
  it('passes the options and seed to the generator', () => {
    const ds = makeDataset({ name: 'moons', samples: 50, noise: 0.2, seed: 3 });
    const direct = makeMoons({ samples: 50, noise: 0.2, seed: 3 });
    expect(ds.features.data).toEqual(direct.features.data);
    expect(ds.labels).toEqual(direct.labels);
    expect(classCounts(makeDataset({ name: 'blobs', classes: 5, pointsPerClass: 7 }))).toEqual([7, 7, 7, 7, 7]);
  });

  it('throws a one-line DatasetError for a bad spec', () => {
    const bad = { name: 'moons', noise: -1 } as DatasetSpec;
    expect(() => makeDataset(bad)).toThrow(new DatasetError('training.dataset.noise must be >= 0'));
  });

  it('says the digits data must be loaded first when no provider gives it', () => {
    expect(() => makeDataset({ name: 'digits' })).toThrow(/digits dataset needs the MNIST data loaded first/);
    expect(() => makeDataset({ name: 'digits' }, {})).toThrow(DatasetError);
  });
});
