import { describe, expect, it } from 'vitest';
import { cycleEdgeIndices } from '../../renderer/model/cycle-edges.js';
import { gradBand, gradMagnitude, gradWidth, MAX_WIDTH, MIN_WIDTH } from '../../renderer/model/grad-scale.js';
import { imageLayout, matrixOf, thumbGrid } from '../../renderer/model/tensor-layout.js';
import { cardStat, formatStat, tensorStats } from '../../renderer/model/tensor-stats.js';
import { formatNumber } from '../../renderer/model/tensor-text.js';
import { labelCentre, returnLane, wireGeometry } from '../../renderer/model/wire-geometry.js';

describe('numbers that fit', () => {
  it.each([
    [-12, '-12'],
    [0.731058, '0.731'],
    [-2.78e-7, '-2.78e-7'],
    [1.2e-7, '1.2e-7'],
    [1e-7, '1e-7'],
    [123456, '1.23e5'],
    [9999, '1e4'],
    [1234, '1230'],
    [0.001234, '0.00123'],
    [0.000999, '9.99e-4'],
    [0, '0'],
    [Infinity, '∞'],
    [Number.NaN, 'NaN'],
  ])('%d reads %s', (v, text) => {
    expect(formatNumber(v)).toBe(text);
  });

  it('never needs more than 10 characters for a finite number', () => {
    for (const v of [-1.23456e-300, 9.87654e300, -0.000123456, -99999, 3.14159]) expect(formatNumber(v).length).toBeLessThanOrEqual(10);
  });
});

describe('statistics named once', () => {
  it('computes mean, std, min, max, norm, rms and the share of zeros', () => {
    const st = tensorStats([3, -4, 0, 0]);
    expect(st).toMatchObject({ count: 4, mean: -0.25, min: -4, max: 3, norm: 5, rms: 2.5, zeros: 0.5 });
    expect(st.std).toBeCloseTo(Math.sqrt((3.25 ** 2 + 3.75 ** 2 + 2 * 0.25 ** 2) / 4));
    expect(formatStat('zeros', st)).toBe('50%');
  });

  it('labels a card statistic with the inspector’s name for it', () => {
    expect(cardStat({ data: [-4] }, 'grad')).toMatchObject({ label: '', text: '-4' });
    expect(cardStat({ data: [1, 3] }, 'value')).toMatchObject({ label: 'mean', text: '2' });
    expect(cardStat({ data: [3, -4, 0, 0] }, 'grad')).toMatchObject({ label: 'rms', text: '2.5' });
  });
});

describe('gradient magnitude on a log scale', () => {
  it('widens a wire with log10 |grad|, clamped at both ends', () => {
    expect(gradWidth(0)).toBe(MIN_WIDTH);
    expect(gradWidth(1e-9)).toBe(MIN_WIDTH);
    expect(gradWidth(1e9)).toBe(MAX_WIDTH);
    expect(gradWidth(Infinity)).toBe(MAX_WIDTH);
    expect(gradWidth(Number.NaN)).toBe(MIN_WIDTH);
    expect(gradWidth(4)).toBeGreaterThan(gradWidth(3));
    // Equal steps per decade.
    expect(gradWidth(1e-2) - gradWidth(1e-3)).toBeCloseTo(gradWidth(1e-1) - gradWidth(1e-2));
  });

  it('puts magnitudes into the legend’s bands', () => {
    expect([0, 1e-7, 1e-3, 1, 100, 1e4, Number.NaN].map(gradBand)).toEqual(['zero', 'vanishing', 'small', 'normal', 'large', 'exploding', 'exploding']);
    expect(gradMagnitude([-4])).toBe(4);
    expect(gradMagnitude([3, -4, 0, 0])).toBe(2.5);
  });
});

