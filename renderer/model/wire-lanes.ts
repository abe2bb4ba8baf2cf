/** Where a wire runs, read from React Flow's store: the cards' edges it routes around (see wire-geometry.ts). */
import type { InternalNode, ReactFlowState } from '@xyflow/react';
import { type CardEdges, returnLane, type WireGeometry, wireGeometry, type XY } from './wire-geometry.js';

/** The higher of the two cards' top edges (flow y): a wire routed around them runs above it. */
export function topOf(s: ReactFlowState, a: string, b: string): number {
  const ya = s.nodeLookup.get(a)?.internals.positionAbsolute.y;
  const yb = s.nodeLookup.get(b)?.internals.positionAbsolute.y;
  return Math.min(ya ?? Infinity, yb ?? Infinity);
}

/**
 * Where a wire from a card to one wholly below it runs back left (see returnLane), or NaN (a number, so the
 * selector's result compares by value). Only such wires look at the other cards.
 */
export function laneOf(s: ReactFlowState, source: string, target: string, from: XY, to: XY): number {
  const a = s.nodeLookup.get(source);
  const b = s.nodeLookup.get(target);
  if (!a || !b || a.measured.height === undefined) return NaN;
  const bottom = a.internals.positionAbsolute.y + a.measured.height;
  const top = b.internals.positionAbsolute.y;
  if (returnLane(from, to, bottom, top) === undefined) return NaN;
  return returnLane(from, to, bottom, top, cardsOf(s)) ?? NaN;
}

/** The wire as drawn, from topOf's and laneOf's answers (a missing top: 40 px above the higher end; NaN lane: none). */
export function drawnWire(from: XY, to: XY, top: number, lane: number): WireGeometry {
  return wireGeometry(from, to, Number.isFinite(top) ? top : Math.min(from.y, to.y) - 40, Number.isNaN(lane) ? undefined : lane);
}

export function* cardsOf(s: ReactFlowState): Iterable<CardEdges> {
  for (const n of s.nodeLookup.values()) {
    const { width, height } = n.measured;
    if (width !== undefined && height !== undefined) yield { ...n.internals.positionAbsolute, width, height };
  }
}


/** Where a wire leaves or enters a card: the middle of the handle's outer side, as React Flow draws it. */
export function handlePoint(n: InternalNode, type: 'source' | 'target', handleId: string | null | undefined): XY | undefined {
  const bounds = n.internals.handleBounds?.[type];
  const h = handleId ? bounds?.find((b) => b.id === handleId) : bounds?.[0];
  if (!h) return undefined;
  const x = h.x + n.internals.positionAbsolute.x;
  const y = h.y + n.internals.positionAbsolute.y;
  switch (h.position) {
    case 'left': return { x, y: y + h.height / 2 };
    case 'right': return { x: x + h.width, y: y + h.height / 2 };
    case 'top': return { x: x + h.width / 2, y };
    default: return { x: x + h.width / 2, y: y + h.height };
  }
}
