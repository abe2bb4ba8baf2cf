/**
 * Capture-phase listeners on window, added together and removed together:
 * the canvas's input handlers (input-coalescing.ts, view-gesture.ts) must run
 * ahead of d3-zoom's and React Flow's own listeners.
 */
export type WindowListeners = readonly (readonly [string, (e: never) => void])[];

/** Adds `listeners` (capturing, not passive, so that they may preventDefault); returns the function that removes them. */
export function listenOnWindow(listeners: WindowListeners): () => void {
  for (const [type, listener] of listeners) window.addEventListener(type, listener as EventListener, { capture: true, passive: false });
  return () => {
    for (const [type, listener] of listeners) window.removeEventListener(type, listener as EventListener, true);
  };
}
