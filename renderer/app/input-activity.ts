/**
 * When the user last panned, zoomed or dragged. Live views that can wait
 * (training curves, the decision boundary) hold their redraws while the user
 * is moving the canvas, so the page's thread spends those frames on the
 * gesture; they catch up as soon as it ends. The training engine is told
 * too (onUserMoving), and leaves a core free most of the time meanwhile.
 */
let lastInput = -Infinity;
let listening = false;
/** Told of input at most every MOVING_EVERY_MS while it lasts (the training engine, which then rests 60% of the time). */
const movingListeners = new Set<() => void>();
const MOVING_EVERY_MS = 100;
let lastTold = -Infinity;

function note(e: Event): void {
  if (e.type === 'pointermove' && (e as PointerEvent).buttons === 0) return;
  lastInput = performance.now();
  if (lastInput - lastTold < MOVING_EVERY_MS) return;
  lastTold = lastInput;
  for (const fn of movingListeners) fn();
}

/** Calls `fn` while the user pans, zooms, drags or types, at most every 100 ms; returns the unsubscribe function. */
export function onUserMoving(fn: () => void): () => void {
  watchInputActivity();
  movingListeners.add(fn);
  return () => movingListeners.delete(fn);
}

/** Starts watching (once); passive listeners, so scrolling and gestures are never delayed by them. */
export function watchInputActivity(): void {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  for (const type of ['wheel', 'pointermove', 'pointerdown', 'keydown']) window.addEventListener(type, note, { passive: true, capture: true });
}

/** How long to hold a deferrable redraw: 0 when the user has been still for `quiet` ms. */
export function holdFor(quiet = 150): number {
  return Math.max(0, lastInput + quiet - performance.now());
}
