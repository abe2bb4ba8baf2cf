/**
 * Where every wire's labels go, all wires at once. A wire's value label sits
 * on one side of it and its gradient label on the other (see labelCentre),
 * but between cards a few dozen pixels apart the midpoint of one wire is
 * also next to its neighbours' wires, their labels and the cards: placed
 * one wire at a time at its midpoint, labels landed on other wires, on each
 * other and under cards. Here each label tries points along its wire (the
 * middle first, then outwards to where the wire runs level near its ends)
 * and takes the first where it is clear of every card, every wire and every
 * label placed before it; where the full labels find no such spot, smaller
 * variants try (WireLabels: thumbnails without text, then smaller
 * thumbnails), and failing all, the spot where they cover the least, marked
 * not clear. Short wires go first: they have the fewest spots.
 */
import { labelCentre, type LabelBox, ROUTE_REACH, type WireGeometry, type XY } from './wire-geometry.js';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One wire's labels: the sizes of its value label (above) and gradient label (below), fullest first; an empty list where there is none. */
export interface LabelJob {
  readonly id: string;
  readonly geo: WireGeometry;
  readonly source: XY;
  readonly target: XY;
  readonly above: readonly LabelBox[];
  readonly below: readonly LabelBox[];
}

/** Where a wire's labels went: which variant (0 the fullest) and the centres of the two boxes. */
export interface LabelPlacement {
  readonly variant: number;
  readonly above?: XY;
  readonly below?: XY;
  /** The wire's point and direction the labels stand beside (the arrow showing the gradient's direction goes there). */
  readonly at: XY;
  readonly tangent: XY;
  /** False when no spot was clear and the labels cover something (the least they could). */
  readonly clear: boolean;
}

/** Spots along a wire, as fractions of the way: the middle first, then outwards. */
const SPOTS = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82, 0.12, 0.88, 0.07, 0.93];
/** Clearance around cards and labels. */
const PAD = 2;
/** Points per wire when it is followed as straight segments. */
const SAMPLES = 24;
const CELL = 64;
/** The size of the box an arrowhead takes (WireEdge draws it 6 px plus the wire's width long). */
const ARROW = 12;

/** A point and direction along the wire, `u` from 0 (source) to 1 (target). */
export function pointOnWire(geo: WireGeometry, s: XY, t: XY, u: number): { p: XY; tangent: XY } {
  if (geo.routed) {
    // Along the lane, where a routed wire runs back left (its middle stretch, between its two vertical runs).
    const x0 = s.x + ROUTE_REACH;
    const x1 = t.x - ROUTE_REACH;
    return { p: { x: x0 + (x1 - x0) * u, y: geo.mid.y }, tangent: { x: -1, y: 0 } };
  }
  // The bezier of wireGeometry: control points half the horizontal distance out.
  const c = 0.5 * (t.x - s.x);
  const p0 = s;
  const p1 = { x: s.x + c, y: s.y };
  const p2 = { x: t.x - c, y: t.y };
  const p3 = t;
  const v = 1 - u;
  const p = {
    x: v * v * v * p0.x + 3 * v * v * u * p1.x + 3 * v * u * u * p2.x + u * u * u * p3.x,
    y: v * v * v * p0.y + 3 * v * v * u * p1.y + 3 * v * u * u * p2.y + u * u * u * p3.y,
  };
  const dx = 3 * v * v * (p1.x - p0.x) + 6 * v * u * (p2.x - p1.x) + 3 * u * u * (p3.x - p2.x);
  const dy = 3 * v * v * (p1.y - p0.y) + 6 * v * u * (p2.y - p1.y) + 3 * u * u * (p3.y - p2.y);
  const l = Math.hypot(dx, dy);
  return { p, tangent: l === 0 ? { x: 1, y: 0 } : { x: dx / l, y: dy / l } };
}

/** The wire as a polyline. */
function wirePoints(job: LabelJob): XY[] {
  const { geo, source: s, target: t } = job;
  if (geo.routed) {
    // wireGeometry's route, its rounded corners taken square: out right, to the lane, back left, to the target's height, in.
    const y = geo.mid.y;
    const x1 = s.x + ROUTE_REACH;
    const x2 = t.x - ROUTE_REACH;
    return [s, { x: x1, y: s.y }, { x: x1, y }, { x: x2, y }, { x: x2, y: t.y }, t];
  }
  return Array.from({ length: SAMPLES + 1 }, (_, i) => pointOnWire(geo, s, t, i / SAMPLES).p);
}

