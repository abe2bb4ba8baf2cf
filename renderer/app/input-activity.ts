/**
 * When the user last panned, zoomed or dragged. Live views that can wait
 * (training curves, the decision boundary) hold their redraws while the user
 * is moving the canvas, so the page's thread spends those frames on the
 * gesture; they catch up as soon as it ends.
 */
let lastInput = -Infinity;
let listening = false;

function note(e: Event): void {
  if (e.type === 'pointermove' && (e as PointerEvent).buttons === 0) return;
  lastInput = performance.now();
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
