/**
 * Wires computed from React Flow's node lookup rather than read from drawn
 * edges: far out on a big graph React Flow draws no edges (WireOverview draws
 * them all as a few paths), and over 400 nodes it mounts only the cards in
 * view, so a wire the debugger must show may have no element. Handles are
 * where React Flow measured them; a card never drawn gets the estimated size
 * and port rows of model/op-catalog.ts.
 */
import type { InternalNode } from '@xyflow/react';
import type { GraphNode } from '../../core/graph/types.js';
import { getOp } from '../../core/ops/registry.js';
import { CARD, estimateCardSize } from './op-catalog.js';
import { returnLane, wireGeometry, type WireGeometry, type XY } from './wire-geometry.js';

export interface FlowBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The document node behind a React Flow node (GateFlowNode's data), or undefined for anything else. */
function docNodeOf(node: InternalNode): GraphNode | undefined {
  const data: unknown = node.data;
  if (typeof data !== 'object' || data === null || !('node' in data)) return undefined;
  return (data as { readonly node: GraphNode }).node;
}

/** A card's box in flow coordinates: as measured once drawn, else as estimated. */
export function cardBox(node: InternalNode | undefined): FlowBox | undefined {
  if (!node) return undefined;
  const at = node.internals.positionAbsolute;
  const { width, height } = node.measured;
  if (width !== undefined && height !== undefined) return { x: at.x, y: at.y, width, height };
  const doc = docNodeOf(node);
  const size = doc ? estimateCardSize(getOp(doc.op), doc) : { width: CARD.width, height: CARD.header + CARD.row };
  return { x: at.x, y: at.y, ...size };
}

/** Where React Flow attaches a wire: the right middle of a source handle, the left middle of a target handle (estimated for a card never drawn). */
export function handlePoint(node: InternalNode | undefined, type: 'source' | 'target', id: string | null | undefined): XY | undefined {
  if (!node) return undefined;
  const at = node.internals.positionAbsolute;
  const h = node.internals.handleBounds?.[type]?.find((b) => b.id === id);
  if (h) return { x: at.x + h.x + (type === 'source' ? h.width : 0), y: at.y + h.y + h.height / 2 };
  const box = cardBox(node);
  if (!box) return undefined;
  if (type === 'source') return { x: box.x + box.width, y: box.y + box.height / 2 };
  const doc = docNodeOf(node);
  const port = doc ? (getOp(doc.op)?.inputs.findIndex((p) => p.name === id) ?? -1) : -1;
  // Port rows follow the head (and its bottom border), one row each.
  return { x: box.x, y: box.y + CARD.header + 1 + (Math.max(0, port) + 0.5) * CARD.row };
}

export interface EdgeEnds {
  readonly source: string;
  readonly target: string;
  readonly sourceHandle?: string | null;
  readonly targetHandle?: string | null;
}

function* boxes(lookup: ReadonlyMap<string, InternalNode>): Iterable<FlowBox> {
  for (const n of lookup.values()) {
    const box = cardBox(n);
    if (box) yield box;
  }
}

/** The wire of an edge as WireEdge draws it (the same route around the cards), or undefined when an end is missing. */
export function edgeWire(lookup: ReadonlyMap<string, InternalNode>, e: EdgeEnds): WireGeometry | undefined {
  const from = lookup.get(e.source);
  const to = lookup.get(e.target);
  const a = handlePoint(from, 'source', e.sourceHandle);
  const b = handlePoint(to, 'target', e.targetHandle);
  const fromBox = cardBox(from);
  const toBox = cardBox(to);
  if (!a || !b || !fromBox || !toBox) return undefined;
  const bottom = fromBox.y + fromBox.height;
  // Only a wire that goes round below its source looks at the other cards.
  const lane = returnLane(a, b, bottom, toBox.y) === undefined ? undefined : returnLane(a, b, bottom, toBox.y, boxes(lookup));
  return wireGeometry(a, b, Math.min(fromBox.y, toBox.y), lane);
}