const boxAt = (c: XY, b: LabelBox): Rect => ({ x: c.x - b.width / 2 - PAD, y: c.y - b.height / 2 - PAD, width: b.width + 2 * PAD, height: b.height + 2 * PAD });

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Whether segment p-q crosses rectangle r (Liang-Barsky clipping). */
function segmentHits(p: XY, q: XY, r: Rect): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const edges: [number, number][] = [
    [-dx, p.x - r.x],
    [dx, r.x + r.width - p.x],
    [-dy, p.y - r.y],
    [dy, r.y + r.height - p.y],
  ];
  for (const [pp, qq] of edges) {
    if (pp === 0) {
      if (qq < 0) return false;
    } else {
      const t = qq / pp;
      if (pp < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

type Item = { readonly kind: 'card' | 'label'; readonly rect: Rect } | { readonly kind: 'wire'; readonly p: XY; readonly q: XY };

/** A uniform grid of what labels must keep clear of, so each test looks only at its neighbourhood. */
class Grid {
  private readonly cells = new Map<string, Item[]>();

  private *keys(r: Rect): Iterable<string> {
    for (let i = Math.floor(r.x / CELL); i <= Math.floor((r.x + r.width) / CELL); i++) {
      for (let j = Math.floor(r.y / CELL); j <= Math.floor((r.y + r.height) / CELL); j++) yield `${i},${j}`;
    }
  }

  add(item: Item): void {
    const r = item.kind === 'wire' ? { x: Math.min(item.p.x, item.q.x), y: Math.min(item.p.y, item.q.y), width: Math.abs(item.q.x - item.p.x), height: Math.abs(item.q.y - item.p.y) } : item.rect;
    for (const k of this.keys(r)) {
      const list = this.cells.get(k);
      if (list) list.push(item);
      else this.cells.set(k, [item]);
    }
  }

  /** How much `r` covers of what is there: card and label overlap in px², each wire crossed as 40 px². */
  cost(r: Rect): number {
    const seen = new Set<Item>();
    let c = 0;
    for (const k of this.keys(r)) {
      for (const it of this.cells.get(k) ?? []) {
        if (seen.has(it)) continue;
        seen.add(it);
        if (it.kind === 'wire') c += segmentHits(it.p, it.q, r) ? 40 : 0;
        else c += overlapArea(r, it.rect) * (it.kind === 'card' ? 2 : 1);
      }
    }
    return c;
  }
}

interface Spot {
  readonly centre: XY;
  readonly rect: Rect;
  readonly cost: number;
  readonly at: XY;
  readonly tangent: XY;
}

/** The first clear spot along the wire for one label (`side` of the wire), or the least covered one; undefined without a label. */
function findSpot(grid: Grid, j: LabelJob, box: LabelBox | undefined, side: 'above' | 'below', also: readonly Rect[], bounds: Rect | undefined): Spot | undefined {
  if (!box) return undefined;
  let best: Spot | undefined;
  for (const u of SPOTS) {
    const { p, tangent } = pointOnWire(j.geo, j.source, j.target, u);
    const centre = labelCentre(p, tangent, box, side);
    const rect = boxAt(centre, box);
    if (bounds && !inside(rect, bounds)) continue;
    const cost = grid.cost(rect) + also.reduce((c, r) => c + overlapArea(rect, r), 0);
    if (!best || cost < best.cost) best = { centre, rect, cost, at: p, tangent };
    if (cost < 1) break;
  }
  return best;
}

const inside = (r: Rect, b: Rect) => r.x >= b.x && r.y >= b.y && r.x + r.width <= b.x + b.width && r.y + r.height <= b.y + b.height;

/**
 * The placements of every job's labels, clear of `cards`, the wires and each other where there is
 * room; within `bounds` when given (the part of a big graph whose obstacles were gathered), a label
 * with no spot there being left out.
 */
export function placeWireLabels(jobs: readonly LabelJob[], cards: readonly Rect[], bounds?: Rect): Map<string, LabelPlacement> {
  const grid = new Grid();
  for (const c of cards) grid.add({ kind: 'card', rect: c });
  for (const j of jobs) {
    const pts = wirePoints(j);
    for (let i = 1; i < pts.length; i++) grid.add({ kind: 'wire', p: pts[i - 1], q: pts[i] });
    // The arrowhead where the wire enters its port.
    grid.add({ kind: 'card', rect: { x: j.target.x - ARROW, y: j.target.y - ARROW / 2, width: ARROW, height: ARROW } });
  }
  const length = (j: LabelJob) => Math.hypot(j.target.x - j.source.x, j.target.y - j.source.y);
  const order = [...jobs].sort((a, b) => length(a) - length(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = new Map<string, LabelPlacement>();
  for (const j of order) {
    const variants = Math.max(j.above.length, j.below.length);
    if (variants === 0) continue;
    let best: { cost: number; place: LabelPlacement; rects: Rect[] } | undefined;
    for (let v = 0; v < variants; v++) {
      // Each label finds its own spot (the gradient's first, where the chevron pointing back goes), so a wire
      // steep in its middle can carry one label near each end, where it runs level.
      const below = findSpot(grid, j, j.below[Math.min(v, j.below.length - 1)], 'below', [], bounds);
      const above = findSpot(grid, j, j.above[Math.min(v, j.above.length - 1)], 'above', below ? [below.rect] : [], bounds);
      // A compact label anywhere beats a full one that covers something; among covering ones, the least covered.
      const cost = (above?.cost ?? 0) + (below?.cost ?? 0) + (v === 0 ? 0 : 0.5);
      const at = below ?? above;
      if (!at) break;
      const place: LabelPlacement = { variant: v, ...(above && { above: above.centre }), ...(below && { below: below.centre }), at: at.at, tangent: at.tangent, clear: cost < 1 };
      if (!best || cost < best.cost) best = { cost, place, rects: [above?.rect, below?.rect].filter((r): r is Rect => r !== undefined) };
      if (cost < 1) break;
    }
    if (!best) continue;
    out.set(j.id, best.place);
    for (const r of best.rects) grid.add({ kind: 'label', rect: r });
  }
  return out;
}
