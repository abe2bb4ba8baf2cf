/**
 * Pan and zoom of a big graph, moved by the compositor instead of React.
 *
 * React Flow keeps the view in its store: every wheel step and every mouse
 * move of a pan updates it, and each update runs the selectors of every
 * mounted card and wire and re-renders what they pick. With a thousand cards
 * on a 2-core machine that is 20 to 40 ms a step, so the view moves at 10 fps
 * (npm run bench:editor, traces of it). Here, while the user pans or zooms a
 * graph that big, the canvas's viewport element is moved directly through its
 * CSS transform (and the dot grid with it); the layer is marked
 * `will-change: transform`, so the compositor scales the picture it already has
 * rather than painting a thousand cards again every frame. When the gesture
 * ends (the mouse button goes up, or the wheel has been still a moment) the
 * view is handed to React Flow once, and everything is drawn crisply there.
 *
 * Only the pane's own drags and wheel events over the canvas are taken over:
 * dragging a card, box selection (Shift), the minimap, the zoom buttons and
 * fields that scroll (`nowheel`) keep React Flow's handling.
 */
import { type Area, covers, panBy, type View, viewTransform, visibleArea, wheelScale, type ZoomLimits, zoomAbout } from '../model/view-math.js';
import { listenOnWindow } from './window-listeners.js';

export interface GestureHost {
  /** The `.react-flow` element. */
  readonly root: HTMLElement;
  /** Whether gestures are taken over now (a big graph). */
  readonly enabled: () => boolean;
  /** React Flow's view. */
  readonly current: () => View;
  /** Hands the view to React Flow. */
  readonly commit: (v: View) => void;
  readonly limits: ZoomLimits;
  /** Whether React Flow mounts only the cards in view (then the view is handed over whenever it shows new ground). */
  readonly onlyVisibleMounted: () => boolean;
  /** The dot grid's spacing at zoom 1, to move it along. */
  readonly grid: { readonly gap: number };
}

const IS_MAC = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

/** A wheel gesture is over when no wheel event came for this long (d3-zoom waits as long). */
const WHEEL_IDLE_MS = 150;
/**
 * The dot grid (React Flow's Background: an svg the size of the canvas filled
 * with a pattern) moved along with the view. Repainting it every frame would
 * repaint the page, so at the start of a gesture it is made three times the
 * canvas's size, centred on it, with its pattern shifted to match; after that
 * it is only transformed, like the cards. Panned or zoomed out further than
 * that within one gesture, the edge shows plain background until the end.
 */
class GridMover {
  private constructor(
    private readonly svg: SVGSVGElement,
    private readonly pattern: SVGPatternElement,
    private readonly saved: readonly [string | null, string | null],
    private readonly base: View,
  ) {}

  static start(root: HTMLElement, base: View, gap: number): GridMover | null {
    const svg = root.querySelector<SVGSVGElement>('svg.react-flow__background');
    const pattern = svg?.querySelector('pattern');
    if (!svg || !pattern) return null;
    const w = root.clientWidth;
    const h = root.clientHeight;
    const step = gap * base.zoom || 1;
    const mover = new GridMover(svg, pattern, [pattern.getAttribute('x'), pattern.getAttribute('y')], base);
    Object.assign(svg.style, { left: `${-w}px`, top: `${-h}px`, width: `${3 * w}px`, height: `${3 * h}px`, transformOrigin: `${w}px ${h}px`, willChange: 'transform' });
    // The svg's origin moved to (-w, -h): the dots keep their place on screen.
    pattern.setAttribute('x', String((base.x + w) % step));
    pattern.setAttribute('y', String((base.y + h) % step));
    return mover;
  }

  /** Maps the grid as drawn for the base view onto `v`. */
  move(v: View): void {
    const s = v.zoom / this.base.zoom;
    this.svg.style.transform = `translate(${v.x - s * this.base.x}px, ${v.y - s * this.base.y}px) scale(${s})`;
  }

  /** Back as React Flow drew it, for it to draw the new view. */
  end(): void {
    Object.assign(this.svg.style, { left: '', top: '', width: '', height: '', transformOrigin: '', willChange: '', transform: '' });
    const [x, y] = this.saved;
    if (x !== null) this.pattern.setAttribute('x', x);
    if (y !== null) this.pattern.setAttribute('y', y);
  }
}

let settleActive: (() => void) | null = null;

