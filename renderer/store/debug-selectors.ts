/**
 * Selectors of the debug slice. Per-node ones return strings or booleans, so
 * a step re-renders only the cards whose look changes (the current node and
 * its inputs), never every card of a big graph.
 */
import type { TraceStep } from '../model/debug-trace.js';
import type { AppState } from './types.js';

export const selectDebug = (s: AppState) => s.debug;
export const selectDebugLoading = (s: AppState) => s.debugLoading;
export const selectBreakpoints = (s: AppState) => s.breakpoints;
export const selectDebugPlay = (s: AppState) => s.debugPlay;
export const selectGradcheck = (s: AppState) => s.gradcheck;

/** The step shown, while debugging. */
export function selectDebugStep(s: AppState): TraceStep | undefined {
  return s.debug?.trace.steps[s.debug.cursor];
}

export function hasBreakpoint(s: AppState, id: string): boolean {
  return s.breakpoints.has(id);
}

/** The current node's inputs, computed once per step and document rather than once per card (a big graph has thousands). */
let inputsMemo: { readonly debug: AppState['debug']; readonly doc: AppState['doc']; readonly ids: ReadonlySet<string> } | undefined;

function currentInputs(s: AppState, node: string): ReadonlySet<string> {
  if (inputsMemo?.debug !== s.debug || inputsMemo.doc !== s.doc) {
    inputsMemo = { debug: s.debug, doc: s.doc, ids: new Set(s.doc.edges.filter((e) => e.to === node).map((e) => e.from)) };
  }
  return inputsMemo.ids;
}

/**
 * The card's debugger classes: `debug-current` on the node of the step, `debug-feeds` (forward: it
 * feeds the current node) or `debug-receives` (backward: the current node sends it a gradient) on its
 * inputs, `has-breakpoint` where one is set.
 */
export function debugNodeClass(s: AppState, id: string): string {
  const bp = s.breakpoints.has(id) ? 'has-breakpoint' : '';
  const step = selectDebugStep(s);
  if (!step) return bp;
  if (step.node === id) return `debug-current debug-${step.phase} ${bp}`;
  if (!currentInputs(s, step.node).has(id)) return bp;
  return `${step.phase === 'forward' ? 'debug-feeds' : 'debug-receives'} ${bp}`;
}
