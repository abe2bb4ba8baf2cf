import { describe, expect, it } from 'vitest';
import { type Box, freeSpot } from '../../renderer/model/placement.js';

const size = { width: 120, height: 60 };

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('freeSpot', () => {
  it('centres the card on an empty canvas, on the grid', () => {
    expect(freeSpot({ x: 203, y: 98 }, size, [], 10)).toEqual({ x: 140, y: 70 });
  });

  it('steps aside from cards at the centre, staying near it and on the grid', () => {
    const boxes: Box[] = [
      { x: 100, y: 50, width: 150, height: 90 },
      { x: 260, y: 50, width: 150, height: 90 },
    ];
    const p = freeSpot({ x: 200, y: 100 }, size, boxes, 10);
    expect(Math.abs(p.x % 10)).toBe(0);
    expect(Math.abs(p.y % 10)).toBe(0);
    for (const b of boxes) expect(overlap({ ...p, ...size }, b)).toBe(false);
    expect(Math.hypot(p.x + 60 - 200, p.y + 30 - 100)).toBeLessThan(150);
  });

  it('places a run of new cards without any two overlapping', () => {
    const boxes: Box[] = [];
    for (let i = 0; i < 12; i++) boxes.push({ ...freeSpot({ x: 0, y: 0 }, size, boxes, 10), ...size });
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i], boxes[j])).toBe(false);
  });
});
