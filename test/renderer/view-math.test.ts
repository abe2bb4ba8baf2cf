import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { covers, fitOptions, panBy, viewTransform, wheelScale, zoomAbout } from '../../renderer/model/view-math.js';

const LIMITS = { min: 0.02, max: 2.5 };

describe('view gestures', () => {
  it('scales by d3-zoom wheel steps: pixels, lines, pages and macOS pinches', () => {
    expect(wheelScale(-500, 0)).toBeCloseTo(2, 12);
    expect(wheelScale(100, 0)).toBeCloseTo(2 ** -0.2, 12);
    expect(wheelScale(-20, 1)).toBeCloseTo(2, 12);
    expect(wheelScale(1, 2)).toBeCloseTo(0.5, 12);
    expect(wheelScale(-50, 0, true)).toBeCloseTo(2, 12);
  });

  it('keeps the point under the pointer where it is, within the zoom limits', () => {
    fc.assert(
      fc.property(
        fc.record({ x: fc.double({ min: -5000, max: 5000, noNaN: true }), y: fc.double({ min: -5000, max: 5000, noNaN: true }), zoom: fc.double({ min: 0.02, max: 2.5, noNaN: true }) }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.record({ x: fc.double({ min: 0, max: 2000, noNaN: true }), y: fc.double({ min: 0, max: 2000, noNaN: true }) }),
        (v, scale, at) => {
          const next = zoomAbout(v, scale, at, LIMITS);
          expect(next.zoom).toBeGreaterThanOrEqual(LIMITS.min);
          expect(next.zoom).toBeLessThanOrEqual(LIMITS.max);
          // The graph point under `at` before and after.
          expect((at.x - next.x) / next.zoom).toBeCloseTo((at.x - v.x) / v.zoom, 6);
          expect((at.y - next.y) / next.zoom).toBeCloseTo((at.y - v.y) / v.zoom, 6);
        },
      ),
    );
  });

  it('pans by the pointer’s movement and writes React Flow’s transform', () => {
    expect(panBy({ x: 10, y: -5, zoom: 0.5 }, 30, 40)).toEqual({ x: 40, y: 35, zoom: 0.5 });
    expect(viewTransform({ x: 12.5, y: -3, zoom: 0.25 })).toBe('translate(12.5px, -3px) scale(0.25)');
  });

  it('asks for a redraw once the view leaves the drawn area by more than a quarter', () => {
    const drawn = { x0: 0, y0: 0, x1: 1000, y1: 800 };
    expect(covers(drawn, { x0: 200, y0: 100, x1: 1200, y1: 900 })).toBe(true);
    expect(covers(drawn, { x0: 260, y0: 0, x1: 1260, y1: 800 })).toBe(false);
    expect(covers(drawn, { x0: -300, y0: -300, x1: 1300, y1: 1100 })).toBe(false);
  });
});

describe('fit options', () => {
  it('keeps card text readable for small graphs and lets big ones zoom out', () => {
    // Fit shows the whole graph, small or big: no floor that would cut cards off.
    expect(fitOptions(12, 0.02).minZoom).toBe(0.02);
    expect(fitOptions(500, 0.02).minZoom).toBe(0.02);
    // Margins in pixels: the zoom buttons' width on the left, a wrapped chain's return wire on the right.
    expect(fitOptions(12, 0.02).padding).toEqual({ top: '16px', right: '32px', bottom: '16px', left: '52px' });
  });
});
