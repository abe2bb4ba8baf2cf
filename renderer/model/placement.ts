/**
 * Where a node added without a drop point (a palette click) goes: in free
 * space as near the middle of the view as there is, so it never lands on a
 * card the user already placed.
 */
import type { XY } from './doc-edit.js';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** Space kept between a new card and its neighbours, so that their handles and wires stay apart. */
const GAP = 20;
/** How far the search walks out from the centre, in grid steps of STEP pixels. */
const STEP = 20;
const RINGS = 60;

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;
}

/**
 * The top-left corner, snapped to `grid`, of a `size` card centred as near
 * `centre` as possible without touching any of `boxes` (GAP apart). Candidates
 * are tried nearest first; when the whole searched area is full, the centre.
 */
export function freeSpot(centre: XY, size: Size, boxes: readonly Box[], grid: number): XY {
  // "+ 0" turns -0 into 0, which a saved file would otherwise not round-trip.
  const snap = (v: number) => Math.round(v / grid) * grid + 0;
  const start = { x: snap(centre.x - size.width / 2), y: snap(centre.y - size.height / 2) };
  const candidates: { x: number; y: number; d: number }[] = [];
  for (let i = -RINGS; i <= RINGS; i++) {
    for (let j = -RINGS; j <= RINGS; j++) candidates.push({ x: start.x + snap(i * STEP), y: start.y + snap(j * STEP), d: i * i + j * j });
  }
  // Stable sort: equal distances keep row order, so the result does not depend on the engine.
  candidates.sort((a, b) => a.d - b.d);
  for (const c of candidates) {
    const box = { x: c.x, y: c.y, width: size.width, height: size.height };
    if (!boxes.some((b) => overlaps(box, b))) return { x: c.x, y: c.y };
  }
  return start;
}
