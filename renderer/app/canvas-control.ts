/**
 * The one React Flow instance, registered by the canvas when it mounts, so
 * that toolbar buttons, menu commands and drops can convert coordinates and
 * move the viewport without threading the instance through every component.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import type { XY } from '../model/doc-edit.js';
import type { GateFlowNode, WireFlowEdge } from '../model/flow.js';

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

/** The middle of the visible canvas, in window pixels. */
export function canvasCenter(): XY {
  const r = canvasElement?.getBoundingClientRect();
  return r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : { x: window.innerWidth / 2, y: window.innerHeight / 2 };
}

export function screenToFlow(p: XY): XY {
  return instance ? instance.screenToFlowPosition(p) : p;
}

export function zoomIn(): void {
  void instance?.zoomIn({ duration: 150 });
}

export function zoomOut(): void {
  void instance?.zoomOut({ duration: 150 });
}

export function fitView(): void {
  void instance?.fitView({ padding: 0.15, duration: 200, maxZoom: 1.25 });
}

/** Centres the view on a node (from the problems list). */
export function focusNode(id: string): void {
  const node = instance?.getInternalNode(id);
  if (!instance || !node) return;
  const w = node.measured.width ?? 0;
  const h = node.measured.height ?? 0;
  void instance.setCenter(node.internals.positionAbsolute.x + w / 2, node.internals.positionAbsolute.y + h / 2, { zoom: Math.max(instance.getZoom(), 1), duration: 250 });
}
