/**
 * The wires' labels laid out together (model/label-placement.ts), shared
 * with every WireEdge through a context. Recomputed when a card moves or
 * resizes or the results change, not when the view pans or zooms (the
 * layout is in flow coordinates). Graphs of more than LAYOUT_MAX_NODES
 * cards keep each wire's labels at its midpoint: there the labels show only
 * close in, on the few wires in view, and laying out thousands of wires at
 * every drag frame would cost more than it shows.
 */
import { type ReactFlowState, useStore as useFlowStore } from '@xyflow/react';
import { createContext, useMemo } from 'react';
import { useApp, useServices } from '../app/app-context.js';
import { type LabelJob, type LabelPlacement, placeWireLabels, type Rect } from '../model/label-placement.js';
import { wireGeometry, type XY } from '../model/wire-geometry.js';
import { handlePoint, laneOf, topOf } from '../model/wire-lanes.js';
import { edgeGrad, nodeGrad, nodeShape, nodeValue } from '../store/selectors.js';
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
}

interface Geometry {
  readonly wires: readonly WireAt[];
  readonly cards: readonly Rect[];
  /** Everything above as numbers, to compare two geometries at a glance. */
  readonly key: string;
}

function selectGeometry(s: ReactFlowState): Geometry | null {
  if (s.nodeLookup.size > LAYOUT_MAX_NODES) return null;
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
  for (const e of s.edges) {
    const a = s.nodeLookup.get(e.source);
    const b = s.nodeLookup.get(e.target);
    const sp = a && handlePoint(a, 'source', e.sourceHandle);
    const tp = b && handlePoint(b, 'target', e.targetHandle);
    if (!sp || !tp) continue;
    const top = topOf(s, e.source, e.target);
    const lane = laneOf(s, e.source, e.target, sp, tp);
    wires.push({ id: e.id, source: e.source, target: e.target, s: sp, t: tp, top, lane });
    parts.push(sp.x, sp.y, tp.x, tp.y, top, lane);
  }
  return { wires, cards, key: `${wires.map((w) => w.id).join('|')}#${parts.join(',')}` };
}

const sameGeometry = (a: Geometry | null, b: Geometry | null) => a === b || (a !== null && b !== null && a.key === b.key);

/** The placements of every wire's labels, or null when each wire places its own (big graphs, or no results). */
export function useLabelLayout(): ReadonlyMap<string, LabelPlacement> | null {
  const geometry = useFlowStore(selectGeometry, sameGeometry);
  const run = useApp((s) => s.run);
  const shapes = useApp((s) => s.analysis.shapes);
  const { store: app } = useServices();
  return useMemo(() => {
    if (!geometry) return null;
    const store = app.getState();
    const jobs: LabelJob[] = [];
    for (const w of geometry.wires) {
      const value = nodeValue(store, w.source);
      const grad = edgeGrad(store, w.id) ?? (value ? nodeGrad(store, w.source) : undefined);
      const content = wireLabelContent(nodeShape(store, w.source), value, grad);
      if (content.above.length === 0 && content.below.length === 0) continue;
      const geo = wireGeometry(w.s, w.t, Number.isFinite(w.top) ? w.top : Math.min(w.s.y, w.t.y) - 40, Number.isNaN(w.lane) ? undefined : w.lane);
      jobs.push({ id: w.id, geo, source: w.s, target: w.t, above: content.above, below: content.below });
    }
    return placeWireLabels(jobs, geometry.cards);
    // The labels depend on the store's run and shapes only, read here through getState.
  }, [geometry, run, shapes, app]);
}
