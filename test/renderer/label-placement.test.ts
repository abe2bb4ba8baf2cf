/** Wire labels laid out together: clear of cards, wires and each other where there is room. */
import { describe, expect, it } from 'vitest';
import { type LabelJob, placeWireLabels, pointOnWire, type Rect } from '../../renderer/model/label-placement.js';
import { type LabelBox, wireGeometry, type XY } from '../../renderer/model/wire-geometry.js';

const FULL: LabelBox = { width: 44, height: 26 };
const THUMB: LabelBox = { width: 30, height: 12 };
const MINI: LabelBox = { width: 18, height: 8 };

function job(id: string, s: XY, t: XY, boxes: LabelBox[] = [FULL, THUMB, MINI]): LabelJob {
  return { id, geo: wireGeometry(s, t, Math.min(s.y, t.y) - 40), source: s, target: t, above: boxes, below: boxes };
}

function boxAround(c: XY, b: LabelBox): Rect {
  return { x: c.x - b.width / 2, y: c.y - b.height / 2, width: b.width, height: b.height };
}

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Whether the wire of `j`, followed closely, passes through `r`. */
function wireThrough(j: LabelJob, r: Rect): boolean {
  for (let i = 0; i <= 400; i++) {
    const { p } = pointOnWire(j.geo, j.source, j.target, i / 400);
    if (p.x > r.x && p.x < r.x + r.width && p.y > r.y && p.y < r.y + r.height) return true;
  }
  return false;
}

describe('placeWireLabels', () => {
  it('follows the drawn wire: its middle is the geometry midpoint', () => {
    const j = job('w', { x: 0, y: 0 }, { x: 100, y: 60 });
    const { p } = pointOnWire(j.geo, j.source, j.target, 0.5);
    expect(p.x).toBeCloseTo(j.geo.mid.x);
    expect(p.y).toBeCloseTo(j.geo.mid.y);
  });

  it('puts a lone wire\'s full labels at its middle, on either side', () => {
    const j = job('w', { x: 0, y: 100 }, { x: 200, y: 100 });
    const p = placeWireLabels([j], []).get('w');
    expect(p?.variant).toBe(0);
    expect(p?.clear).toBe(true);
    expect(p?.above?.x).toBeCloseTo(100);
    expect(p?.above && p.above.y < 100).toBe(true);
    expect(p?.below && p.below.y > 100).toBe(true);
  });

  it('keeps two wires converging in a narrow gap between cards clear of the cards, both wires and each other', () => {
    // XOR's first gap: X and W1 on the left, 54 px from XW1's ports and b1 below it; W1's wire climbs 95 px across it.
    const cards: Rect[] = [
      { x: -120, y: 40, width: 120, height: 96 },
      { x: -140, y: 150, width: 140, height: 100 },
      { x: 54, y: 40, width: 110, height: 110 },
      { x: 54, y: 160, width: 110, height: 100 },
    ];
    const jobs = [job('a', { x: 0, y: 100 }, { x: 54, y: 95 }), job('b', { x: 0, y: 205 }, { x: 54, y: 110 })];
    const placed = placeWireLabels(jobs, cards);
    const rects: Rect[] = [];
    for (const j of jobs) {
      const p = placed.get(j.id);
      expect(p?.clear, j.id).toBe(true);
      const size = [FULL, THUMB, MINI][p?.variant ?? 0];
      for (const c of [p?.above, p?.below]) {
        if (!c) continue;
        const r = boxAround(c, size);
        for (const card of cards) expect(overlap(r, card), `${j.id} on a card`).toBe(false);
        for (const other of jobs) expect(wireThrough(other, r), `${j.id} on wire ${other.id}`).toBe(false);
        for (const q of rects) expect(overlap(r, q), `${j.id} on another label`).toBe(false);
        rects.push(r);
      }
    }
  });

  it('says when there is no room at all, and takes the spot that covers least', () => {
    // The target's card lies on top of the source's: every spot is on a card.
    const cards: Rect[] = [{ x: -50, y: -50, width: 200, height: 200 }];
    const p = placeWireLabels([job('w', { x: 0, y: 0 }, { x: 40, y: 10 })], cards).get('w');
    expect(p?.clear).toBe(false);
    expect(p?.above).toBeDefined();
  });

  it('keeps labels inside the bounds given (the part of a big graph in view), leaving out a label with no spot there', () => {
    const j = job('w', { x: 0, y: 100 }, { x: 400, y: 100 }, [THUMB]);
    const bounds: Rect = { x: 250, y: 0, width: 200, height: 200 };
    const p = placeWireLabels([j], [], bounds).get('w');
    for (const c of [p?.above, p?.below]) {
      expect(c).toBeDefined();
      const r = boxAround(c ?? { x: NaN, y: NaN }, THUMB);
      expect(r.x >= bounds.x && r.x + r.width <= bounds.x + bounds.width).toBe(true);
    }
    expect(placeWireLabels([j], [], { x: 1000, y: 1000, width: 10, height: 10 }).has('w')).toBe(false);
  });

  it('leaves a wire without labels out', () => {
    expect(placeWireLabels([job('w', { x: 0, y: 0 }, { x: 100, y: 0 }, [])], []).has('w')).toBe(false);
  });
});
