/**
 * The debug slice: the trace being stepped through (one Run from the engine
 * worker) and where the cursor is, the breakpoints, the playback settings,
 * and the gradient check's result. None of it is part of the document or its
 * undo history: breakpoints are a way of looking at the graph, not an edit.
 */
import type { StateCreator } from 'zustand/vanilla';
import { assertNever } from '../../core/ops/attrs.js';
import type { GradcheckReply } from '../../core/studio/check-gradients.js';
import { continueCursor, type DebugTrace, firstBackward, stepCursor } from '../model/debug-trace.js';
import type { AppState } from './types.js';

export interface DebugSession {
  readonly trace: DebugTrace;
  /** Index into `trace.steps` of the step shown. */
  readonly cursor: number;
}

/** `backward`: to the first step of the backward pass. */
export type DebugMove = 'next' | 'back' | 'continue' | 'restart' | 'backward' | 'end';

export type GradcheckState =
  | { readonly status: 'closed' }
  | { readonly status: 'running' }
  /** `stale`: the graph changed after the check ran. */
  | { readonly status: 'done'; readonly reply: GradcheckReply; readonly stale: boolean };

export interface DebugSlice {
  readonly debug: DebugSession | null;
  /** True while the Run behind a new trace is computed. */
  readonly debugLoading: boolean;
  readonly breakpoints: ReadonlySet<string>;
  /** Playback: steps advance on their own while `playing`, `speed` steps a second, with pulses along the wires. */
  readonly debugPlay: { readonly playing: boolean; readonly speed: number };
  readonly gradcheck: GradcheckState;
  /** Starts stepping through `trace` (at its first step), or with null ends debugging. */
  setDebugTrace(trace: DebugTrace | null): void;
  setDebugLoading(on: boolean): void;
  debugMove(move: DebugMove): void;
  toggleBreakpoint(id: string): void;
  /** Forgets breakpoints on nodes that no longer exist. */
  pruneBreakpoints(ids: ReadonlySet<string>): void;
  setDebugPlay(play: Partial<DebugSlice['debugPlay']>): void;
  setGradcheck(state: GradcheckState): void;
}

function moveCursor(s: DebugSession, move: DebugMove, breakpoints: ReadonlySet<string>): number {
  const last = s.trace.steps.length - 1;
  switch (move) {
    case 'next':
      return stepCursor(s.trace, s.cursor, 1);
    case 'back':
      return stepCursor(s.trace, s.cursor, -1);
    case 'continue':
      return continueCursor(s.trace, s.cursor, breakpoints);
    case 'restart':
      return 0;
    case 'backward':
      return firstBackward(s.trace);
    case 'end':
      return last;
    default:
      return assertNever(move);
  }
}

export const createDebugSlice: StateCreator<AppState, [], [], DebugSlice> = (set, get) => ({
  debug: null,
  debugLoading: false,
  breakpoints: new Set(),
  debugPlay: { playing: false, speed: 1 },
  gradcheck: { status: 'closed' },

  setDebugTrace(trace) {
    const play = get().debugPlay;
    set({ debug: trace && trace.steps.length > 0 ? { trace, cursor: 0 } : null, debugLoading: false, debugPlay: { ...play, playing: false } });
  },

  setDebugLoading(on) {
    set({ debugLoading: on });
  },

  debugMove(move) {
    const s = get();
    const d = s.debug;
    if (!d) return;
    const cursor = moveCursor(d, move, s.breakpoints);
    // Playback stops at the end and at a breakpoint, as a debugger's "continue" does.
    const stop = s.debugPlay.playing && (cursor === d.trace.steps.length - 1 || (move === 'next' && s.breakpoints.has(d.trace.steps[cursor].node)));
    if (cursor !== d.cursor) set({ debug: { ...d, cursor } });
    if (stop) set({ debugPlay: { ...s.debugPlay, playing: false } });
  },

  toggleBreakpoint(id) {
    const next = new Set(get().breakpoints);
    if (!next.delete(id)) next.add(id);
    set({ breakpoints: next });
  },

  pruneBreakpoints(ids) {
    const bp = get().breakpoints;
    if ([...bp].every((id) => ids.has(id))) return;
    set({ breakpoints: new Set([...bp].filter((id) => ids.has(id))) });
  },

  setDebugPlay(play) {
    set({ debugPlay: { ...get().debugPlay, ...play } });
  },

  setGradcheck(state) {
    set({ gradcheck: state });
  },
});
