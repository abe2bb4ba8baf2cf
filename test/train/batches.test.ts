/** Feeds for dataset-bound inputs: shapes, label encodings, gathering rows. */
import { describe, expect, it } from 'vitest';
import { BatchBuffers, featureShape, feedShapes, gatherBatch, sliceBatch, type Binding } from '../../core/train/batches.js';
import { buildDataset } from '../../core/data/dataset.js';

const ds = buildDataset('toy', [0, 1, 10, 11, 20, 21], [2, 0, 1], 3, [2]);
const bindings: Binding[] = [
  { kind: 'features', id: 'x' },
  { kind: 'labels', id: 'i', encoding: 'index' },
  { kind: 'labels', id: 'o', encoding: 'onehot' },
  { kind: 'labels', id: 'c', encoding: 'column' },
];

describe('batches', () => {
  it('shapes features flat, or by a declared shape with -1 for the batch', () => {
    expect(featureShape('x', undefined, 8, 196)).toEqual([8, 196]);
    expect(featureShape('x', [-1, 1, 14, 14], 8, 196)).toEqual([8, 1, 14, 14]);
    // Without -1 the first dim is the batch dim.
    expect(featureShape('x', [300, 2], 64, 2)).toEqual([64, 2]);
    expect(() => featureShape('x', [-1, 1, 28, 28], 8, 196)).toThrow('input "x": attr shape [-1, 1, 28, 28] does not fit the dataset\'s samples of 196 values each');
    expect(() => featureShape('x', [-1, -1], 8, 196)).toThrow('more than one -1');
  });

  it('encodes labels as indices, one-hot rows or a column', () => {
    expect(feedShapes(bindings, ds, 2)).toEqual({ x: [2, 2], i: [2], o: [2, 3], c: [2, 1] });
    const b = gatherBatch(bindings, ds, [2, 0]);
    expect([...b.feeds['x'].data]).toEqual([20, 21, 0, 1]);
    expect([...b.feeds['i'].data]).toEqual([1, 2]);
    expect([...b.feeds['o'].data]).toEqual([0, 1, 0, 0, 0, 1]);
    expect(b.feeds['c'].shape).toEqual([2, 1]);
    expect([...b.labels]).toEqual([1, 2]);
  });

  it('gathers into two alternating sets of reused buffers, the same values as fresh arrays', () => {
    const buffers = new BatchBuffers();
    const a = gatherBatch(bindings, ds, [2, 0], buffers);
    const b = gatherBatch(bindings, ds, [1, 2], buffers);
    // The second batch does not overwrite the first (a pipelined step may still hold it)...
    expect([...a.feeds['x'].data]).toEqual([20, 21, 0, 1]);
    expect([...a.feeds['o'].data]).toEqual([0, 1, 0, 0, 0, 1]);
    expect(b.feeds['x'].data).not.toBe(a.feeds['x'].data);
    // ...the third reuses the first's arrays, one-hot rows cleared of the old classes.
    const c = gatherBatch(bindings, ds, [0, 1], buffers);
    expect(c.feeds['x'].data).toBe(a.feeds['x'].data);
    expect(c.feeds['o'].data).toBe(a.feeds['o'].data);
    for (const k of ['x', 'i', 'o', 'c']) expect([...c.feeds[k].data]).toEqual([...gatherBatch(bindings, ds, [0, 1]).feeds[k].data]);
    // A batch of another size (an epoch's last) gets arrays of its own length.
    expect(gatherBatch(bindings, ds, [1], buffers).feeds['x'].data.length).toBe(2);
  });

  it('slices contiguous rows without copying', () => {
    const b = sliceBatch(bindings, ds, 1, 3);
    expect([...b.feeds['x'].data]).toEqual([10, 11, 20, 21]);
    expect(b.feeds['x'].data.buffer).toBe(ds.features.data.buffer);
    expect([...b.labels]).toEqual([0, 1]);
  });
});
