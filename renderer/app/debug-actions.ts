/**
 * The debugger and the gradient check from the page: both ask the engine
 * worker for one answer (a Run with every value, gradient and edge gradient;
 * a finite-difference report) and keep it in the debug slice, which the page
 * then steps through without computing anything. An edit that changes what
 * the graph computes ends debugging, since the trace no longer describes it.
 */
import type { GradcheckReply } from '../../core/studio/check-gradients.js';
import type { RunReply } from '../../core/studio/protocol.js';
import type { EngineClient } from '../engine/engine-client.js';
import { buildTrace } from '../model/debug-trace.js';
import type { DebugMove } from '../store/debug-slice.js';
import type { AppStore } from '../store/store.js';

export class DebugActions {
  constructor(
    private readonly store: AppStore,
    private readonly engine: EngineClient,
  ) {}

  /** Ends debugging and marks the gradient check stale whenever the computation changes; returns the unsubscribe function. */
  startSync(): () => void {
    return this.store.subscribe((s, prev) => {
      if (s.computeRevision === prev.computeRevision) return;
      if (s.debug || s.debugLoading) s.setDebugTrace(null);
      if (s.gradcheck.status === 'done' && !s.gradcheck.stale) s.setGradcheck({ ...s.gradcheck, stale: true });
      if (s.doc !== prev.doc) s.pruneBreakpoints(new Set(s.doc.nodes.map((n) => n.id)));
    });
  }

  get active(): boolean {
    return this.store.getState().debug !== null;
  }

  /** Computes the trace (one Run in the worker) and shows its first step. */
  async start(): Promise<boolean> {
    const s = this.store.getState();
    if (s.doc.nodes.length === 0 || s.debugLoading) return false;
    const revision = s.computeRevision;
    s.setDebugLoading(true);
    const reply = await this.engine.callWith<RunReply>(s.doc, (api) => api.run());
    const now = this.store.getState();
    if (now.computeRevision !== revision) return false;
    if (!reply.ok) {
      now.setDebugLoading(false);
      if (reply.node !== undefined && now.doc.nodes.some((n) => n.id === reply.node)) now.select([reply.node]);
      now.toast('error', `cannot debug: ${reply.message.split('\n')[0]}`);
      return false;
    }
    now.setDebugTrace(buildTrace(reply));
    return true;
  }

  /** A move of the cursor; a step or continue while not debugging starts first (as a debugger's F10 and F5 do). */
  async move(move: DebugMove): Promise<void> {
    if (!this.active) {
      if (move !== 'next' && move !== 'continue') return;
      if (!(await this.start())) return;
      // Starting shows the first step: F10 stops there; F5 goes on to the first breakpoint, which may be that step.
      const s = this.store.getState();
      const first = s.debug?.trace.steps[0]?.node;
      if (move === 'next' || (first !== undefined && s.breakpoints.has(first))) return;
    }
    this.store.getState().debugMove(move);
  }

  stop(): void {
    this.store.getState().setDebugTrace(null);
  }

  /** F9: a breakpoint on each selected node, or off where one is set. */
  toggleBreakpointOnSelection(): void {
    const s = this.store.getState();
    for (const id of s.selection.nodes) s.toggleBreakpoint(id);
  }

  /** Opens the gradient-check panel and runs the check on the current document. */
  async gradcheck(): Promise<void> {
    const s = this.store.getState();
    if (s.gradcheck.status === 'running') return;
    const revision = s.computeRevision;
    s.setGradcheck({ status: 'running' });
    const reply = await this.engine.callWith<GradcheckReply>(s.doc, (api) => api.gradcheck());
    const now = this.store.getState();
    // Closed while it ran: stay closed.
    if (now.gradcheck.status !== 'running') return;
    now.setGradcheck({ status: 'done', reply, stale: now.computeRevision !== revision });
  }

  closeGradcheck(): void {
    this.store.getState().setGradcheck({ status: 'closed' });
  }
}
