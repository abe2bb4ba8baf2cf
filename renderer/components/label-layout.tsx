/**
 * The wires' labels laid out together (model/label-placement.ts), shared
 * with every WireEdge through a context. Recomputed when a card moves or
 * resizes or the results change, not when the view pans or zooms (the
 * layout is in flow coordinates). A graph of more than LAYOUT_MAX_NODES
 * cards is laid out for the wires in view, once the view settles: laying
 * out its thousands of wires (about 200 ms for 1,589) at every drag frame
 * would cost more than it shows, and its labels are drawn only close in.
 */
import { type ReactFlowState, useStore as useFlowStore, useStoreApi } from '@xyflow/react';
import { createContext, useEffect, useMemo, useState } from 'react';
import { useApp, useServices } from '../app/app-context.js';
import { type LabelJob, type LabelPlacement, placeWireLabels, type Rect } from '../model/label-placement.js';
import type { XY } from '../model/wire-geometry.js';
import { drawnWire, handlePoint, laneOf, topOf } from '../model/wire-lanes.js';
import { nodeShape, nodeValue, wireGrad } from '../store/selectors.js';
import type { AppStore } from '../store/store.js';
import type { AppState } from '../store/types.js';
import { wireLabelContent } from './WireLabels.js';

export const LabelLayoutContext = createContext<ReadonlyMap<string, LabelPlacement> | null>(null);

const LAYOUT_MAX_NODES = 300;

interface WireAt {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly s: XY;
  readonly t: XY;
  readonly top: number;
  readonly lane: number;
  /** False for a wire outside the part being laid out: an obstacle for the others' labels, with none of its own. */
  readonly labelled: boolean;
}

interface Geometry {
  readonly wires: readonly WireAt[];
  readonly cards: readonly Rect[];
  /** Everything above as numbers, to compare two geometries at a glance. */
  readonly key: string;
}

const grow = (r: Rect, by: number): Rect => ({ x: r.x - by, y: r.y - by, width: r.width + 2 * by, height: r.height + 2 * by });
/** How far beyond the part laid out a label may go, and the wires it keeps clear of are looked for. */
const REACH = 300;

