/**
 * The one React Flow instance, registered by the canvas when it mounts, so
 * that toolbar buttons, menu commands and drops can convert coordinates and
 * move the viewport without threading the instance through every component.
 */
import { getViewportForBounds, type ReactFlowInstance } from '@xyflow/react';
import type { GraphDoc } from '../../core/graph/types.js';
import { getOp } from '../../core/ops/registry.js';
import { positionOf, type XY } from '../model/doc-edit.js';
import type { GateFlowNode, WireFlowEdge } from '../model/flow.js';
import { estimateCardSize } from '../model/op-catalog.js';
import type { Box } from '../model/placement.js';
import { cardBox } from '../model/flow-wires.js';
import { fitOptions, type View } from '../model/view-math.js';
import { settleView } from './view-gesture.js';

type Instance = ReactFlowInstance<GateFlowNode, WireFlowEdge>;

let instance: Instance | null = null;
let pointer: XY | null = null;
let canvasElement: HTMLElement | null = null;

export function registerCanvas(rf: Instance | null, element: HTMLElement | null): void {
  instance = rf;
  canvasElement = element;
}

/** Remembers where the pointer is over the canvas (for `/` and paste). */
export function trackPointer(p: XY | null): void {
  pointer = p;
}

export function lastPointer(): XY | null {
  return pointer;
}

let lastPaste: XY | null = null;

/**
 * Where a paste lands, in window pixels: at the pointer, unless the pointer
 * has not moved since the last paste; then null, and the paste cascades from
 * the previous copy instead of landing exactly on top of it.
 */
export function pastePoint(): XY | null {
  const p = pointer;
  if (!p || (lastPaste && lastPaste.x === p.x && lastPaste.y === p.y)) return null;
  lastPaste = p;
  return p;
}

/** The canvas's size in pixels, or undefined before it is drawn. */
export function canvasSize(): { width: number; height: number } | undefined {
  const r = canvasElement?.getBoundingClientRect();
  return r && r.width > 0 && r.height > 0 ? { width: r.width, height: r.height } : undefined;
}

/** The middle of the visible canvas, in window pixels. */
export function canvasCenter(): XY {
  const r = canvasElement?.getBoundingClientRect();
  return r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : { x: window.innerWidth / 2, y: window.innerHeight / 2 };
}

export function screenToFlow(p: XY): XY {
  settleView();
  return instance ? instance.screenToFlowPosition(p) : p;
}

/** Every card's box in flow coordinates: its measured size once drawn, else the estimate. */
export function cardBoxes(): Box[] {
  if (!instance) return [];
  return instance.getNodes().map((n) => {
    const size = n.measured?.width !== undefined && n.measured.height !== undefined ? { width: n.measured.width, height: n.measured.height } : estimateCardSize(getOp(n.data.node.op), n.data.node);
    return { x: n.position.x, y: n.position.y, ...size };
  });
}

/** React Flow's view: x, y and zoom. */
export function currentView(): View {
  return instance?.getViewport() ?? { x: 0, y: 0, zoom: 1 };
}

export function setView(v: View): void {
  void instance?.setViewport(v);
}

export function zoomIn(): void {
  settleView();
  void instance?.zoomIn({ duration: 150 });
}

export function zoomOut(): void {
  settleView();
  void instance?.zoomOut({ duration: 150 });
}

/** The canvas's zoom range: far enough out to fit a few thousand cards, close enough to read a formula. */
export const ZOOM_RANGE = { min: 0.02, max: 2.5 } as const;

/** Fits the graph in the view; `animate` false jumps there (a document just opened has no earlier view to move from). */
export function fitView(animate = true): void {
  settleView();
  if (!instance) return;
  void instance.fitView({ ...fitOptions(instance.getNodes().length, ZOOM_RANGE.min), ...(animate ? { duration: 200 } : {}) });
}

/**
 * Points the view at `doc` from its stored positions and estimated card
 * sizes, before its cards are drawn: with only the visible cards rendered,
 * drawing them first at the old view and then fitting would build most of
 * them twice. fitView, once they are measured, then corrects by a hair.
 */
export function showDocument(doc: GraphDoc): void {
  const box = canvasElement?.getBoundingClientRect();
  if (!instance || !box || box.width === 0 || box.height === 0) return;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const n of doc.nodes) {
    const p = positionOf(n);
    if (!p) continue;
    const size = estimateCardSize(getOp(n.op), n);
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x + size.width);
    y1 = Math.max(y1, p.y + size.height);
  }
  if (x0 > x1) return;
  const fit = fitOptions(doc.nodes.length, ZOOM_RANGE.min);
  void instance.setViewport(getViewportForBounds({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, box.width, box.height, fit.minZoom, fit.maxZoom, fit.padding));
}

/**
 * Pans the view, keeping its zoom, so that a card not wholly in view, or under `cover` (an element over the canvas,
 * such as the debugger's step card at the bottom), comes to the middle of the canvas above that element: the
 * debugger follows its current node this way, also to cards that are not mounted (over 400 nodes only those in
 * view are).
 */
export function revealNode(id: string, cover?: Element | null): void {
  settleView();
  const box = cardBox(instance?.getInternalNode(id));
  const r = canvasElement?.getBoundingClientRect();
  if (!instance || !box || !r || r.width === 0) return;
  const v = instance.getViewport();
  // The card on screen, in pixels from the canvas's top-left corner.
  const x0 = box.x * v.zoom + v.x;
  const y0 = box.y * v.zoom + v.y;
  const x1 = x0 + box.width * v.zoom;
  const y1 = y0 + box.height * v.zoom;
  const c = cover?.getBoundingClientRect();
  const under = c !== undefined && x0 < c.right - r.left && x1 > c.left - r.left && y0 < c.bottom - r.top && y1 > c.top - r.top;
  if (x0 >= 0 && y0 >= 0 && x1 <= r.width && y1 <= r.height && !under) return;
  const freeBottom = c !== undefined && c.top > r.top ? c.top - r.top : r.height;
  const at = { x: r.width / 2 - (box.x + box.width / 2) * v.zoom, y: freeBottom / 2 - (box.y + box.height / 2) * v.zoom };
  void instance.setViewport({ ...at, zoom: v.zoom }, { duration: 200 });
}

/** Centres the view on a node (from the problems list). */
export function focusNode(id: string): void {
  const node = instance?.getInternalNode(id);
  if (!instance || !node) return;
  const w = node.measured.width ?? 0;
  const h = node.measured.height ?? 0;
  void instance.setCenter(node.internals.positionAbsolute.x + w / 2, node.internals.positionAbsolute.y + h / 2, { zoom: Math.max(instance.getZoom(), 1), duration: 250 });
}
