import { describe, expect, it } from 'vitest';
import type { BoundaryGrid, LayerHealth } from '../../core/studio/protocol.js';
import { boundaryPixels, confidence } from '../../renderer/model/boundary-image.js';
import { CLASS_COLORS, classColor, hexRgb } from '../../renderer/model/class-palette.js';
import { summarizeConfusion } from '../../renderer/model/confusion.js';
import { gradNormSeries, histogramBars, sharedRanges, updateRatioSeries } from '../../renderer/model/diagnostics-series.js';
import { greyscalePixels } from '../../renderer/model/image-pixels.js';

describe('boundary pixels', () => {
  const grid = (values: number[], size: number, classes: number): BoundaryGrid => ({ step: 1, size, x0: 0, x1: 1, y0: 0, y1: 1, classes, kind: 'probability', values: Float32Array.from(values) });

  it('colours each cell by its most probable class, pale where unsure, with y0 at the bottom', () => {
    // 1 × 2 would not be square; 2 × 2 cells, 2 classes. Row 0 (bottom): sure of class 0, unsure. Row 1 (top): sure of class 1, chance.
    const px = boundaryPixels(grid([1, 0, 0.6, 0.4, 0, 1, 0.5, 0.5], 2, 2));
    const at = (r: number, c: number): number[] => [...px.slice((r * 2 + c) * 4, (r * 2 + c) * 4 + 4)];
    const blue = hexRgb(CLASS_COLORS[0]);
    const orange = hexRgb(CLASS_COLORS[1]);
    // Top image row is the grid's last row.
    expect(at(0, 0)[3]).toBe(255);
    expect(at(0, 1)).toEqual([255, 255, 255, 255]); // chance: white
    const sureOrange = at(0, 0);
    const sureBlue = at(1, 0);
    const unsureBlue = at(1, 1);
    // Sure cells lean to the class colour (the channel the colour lacks drops most).
    expect(sureBlue[0]).toBeLessThan(sureBlue[2]);
    expect(sureOrange[2]).toBeLessThan(sureOrange[0]);
    expect(Math.abs(sureBlue[0] - blue[0])).toBeLessThan(Math.abs(255 - blue[0]));
    expect(Math.abs(sureOrange[2] - orange[2])).toBeLessThan(Math.abs(255 - orange[2]));
    // Less sure is paler.
    expect(unsureBlue[0]).toBeGreaterThan(sureBlue[0]);
  });

  it('scales confidence from chance to certainty', () => {
    expect(confidence(0.5, 2)).toBe(0);
    expect(confidence(1, 2)).toBe(1);
    expect(confidence(0.1, 10)).toBeCloseTo(0);
    expect(confidence(0.55, 10)).toBeCloseTo(0.5);
  });

  it('cycles colours past the palette', () => {
    expect(classColor(CLASS_COLORS.length)).toBe(CLASS_COLORS[0]);
    expect(new Set(CLASS_COLORS).size).toBe(10);
  });
});

describe('image pixels', () => {
  it('draws ink dark on white, scaling images whose values pass 1', () => {
    const px = greyscalePixels([0, 0, 0, 1, 0.5, 0, 0, 0], 0, 2, 2);
    expect([...px.slice(0, 4)]).toEqual([255, 255, 255, 255]);
    expect(px[12]).toBe(0);
    expect([...greyscalePixels([0, 0, 0, 1, 0.5, 0, 0, 0], 1, 2, 2).slice(0, 4)]).toEqual([128, 128, 128, 255]);
    expect(greyscalePixels([0, 255, 0, 0], 0, 2, 2)[4]).toBe(0);
  });
});

describe('confusion summary', () => {
  it('counts right answers, totals and recall', () => {
    const s = summarizeConfusion([
      [8, 2, 0],
      [1, 9, 0],
      [0, 0, 0],
    ]);
    expect(s.total).toBe(20);
    expect(s.correct).toBe(17);
    expect(s.accuracy).toBeCloseTo(0.85);
    expect(s.rowTotals).toEqual([10, 10, 0]);
    expect(s.recall[0]).toBeCloseTo(0.8);
    expect(s.recall[2]).toBeNaN();
    expect(s.maxOff).toBe(2);
    expect(s.maxDiag).toBe(9);
    expect(summarizeConfusion([]).accuracy).toBeNaN();
  });
});

describe('diagnostics series', () => {
  const layer = (id: string, op: string, lo: number, hi: number, glo: number, ghi: number): LayerHealth => ({
    id,
    op,
    values: { lo, hi, counts: [1, 2, 1] },
    grads: { lo: glo, hi: ghi, counts: [0, 3, 0] },
    mean: 0,
    std: 0.1,
    gradMean: 0,
    gradStd: 0.01,
  });

  it('aligns per-param values over samples, with null where missing', () => {
    const p = (id: string, gradNorm: number, updateRatio: number | null) => ({ id, weightNorm: 1, gradNorm, updateRatio, frozen: false });
    const samples = [
      { step: 0, params: [p('W1', 1, null)], layers: [] },
      { step: 10, params: [p('W1', 0.5, 1e-3), p('b1', NaN, 2e-3)], layers: [] },
    ];
    expect(gradNormSeries(samples)).toEqual({ ids: ['W1', 'b1'], steps: [0, 10], values: [[1, 0.5], [null, null]] });
    expect(updateRatioSeries(samples).values).toEqual([[null, 1e-3], [null, 2e-3]]);
  });

  it('gives tanh layers -1..1, other ops their shared range, and gradients one symmetric range', () => {
    const r = sharedRanges([layer('h1', 'tanh', -1, 1, -0.1, 0.2), layer('h2', 'relu', 0, 3, -1e-3, 1e-3), layer('h3', 'relu', 0, 5, -0.05, 0.05)]);
    expect(r.values.get('h1')).toEqual([-1, 1]);
    expect(r.values.get('h2')).toEqual([0, 5]);
    expect(r.values.get('h3')).toEqual([0, 5]);
    expect(r.grads).toEqual([-0.2, 0.2]);
  });

  it('places bars on the shared axis', () => {
    const bars = histogramBars({ lo: -0.5, hi: 0.5, counts: [1, 0, 2] }, [-1, 1]);
    expect(bars).toHaveLength(2);
    expect(bars[0].x0).toBeCloseTo(0.25);
    expect(bars[0].x1).toBeCloseTo(0.25 + 1 / 6);
    expect(bars[0].height).toBe(0.5);
    expect(bars[1].x1).toBeCloseTo(0.75);
    expect(histogramBars({ lo: 0, hi: 0, counts: [0, 0] }, [-1, 1])).toEqual([]);
  });
});
