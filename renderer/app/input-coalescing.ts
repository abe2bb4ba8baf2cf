/**
 * At most one drag step and one wheel step per frame on the canvas.
 *
 * Chromium hands the page every mouse move of a drag as its own task. When
 * handling one costs more than the gap between two (a 1,000-card graph on a
 * slow machine: 10 to 20 ms against 8 ms from a 125 Hz mouse), the page does
 * nothing but move the view and draws no frame at all, for a quarter of a
 * second at a time (seen in Chromium traces of `npm run bench:editor`). Held
 * back here and replayed at the next animation frame, a burst becomes one
 * move (the latest) and one wheel event (the deltas summed), which is all a
 * frame can show anyway. Moves without a button held (hovering) pass as they
 * are, and so does the wheel over fields that scroll (`nowheel`).
 */
import { listenOnWindow } from './window-listeners.js';

interface Held<E extends Event, I> {
  readonly target: EventTarget;
  readonly init: I;
  readonly make: (init: I) => E;
}

function mouseInit(e: MouseEvent): MouseEventInit {
  return {
    bubbles: true,
    cancelable: true,
    composed: true,
    view: window,
    clientX: e.clientX,
    clientY: e.clientY,
    screenX: e.screenX,
    screenY: e.screenY,
    button: e.button,
    buttons: e.buttons,
    ctrlKey: e.ctrlKey,
    shiftKey: e.shiftKey,
    altKey: e.altKey,
    metaKey: e.metaKey,
  };
}

/** Starts coalescing for drags that start in `root` and wheel events over it; returns the function that stops it. */
export function coalesceCanvasInput(root: HTMLElement): () => void {
  let dragging = false;
  let move: Held<MouseEvent, MouseEventInit> | null = null;
  let wheel: Held<WheelEvent, WheelEventInit> | null = null;
  let frame = 0;

  // A target that left the document (a card scrolled out of view) would not bubble to the listeners on window.
  const deliver = <E extends Event, I>(held: Held<E, I>, fallback: () => EventTarget | null) => {
    const target = held.target instanceof Node && !held.target.isConnected ? fallback() : held.target;
    target?.dispatchEvent(held.make(held.init));
  };
  const flush = () => {
    frame = 0;
    const w = wheel;
    const m = move;
    wheel = null;
    move = null;
    if (w) deliver(w, () => document.elementFromPoint(w.init.clientX ?? 0, w.init.clientY ?? 0));
    if (m) deliver(m, () => root);
  };
  const schedule = () => {
    frame ||= requestAnimationFrame(flush);
  };
  const flushNow = () => {
    if (frame) cancelAnimationFrame(frame);
    flush();
  };

  const onDown = (e: MouseEvent) => {
    if (!e.isTrusted) return;
    flushNow();
    dragging = e.target instanceof Node && root.contains(e.target);
  };
  // Panning: with the pointer captured by the pane, Chromium skips finding the element under every move (hit testing
  // a thousand cards, a few ms each time).
  const onPointerDown = (e: PointerEvent) => {
    if (e.isTrusted && e.button === 0 && e.target instanceof Element && e.target.classList.contains('react-flow__pane') && root.contains(e.target)) {
      e.target.setPointerCapture(e.pointerId);
    }
  };
  const onUp = (e: MouseEvent) => {
    if (!e.isTrusted) return;
    flushNow();
    dragging = false;
  };
  const onMove = (e: MouseEvent) => {
    if (!e.isTrusted || !dragging || e.buttons === 0 || !e.target) return;
    e.stopImmediatePropagation();
    move = { target: e.target, init: mouseInit(e), make: (init) => new MouseEvent('mousemove', init) };
    schedule();
  };
  const onWheel = (e: WheelEvent) => {
    const t = e.target;
    if (!e.isTrusted || !(t instanceof Element) || !root.contains(t) || t.closest('.nowheel')) return;
    e.stopImmediatePropagation();
    e.preventDefault();
    const same = wheel && wheel.init.deltaMode === e.deltaMode && wheel.init.ctrlKey === e.ctrlKey;
    if (wheel && same) {
      wheel = { ...wheel, init: { ...wheel.init, deltaX: (wheel.init.deltaX ?? 0) + e.deltaX, deltaY: (wheel.init.deltaY ?? 0) + e.deltaY, clientX: e.clientX, clientY: e.clientY } };
    } else {
      if (wheel) flushNow();
      wheel = { target: t, init: { ...mouseInit(e), deltaX: e.deltaX, deltaY: e.deltaY, deltaZ: e.deltaZ, deltaMode: e.deltaMode }, make: (init) => new WheelEvent('wheel', init) };
    }
    schedule();
  };

  // Registered before any drag starts.
  const stop = listenOnWindow([
    ['pointerdown', onPointerDown],
    ['mousedown', onDown],
    ['mouseup', onUp],
    ['mousemove', onMove],
    ['wheel', onWheel],
  ]);
  return () => {
    if (frame) cancelAnimationFrame(frame);
    stop();
  };
}