/** Hands a gesture in progress to React Flow now: before anything reads the view (a drop, a paste, `/`). */
export function settleView(): void {
  settleActive?.();
}

/** Starts taking over pans and wheel zooms on `host.root`; returns the function that stops it. */
export function takeOverViewGestures(host: GestureHost): () => void {
  const { root } = host;
  let view: View | null = null;
  let frame = 0;
  let idle: ReturnType<typeof setTimeout> | undefined;
  /** What React Flow has drawn: the part of the graph in view when the gesture started. */
  let drawn: Area | null = null;
  let grid: GridMover | null = null;
  let drag: { readonly from: { x: number; y: number }; readonly base: View; moved: boolean } | null = null;
  let swallowClick = false;

  const viewport = () => root.querySelector<HTMLElement>('.react-flow__viewport');
  const draw = () => {
    frame = 0;
    if (!view) return;
    const el = viewport();
    if (el) el.style.transform = viewTransform(view);
    grid?.move(view);
  };
  const show = (v: View) => {
    if (!view) {
      root.setAttribute('data-gesture', '');
      const base = host.current();
      grid = GridMover.start(root, base, host.grid.gap);
      drawn = visibleArea(base, root.clientWidth, root.clientHeight);
    }
    view = v;
    frame ||= requestAnimationFrame(draw);
    // Cards are mounted only where React Flow last saw the view: once the view has left that area, show it what is new.
    if (drawn && host.onlyVisibleMounted() && !covers(drawn, visibleArea(v, root.clientWidth, root.clientHeight))) commit();
  };
  const commit = () => {
    clearTimeout(idle);
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    const v = view;
    view = null;
    root.removeAttribute('data-gesture');
    grid?.end();
    grid = null;
    drawn = null;
    if (v) host.commit(v);
  };
  settleActive = commit;

  const canvasPoint = (e: MouseEvent) => {
    const r = root.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const onWheel = (e: WheelEvent) => {
    const t = e.target;
    if (!e.isTrusted || !host.enabled() || !(t instanceof Element) || !root.contains(t)) return;
    if (t.closest('.nowheel, .react-flow__minimap, .react-flow__panel')) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    show(zoomAbout(view ?? host.current(), wheelScale(e.deltaY, e.deltaMode, e.ctrlKey && IS_MAC), canvasPoint(e), host.limits));
    clearTimeout(idle);
    idle = setTimeout(commit, WHEEL_IDLE_MS);
  };

  const onMouseDown = (e: MouseEvent) => {
    if (!e.isTrusted) return;
    const t = e.target;
    const pane = t instanceof Element && t.classList.contains('react-flow__pane') && root.contains(t);
    // Anything else (a card, a handle, a button) sees the view as it is.
    if (!pane || e.button !== 0 || e.shiftKey || e.ctrlKey || e.metaKey || e.altKey || !host.enabled()) {
      commit();
      return;
    }
    e.stopImmediatePropagation();
    commit();
    drag = { from: { x: e.clientX, y: e.clientY }, base: host.current(), moved: false };
  };
  const onMouseMove = (e: MouseEvent) => {
    if (!drag) return;
    e.stopImmediatePropagation();
    const dx = e.clientX - drag.from.x;
    const dy = e.clientY - drag.from.y;
    // As d3-zoom: a press that does not move is a click on the pane (which clears the selection).
    if (!drag.moved && dx === 0 && dy === 0) return;
    drag.moved = true;
    show(panBy(drag.base, dx, dy));
  };
  const onMouseUp = (e: MouseEvent) => {
    if (!drag) return;
    e.stopImmediatePropagation();
    swallowClick = drag.moved;
    drag = null;
    commit();
  };
  // A pan ends with a click on the pane; React Flow would take it for "clear the selection" (d3-zoom swallows it too).
  const onClick = (e: MouseEvent) => {
    if (!swallowClick) return;
    swallowClick = false;
    e.stopImmediatePropagation();
  };
  const onKey = () => commit();

  // Panning with the pointer captured by the pane (no hit-testing of a thousand cards at every move) is
  // input-coalescing.ts's, which sees every pointerdown.
  const stop = listenOnWindow([
    ['wheel', onWheel],
    ['mousedown', onMouseDown],
    ['mousemove', onMouseMove],
    ['mouseup', onMouseUp],
    ['click', onClick],
    ['keydown', onKey],
  ]);
  return () => {
    commit();
    if (settleActive === commit) settleActive = null;
    stop();
  };
}
