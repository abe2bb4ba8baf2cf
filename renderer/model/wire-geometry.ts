/**
 * Where a wire runs and where its labels go. Forward wires are React Flow's
 * bezier (same control points), so nothing moves for existing graphs; a wire
 * whose target lies left of its source (the back edge of a cycle, or cards
 * placed out of order) would run straight behind the cards, so it is routed
 * around: above both of them, or, when the target's card lies wholly below
 * the source's (a long chain wrapped onto a second row), through the gap
 * just above the target, like a carriage return. Labels sit beside the wire's midpoint, value on
 * one side and gradient on the other, far enough along the normal that their
 * boxes clear the wire and so each other.
 */

export interface XY {
  readonly x: number;
  readonly y: number;
}

export interface WireGeometry {
  /** SVG path data. */
  readonly d: string;
  /** The point labels are placed around. */
  readonly mid: XY;
  /** The direction of flow at `mid` (unit vector). */
  readonly tangent: XY;
  /** The direction of flow where the wire enters its target (unit vector), for the arrowhead. */
  readonly endTangent: XY;
  /** True when the wire was routed around the cards. */
  readonly routed: boolean;
}

/** A wire whose target is left of its source by more than this is routed around (cards that touch keep their short bezier). */
const ROUTE_BELOW_DX = -10;
/** How far a routed wire leaves its handles horizontally, and its corner radius. */
export const ROUTE_REACH = 24;

function unit(x: number, y: number): XY {
  const l = Math.hypot(x, y);
  return l === 0 ? { x: 1, y: 0 } : { x: x / l, y: y / l };
}

/** The narrowest band between cards a carriage-return wire squeezes through rather than going round above them all. */
const MIN_BAND = 12;
/** How far above the target's card a carriage-return wire runs, at most (half the gap between the cards where that is less). */
const RETURN_ABOVE = 30;

export interface CardEdges {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Where a wire from source handle `s` (its card's bottom edge at `sourceBottom`) to target handle `t` (its card's
 * top edge at `targetTop`) runs back left, if it goes round below the source: in the lowest band between the two
 * that is clear of `cards` across the stretch the wire crosses (on a wrapped chain, the gap above the next row), at
 * most 30 px above the band's bottom (failing that, the middle of the widest band of at least 12 px); or undefined
 * when there is none and it goes round above instead.
 */
export function returnLane(s: XY, t: XY, sourceBottom: number, targetTop: number, cards: Iterable<CardEdges> = []): number | undefined {
  if (t.x - s.x >= ROUTE_BELOW_DX) return undefined;
  const x0 = t.x - 2 * ROUTE_REACH;
  const x1 = s.x + 2 * ROUTE_REACH;
  // The vertical extents of the cards in the way, between the two cards.
  const taken: [number, number][] = [];
  for (const c of cards) {
    if (c.x >= x1 || c.x + c.width <= x0 || c.y + c.height <= sourceBottom || c.y >= targetTop) continue;
    taken.push([Math.max(c.y, sourceBottom), Math.min(c.y + c.height, targetTop)]);
  }
  // Sweep from the target up: the first clear band wide enough, just above what lies below it; failing that, the
  // middle of the widest band that is not a mere crack (cards grown by a Run's results can narrow the gap between rows).
  taken.sort((a, b) => b[1] - a[1]);
  let floor = targetTop;
  let widest = { size: MIN_BAND, lane: undefined as number | undefined };
  for (const [top, bottom] of [...taken, [sourceBottom, sourceBottom] as [number, number]]) {
    const size = floor - bottom;
    if (size >= 2 * ROUTE_REACH) return floor - Math.min(RETURN_ABOVE, size / 2);
    if (size >= widest.size) widest = { size, lane: floor - size / 2 };
    floor = Math.min(floor, top);
  }
  return widest.lane;
}

/**
 * The wire from a source handle `s` to a target handle `t`. `top` is the
 * highest card edge of the two nodes (flow y), above which a routed wire runs;
 * `lane`, when given (see returnLane), is where it runs instead, below the source.
 */
export function wireGeometry(s: XY, t: XY, top: number, lane?: number): WireGeometry {
  const dx = t.x - s.x;
  if (dx >= ROUTE_BELOW_DX) {
    // React Flow's getBezierPath with its default curvature: control points half the distance out, horizontally.
    const c = 0.5 * dx;
    const d = `M${s.x},${s.y} C${s.x + c},${s.y} ${t.x - c},${t.y} ${t.x},${t.y}`;
    // The midpoint of this symmetric cubic is its inflection point, B'(½) ∝ (dx, 2dy): the wire is straightest there.
    return { d, mid: { x: (s.x + t.x) / 2, y: (s.y + t.y) / 2 }, tangent: unit(dx, 2 * (t.y - s.y)), endTangent: { x: 1, y: 0 }, routed: false };
  }
  const r = ROUTE_REACH;
  const y = lane ?? top - 2 * r;
  const x1 = s.x + r;
  const x2 = t.x - r;
  // Right out of the source, up (or down) to the lane, left along it, down (or up) to the target's height, and right
  // into the target; quarter turns as quadratic curves, `a` and `b` the signs of the two vertical runs.
  const a = Math.sign(y - s.y) || 1;
  const b = Math.sign(t.y - y) || 1;
  const d =
    `M${s.x},${s.y} L${x1 - r},${s.y} Q${x1},${s.y} ${x1},${s.y + a * r} L${x1},${y - a * r} Q${x1},${y} ${x1 - r},${y} ` +
    `L${x2 + r},${y} Q${x2},${y} ${x2},${y + b * r} L${x2},${t.y - b * r} Q${x2},${t.y} ${x2 + r},${t.y} L${t.x},${t.y}`;
  return { d, mid: { x: (x1 + x2) / 2, y }, tangent: { x: -1, y: 0 }, endTangent: { x: 1, y: 0 }, routed: true };
}

export interface LabelBox {
  readonly width: number;
  readonly height: number;
}

/**
 * The centre of a label box beside the wire at `mid`: on the side above the
 * wire (`side` 'above') or below it, just far enough along the normal that
 * no corner of the box reaches the wire (treated as straight near `mid`),
 * plus `gap`.
 */
export function labelCentre(mid: XY, tangent: XY, box: LabelBox, side: 'above' | 'below', gap = 3): XY {
  // The normal pointing up the screen (negative y); for a vertical wire, to the right.
  let nx = -tangent.y;
  let ny = tangent.x;
  if (ny > 0 || (ny === 0 && nx < 0)) {
    nx = -nx;
    ny = -ny;
  }
  if (side === 'below') {
    nx = -nx;
    ny = -ny;
  }
  const reach = (Math.abs(nx) * box.width) / 2 + (Math.abs(ny) * box.height) / 2 + gap;
  return { x: mid.x + nx * reach, y: mid.y + ny * reach };
}

/** The arrowhead's triangle at `tip`, pointing along `dir`. */
export function arrowPath(tip: XY, dir: XY, size = 7): string {
  const bx = tip.x - dir.x * size;
  const by = tip.y - dir.y * size;
  const w = size * 0.5;
  return `M${tip.x},${tip.y} L${bx - dir.y * w},${by + dir.x * w} L${bx + dir.y * w},${by - dir.x * w} Z`;
}

/** Monospace label width at the wires' 11 px font, for placement (measuring SVG text would force a layout per wire). */
export function textWidth(text: string): number {
  return text.length * 6.7;
}