const intersects = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * The cards and wires to lay labels out among: every card and wire (a label must keep clear of them
 * all, and a long wire's labels may go far from the view), labelled all, or only those that reach
 * into `within` (a part of the canvas, in flow coordinates); null when more than `maxWires` wires
 * would be labelled.
 */
function geometryOf(s: ReactFlowState, within?: Rect, maxWires = Infinity): Geometry | null {
  const cards: Rect[] = [];
  const parts: number[] = [];
  for (const n of s.nodeLookup.values()) {
    const { width, height } = n.measured;
    if (width === undefined || height === undefined) continue;
    const { x, y } = n.internals.positionAbsolute;
    cards.push({ x, y, width, height });
    parts.push(x, y, width, height);
  }
  const wires: WireAt[] = [];
  let count = 0;
  for (const e of s.edges) {
    const a = s.nodeLookup.get(e.source);
    const b = s.nodeLookup.get(e.target);
    const sp = a && handlePoint(a, 'source', e.sourceHandle);
    const tp = b && handlePoint(b, 'target', e.targetHandle);
    if (!sp || !tp) continue;
    const span = { x: Math.min(sp.x, tp.x), y: Math.min(sp.y, tp.y), width: Math.abs(tp.x - sp.x), height: Math.abs(tp.y - sp.y) };
    // Far from the part laid out, a wire is neither labelled nor in the way of a label (they stay within reach: see useViewLayout).
    if (within && !intersects(span, grow(within, REACH))) continue;
    const labelled = !within || intersects(span, within);
    if (labelled && ++count > maxWires) return null;
    const top = topOf(s, e.source, e.target);
    const lane = laneOf(s, e.source, e.target, sp, tp);
    wires.push({ id: e.id, source: e.source, target: e.target, s: sp, t: tp, top, lane, labelled });
    parts.push(sp.x, sp.y, tp.x, tp.y, top, lane, labelled ? 1 : 0);
  }
  return { wires, cards, key: `${wires.map((w) => w.id).join('|')}#${parts.join(',')}` };
}

const selectGeometry = (s: ReactFlowState): Geometry | null => (s.nodeLookup.size > LAYOUT_MAX_NODES ? null : geometryOf(s));

const sameGeometry = (a: Geometry | null, b: Geometry | null) => a === b || (a !== null && b !== null && a.key === b.key);

/** The placements of `geometry`'s labels for the results in `store`. */
function layoutOf(geometry: Geometry, store: AppState, bounds?: Rect): Map<string, LabelPlacement> {
  const jobs: LabelJob[] = [];
  for (const w of geometry.wires) {
    const content = w.labelled ? wireLabelContent(nodeShape(store, w.source), nodeValue(store, w.source), wireGrad(store, w.id, w.source)) : { above: [], below: [] };
    const geo = drawnWire(w.s, w.t, w.top, w.lane);
    // Every wire goes in, labelled or not: the labels keep clear of all of them.
    jobs.push({ id: w.id, geo, source: w.s, target: w.t, above: content.above, below: content.below });
  }
  return placeWireLabels(jobs, geometry.cards, bounds);
}

/** How long the view and the cards must be still before a big graph's labels in view are laid out. */
const SETTLE_MS = 250;
/** A big graph's labels are laid out only when at most this many wires reach into the view (closer in than that, labels are drawn). */
const VIEW_MAX_WIRES = 200;
/** Flow-coordinate margin around the view: labels of wires just outside are ready when the view moves a little. */
const VIEW_MARGIN = 200;

/**
 * A big graph's labels, for the wires in view: laid out once the view and the cards have been still
 * for SETTLE_MS (the labels of a big graph hide while the view moves anyway), so neither a pan nor a
 * drag pays for it frame by frame. Wires out of view keep their midpoint labels until they come in.
 */
function useViewLayout(enabled: boolean, app: AppStore, run: unknown, shapes: unknown): ReadonlyMap<string, LabelPlacement> | null {
  const flow = useStoreApi();
  const [layout, setLayout] = useState<ReadonlyMap<string, LabelPlacement> | null>(null);
  useEffect(() => {
    if (!enabled) {
      setLayout(null);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const compute = () => {
      const s = flow.getState();
      const [tx, ty, zoom] = s.transform;
      const view = { x: -tx / zoom - VIEW_MARGIN, y: -ty / zoom - VIEW_MARGIN, width: s.width / zoom + 2 * VIEW_MARGIN, height: s.height / zoom + 2 * VIEW_MARGIN };
      const geometry = geometryOf(s, view, VIEW_MAX_WIRES);
      setLayout(geometry ? layoutOf(geometry, app.getState(), grow(view, REACH)) : null);
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(compute, SETTLE_MS);
    };
    schedule();
    let prev = flow.getState();
    const unsubscribe = flow.subscribe((s) => {
      if (s.transform !== prev.transform || s.nodes !== prev.nodes || s.edges !== prev.edges || s.width !== prev.width || s.height !== prev.height) schedule();
      prev = s;
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [enabled, flow, app, run, shapes]);
  return enabled ? layout : null;
}

/**
 * The placements of every wire's labels: all wires of a graph of up to LAYOUT_MAX_NODES cards, laid
 * out again whenever a card moves; for a bigger graph, the wires in view once the view settles
 * (useViewLayout); null before either has anything.
 */
export function useLabelLayout(): ReadonlyMap<string, LabelPlacement> | null {
  const geometry = useFlowStore(selectGeometry, sameGeometry);
  const big = useFlowStore((s) => s.nodeLookup.size > LAYOUT_MAX_NODES);
  const run = useApp((s) => s.run);
  const shapes = useApp((s) => s.analysis.shapes);
  const { store: app } = useServices();
  const small = useMemo(
    () => (geometry ? layoutOf(geometry, app.getState()) : null),
    // The labels depend on the store's run and shapes only, read here through getState.
    [geometry, run, shapes, app],
  );
  const inView = useViewLayout(big, app, run, shapes);
  return big ? inView : small;
}
