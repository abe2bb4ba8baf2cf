/** splitDataset and subsetDataset. */
import { describe, expect, it } from 'vitest';
import { type Dataset, DatasetError } from '../../core/data/dataset.js';
import { splitDataset, subsetDataset } from '../../core/data/split.js';

/** Row i has features [i, -i] and label i mod 3, so every row can be traced back. */
function numbered(n: number): Dataset {
  const x = new Float32Array(2 * n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = i;
    x[2 * i + 1] = -i;
    y[i] = i % 3;
  }
  return { name: 'numbered', features: { shape: [n, 2], data: x }, labels: y, numClasses: 3, sampleShape: [2], classNames: ['a', 'b', 'c'] };
}

function rowIds(ds: Dataset): number[] {
  const ids: number[] = [];
  for (let i = 0; i < ds.labels.length; i++) {
    const id = ds.features.data[2 * i];
    expect(ds.features.data[2 * i + 1]).toBe(-id);
    expect(ds.labels[i]).toBe(id % 3);
    ids.push(id);
  }
  return ids;
}

describe('splitDataset', () => {
  it('splits off round(N * fraction) rows; train and val partition the rows, rows intact', () => {
    const { train, val } = splitDataset(numbered(200), 0.2, 1);
    expect(val).not.toBeNull();
    if (val === null) return;
    expect(val.features.shape).toEqual([40, 2]);
    expect(train.features.shape).toEqual([160, 2]);
    const all = [...rowIds(train), ...rowIds(val)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(val.classNames).toEqual(['a', 'b', 'c']);
    expect(val.numClasses).toBe(3);
    expect(val.sampleShape).toEqual([2]);
  });

  it('shuffles deterministically with the seed', () => {
    const a = splitDataset(numbered(50), 0.3, 5);
    const b = splitDataset(numbered(50), 0.3, 5);
    const c = splitDataset(numbered(50), 0.3, 6);
    expect(rowIds(a.train)).toEqual(rowIds(b.train));
    expect(rowIds(a.val ?? a.train)).toEqual(rowIds(b.val ?? b.train));
    expect(rowIds(a.train)).not.toEqual(rowIds(c.train));
    const sorted = [...rowIds(a.train)].sort((p, q) => p - q);
    expect(rowIds(a.train)).not.toEqual(sorted);
  });

  it('returns the dataset unchanged with no validation rows', () => {
    const ds = numbered(10);
    expect(splitDataset(ds, 0, 1)).toEqual({ train: ds, val: null });
    expect(splitDataset(ds, 0.04, 1).val).toBeNull();
    expect(splitDataset(numbered(1), 0.9, 1)).toEqual({ train: numbered(1), val: null });
  });

  it('always leaves a training row', () => {
    const { train, val } = splitDataset(numbered(2), 0.9, 3);
    expect(train.labels.length).toBe(1);
    expect(val?.labels.length).toBe(1);
  });

  it('rejects a fraction outside [0, 1)', () => {
    expect(() => splitDataset(numbered(4), 1, 0)).toThrow(new DatasetError('validation fraction must be in [0, 1), got 1'));
    expect(() => splitDataset(numbered(4), -0.1, 0)).toThrow(DatasetError);
    expect(() => splitDataset(numbered(4), Number.NaN, 0)).toThrow(DatasetError);
  });
});

describe('subsetDataset', () => {
  it('copies the given rows in order', () => {
    const sub = subsetDataset(numbered(10), [7, 2, 2]);
    expect(rowIds(sub)).toEqual([7, 2, 2]);
    expect(sub.features.shape).toEqual([3, 2]);
  });

  it('rejects a row out of range', () => {
    expect(() => subsetDataset(numbered(3), [3])).toThrow('dataset numbered: row 3 is out of range [0, 3)');
  });
});