describe('wires and their labels', () => {
  it('keeps React Flow’s bezier forward and routes a backward wire above both cards', () => {
    const fwd = wireGeometry({ x: 0, y: 0 }, { x: 100, y: 50 }, -20);
    expect(fwd.routed).toBe(false);
    expect(fwd.d).toBe('M0,0 C50,0 50,50 100,50');
    const back = wireGeometry({ x: 300, y: 60 }, { x: 100, y: 60 }, 20);
    expect(back.routed).toBe(true);
    expect(back.mid.y).toBeLessThan(20);
  });

  it('routes a wire to a card wholly below its source through the gap above the target (a wrapped chain)', () => {
    // The source card ends at y 100, the target's starts at y 200: the wire runs back left 30 px above the target.
    const s = { x: 600, y: 60 };
    const t = { x: 100, y: 230 };
    const lane = returnLane(s, t, 100, 200);
    expect(lane).toBe(170);
    const wrap = wireGeometry(s, t, 40, lane);
    expect(wrap.routed).toBe(true);
    expect(wrap.mid.y).toBe(170);
    expect(wrap.d).toBe('M600,60 L600,60 Q624,60 624,84 L624,146 Q624,170 600,170 L100,170 Q76,170 76,194 L76,206 Q76,230 100,230 L100,230');
    // A card of the next row that sits higher than the target lifts the lane above it; a lower card of the source's
    // row, in the stretch the wire crosses, stays above the lane; a card beyond the stretch counts for nothing.
    const cards = [
      { x: 300, y: 180, width: 120, height: 60 },
      { x: 300, y: 40, width: 120, height: 80 },
      { x: 900, y: 150, width: 120, height: 60 },
    ];
    expect(returnLane(s, t, 100, 200, cards)).toBe(150);
    // A band narrower than 48 px but not a crack: through its middle; no band at all: round above instead.
    expect(returnLane(s, t, 100, 200, [{ x: 300, y: 40, width: 120, height: 140 }])).toBe(190);
    expect(returnLane(s, t, 100, 200, [{ x: 300, y: 40, width: 120, height: 155 }])).toBeUndefined();
    // Cards that nearly touch leave no lane, and a wire running forward needs none.
    expect(returnLane(s, t, 100, 110)).toBeUndefined();
    expect(returnLane({ x: 0, y: 0 }, { x: 200, y: 300 }, 100, 200)).toBeUndefined();
  });

  it('places value and gradient boxes on opposite sides, clear of the wire', () => {
    for (const tangent of [{ x: 1, y: 0 }, { x: 0.6, y: 0.8 }, { x: 0.6, y: -0.8 }, { x: 0, y: 1 }, { x: -1, y: 0 }]) {
      const box = { width: 40, height: 13 };
      const a = labelCentre({ x: 0, y: 0 }, tangent, box, 'above');
      const b = labelCentre({ x: 0, y: 0 }, tangent, box, 'below');
      // Signed distance of every corner from the wire's line: all corners of one box on one side, the other's on the other.
      const side = (c: { x: number; y: number }) =>
        [-1, 1].flatMap((sx) => [-1, 1].map((sy) => tangent.x * (c.y + (sy * box.height) / 2) - tangent.y * (c.x + (sx * box.width) / 2)));
      const sa = side(a);
      const sb = side(b);
      expect(sa.every((d) => d > 0) || sa.every((d) => d < 0)).toBe(true);
      expect(Math.sign(sa[0])).toBe(-Math.sign(sb[0]));
      expect(Math.min(...sa.map(Math.abs))).toBeGreaterThanOrEqual(2.9);
    }
  });
});

describe('tensor layouts', () => {
  it('folds leading axes into rows', () => {
    expect(matrixOf([])).toEqual({ rows: 1, cols: 1 });
    expect(matrixOf([2, 3, 4])).toEqual({ rows: 6, cols: 4 });
  });

  it('finds images in NCHW tensors, flattened rows and a first layer’s weights', () => {
    expect(imageLayout([8, 1, 28, 28])).toMatchObject({ count: 8, h: 28, w: 28 });
    expect(imageLayout([2, 16, 5, 5])).toMatchObject({ count: 32, h: 5, w: 5 });
    expect(imageLayout([32, 784])).toMatchObject({ count: 32, h: 28, w: 28 });
    const w1 = imageLayout([196, 64]);
    expect(w1).toMatchObject({ count: 64, h: 14, w: 14 });
    // Pixel (y, x) of unit k is weight [y·14 + x, k].
    expect(w1?.index(3, 1, 2)).toBe((1 * 14 + 2) * 64 + 3);
    expect(imageLayout([2, 8])).toBeUndefined();
  });

  it('averages a tensor into a small thumbnail grid', () => {
    const g = thumbGrid([4, 4], Float32Array.from({ length: 16 }, (_, i) => i), 2, 2);
    expect(Array.from(g.cells)).toEqual([2.5, 4.5, 10.5, 12.5]);
  });
});

describe('cycles in a file', () => {
  it('marks every edge on a cycle and no other', () => {
    const edges = [
      { from: 'x', to: 'q', port: 'a' },
      { from: 'f', to: 'q', port: 'b' },
      { from: 'q', to: 'f', port: 'a' },
      { from: 'z', to: 'f', port: 'b' },
    ];
    expect(cycleEdgeIndices(edges)).toEqual([1, 2]);
    expect(cycleEdgeIndices([{ from: 'a', to: 'a', port: 'x' }])).toEqual([0]);
    expect(cycleEdgeIndices(edges.filter((_, i) => i !== 1))).toEqual([]);
  });
});
