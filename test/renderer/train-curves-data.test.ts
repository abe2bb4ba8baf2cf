import { describe, expect, it } from 'vitest';
import { formatShare, formatValue, niceTicks } from '../../renderer/model/chart-format.js';
import { CSV_HEADER, curvesCsv } from '../../renderer/model/curves-csv.js';
import { alignSeries, columnEdges } from '../../renderer/model/downsample.js';
import { newRun } from '../../renderer/model/train-history.js';

describe('alignSeries', () => {
  it('aligns few points exactly on the union of their x', () => {
    const a = alignSeries(
      [
        { x: [1, 2, 3], y: [5, 4, 3] },
        { x: [2, 4], y: [9, 8] },
      ],
      { maxPoints: 100 },
    );
    expect(a.bucketed).toBe(false);
    expect(a.x).toEqual([1, 2, 3, 4]);
    expect(a.ys).toEqual([
      [5, 4, 3, null],
      [null, 9, null, 8],
    ]);
  });

  it('drops non-finite values, and non-positive ones for a log scale', () => {
    const a = alignSeries([{ x: [1, 2, 3, 4], y: [1, NaN, 0, -2] }], { maxPoints: 100, positive: true });
    expect(a.x).toEqual([1]);
    expect(a.ys[0]).toEqual([1]);
    expect(alignSeries([{ x: [1, 2, 3], y: [1, Infinity, 0] }], { maxPoints: 100 }).ys[0]).toEqual([1, 0]);
  });

  it('keeps each column’s min and max in their order past maxPoints, so spikes survive', () => {
    const n = 100_000;
    const x = Array.from({ length: n }, (_, i) => i + 1);
    const y = x.map((s) => 1 / s);
    y[50_000] = 42; // a spike
    y[70_000] = -3; // a dip
    const a = alignSeries([{ x, y }], { maxPoints: 800 });
    expect(a.bucketed).toBe(true);
    expect(a.x.length).toBe(800);
    const ys = a.ys[0].filter((v): v is number => v !== null);
    expect(Math.max(...ys)).toBe(42);
    expect(ys).toContain(1); // step 1
    expect(ys).toContain(42);
    expect(Math.min(...ys)).toBe(-3);
    // Within a column the decreasing curve gives max then min.
    expect(a.ys[0][0]).toBe(1);
    expect(a.ys[0][1]).toBeLessThan(1);
    // x stays increasing.
    for (let i = 1; i < a.x.length; i++) expect(a.x[i]).toBeGreaterThan(a.x[i - 1]);
  });

  it('puts a single point of a sparse series in its column’s first slot', () => {
    const x = Array.from({ length: 1000 }, (_, i) => i);
    const a = alignSeries(
      [
        { x, y: x.map(() => 1) },
        { x: [500], y: [7] },
      ],
      { maxPoints: 100 },
    );
    const at = a.ys[1].indexOf(7);
    expect(at % 2).toBe(0);
    expect(a.ys[1].filter((v) => v !== null)).toEqual([7]);
    expect(Math.abs(a.x[at] - 500)).toBeLessThan(20);
  });

  it('uses finer columns inside a zoomed view', () => {
    const edges = columnEdges(0, 1000, 10, [100, 200]);
    const inside = edges.filter((e) => e >= 100 && e < 200);
    expect(inside.length).toBe(10);
    expect(edges[0]).toBe(0);
    expect(edges.at(-1)).toBe(1000);
    for (let i = 1; i < edges.length; i++) expect(edges[i]).toBeGreaterThan(edges[i - 1]);
    expect(columnEdges(0, 1000, 4)).toEqual([0, 250, 500, 750, 1000]);
    expect(columnEdges(0, 1000, 4, [-5, 2000])).toEqual([0, 250, 500, 750, 1000]);
  });
});

describe('curvesCsv', () => {
  it('writes a row per step with the epoch record of that step, runs one after the other', () => {
    const a = newRun(1, 'sgd lr 0.5');
    a.steps.push(1, 2);
    a.loss.push(0.9, 0.7);
    a.lr.push(0.5, 0.5);
    a.records.push({ step: 2, epoch: 1, loss: 0.65, accuracy: 0.75, valLoss: 0.8, valAccuracy: 0.5, lr: 0.5 });
    const b = newRun(2, 'adam');
    b.records.push({ step: 0, epoch: 0, loss: 1.2, lr: 0.01 });
    b.steps.push(1);
    b.loss.push(1.1);
    b.lr.push(0.01);
    expect(curvesCsv([a, b]).split('\n')).toEqual([
      CSV_HEADER.join(','),
      '1,1,0.9,0.5,,,,,',
      '2,1,0.7,0.5,1,0.75,0.8,0.5,0.65',
      '0,2,,0.01,0,,,,1.2',
      '1,2,1.1,0.01,,,,,',
      '',
    ]);
  });
});

describe('formatting', () => {
  it('formats values compactly', () => {
    expect(formatValue(0.123456)).toBe('0.123');
    expect(formatValue(3e-7)).toBe('3.0e-7');
    expect(formatValue(123456)).toBe('1.2e5');
    expect(formatValue(null)).toBe('–');
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatValue(0)).toBe('0');
    expect(formatShare(0.004)).toBe('0.4%');
    expect(formatShare(0.234)).toBe('23%');
  });

  it('picks round ticks', () => {
    expect(niceTicks(-1.3, 1.3, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(1, 1, 5)).toEqual([]);
  });
});
