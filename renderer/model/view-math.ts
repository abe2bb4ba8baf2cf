/**
 * The arithmetic of panning and zooming the canvas, as React Flow's d3-zoom
 * does it, for app/view-gesture.ts (which moves the view itself during big
 * graphs' gestures and must end exactly where React Flow would).
 */

export interface View {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

export interface ZoomLimits {
  readonly min: number;
  readonly max: number;
}

/**
 * d3-zoom's wheel step as React Flow configures it: 2^(-deltaY * 0.002) per
 * pixel, lines and pages coarser, and 10 times finer-grained pinches (wheel
 * events with Ctrl) on macOS, whose trackpads send small deltas for them.
 */
export function wheelScale(deltaY: number, deltaMode: number, macPinch = false): number {
  return 2 ** (-deltaY * (deltaMode === 1 ? 0.05 : deltaMode ? 1 : 0.002) * (macPinch ? 10 : 1));
}

/** The view after zooming by `scale` about the point `at` (pixels within the canvas), which stays where it is. */
export function zoomAbout(v: View, scale: number, at: { readonly x: number; readonly y: number }, limits: ZoomLimits): View {
  const zoom = Math.min(limits.max, Math.max(limits.min, v.zoom * scale));
  const k = zoom / v.zoom;
  return { x: at.x - (at.x - v.x) * k, y: at.y - (at.y - v.y) * k, zoom };
}

export function panBy(v: View, dx: number, dy: number): View {
  return { x: v.x + dx, y: v.y + dy, zoom: v.zoom };
}

/** React Flow's own transform string for the viewport element. */
export function viewTransform(v: View): string {
  return `translate(${v.x}px, ${v.y}px) scale(${v.zoom})`;
}

/** How far the view may leave the area React Flow last drew, as a fraction of that area, before it is shown again. */
const MARGIN = 0.25;

export interface Area {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** The part of the graph (flow coordinates) that `v` shows in a canvas `width` by `height` pixels. */
export function visibleArea(v: View, width: number, height: number): Area {
  const x0 = -v.x / v.zoom;
  const y0 = -v.y / v.zoom;
  return { x0, y0, x1: x0 + width / v.zoom, y1: y0 + height / v.zoom };
}

/** Whether `inner` lies within `outer` grown by MARGIN on every side. */
export function covers(outer: Area, inner: Area): boolean {
  const mx = (outer.x1 - outer.x0) * MARGIN;
  const my = (outer.y1 - outer.y0) * MARGIN;
  return inner.x0 >= outer.x0 - mx && inner.y0 >= outer.y0 - my && inner.x1 <= outer.x1 + mx && inner.y1 <= outer.y1 + my;
}


/** Fit view's margins in screen pixels (React Flow's `Padding`). */
export interface FitPadding {
  readonly top: `${number}px`;
  readonly right: `${number}px`;
  readonly bottom: `${number}px`;
  readonly left: `${number}px`;
}

/**
 * How "fit view" frames a graph: small margins, and never beyond 1.25x. It always shows the whole graph (a fit that
 * cut cards off at both ends would hide what the user asked to see); examples are laid out to be readable at their
 * fitted zoom instead (long chains wrap onto rows, model/wire-geometry.ts's carriage-return wires join them). The
 * left margin clears the zoom buttons in the bottom-left corner; the right one, a wrapped chain's wire, which runs
 * out 24 px past its source before turning down. `nodeCount` is kept for callers that size the fit by the graph.
 */
export function fitOptions(_nodeCount: number, minZoom: number): { readonly padding: FitPadding; readonly maxZoom: number; readonly minZoom: number } {
  return { padding: { top: '16px', right: '32px', bottom: '16px', left: '52px' }, maxZoom: 1.25, minZoom };
}
