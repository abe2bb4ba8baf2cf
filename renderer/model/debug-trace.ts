/**
 * The debugger's trace: one Run (values, gradients, what flows back along
 * each edge, the forward order) computed once in the engine worker, and the
 * steps the page walks through it: every node forward in topological order,
 * then every node the output depends on backward, in reverse order. Stepping
 * is index arithmetic on that list, so a graph of any size steps instantly
 * and the page never runs a kernel.
 */
import type { GraphDoc } from '../../core/graph/types.js';
import type { RunReply } from '../../core/studio/protocol.js';
import type { HostTensor } from '../../core/tensor/tensor.js';

export type DebugPhase = 'forward' | 'backward';

export interface TraceStep {
  readonly phase: DebugPhase;
  readonly node: string;
  /** 1-based position within its phase. */
  readonly index: number;
  /** Steps in its phase. */
  readonly total: number;
}

export interface DebugTrace {
  readonly output: string;
  readonly values: ReadonlyMap<string, HostTensor>;
  readonly grads: ReadonlyMap<string, HostTensor>;
  /** By canvas edge id `from->to.port`: the gradient `to` sends back to that input. */
  readonly edgeGrads: ReadonlyMap<string, HostTensor>;
  readonly steps: readonly TraceStep[];
}

type OkReply = Extract<RunReply, { ok: true }>;

/** The steps of a successful Run: forward over `order`, backward over the nodes with a gradient, last computed first. */
export function buildTrace(reply: OkReply): DebugTrace {
  const grads = new Map(Object.entries(reply.grads));
  // Nodes off the output's path get no gradient: the backward pass never visits them, so neither does the debugger.
  const backward = [...reply.order].reverse().filter((id) => grads.has(id));
  const steps: TraceStep[] = [
    ...reply.order.map((node, i) => ({ phase: 'forward' as const, node, index: i + 1, total: reply.order.length })),
    ...backward.map((node, i) => ({ phase: 'backward' as const, node, index: i + 1, total: backward.length })),
  ];
  return { output: reply.output, values: new Map(Object.entries(reply.values)), grads, edgeGrads: new Map(Object.entries(reply.edgeGrads)), steps };
}

/** The cursor after one step forward (`+1`) or back (`-1`), kept within the trace. */
export function stepCursor(trace: DebugTrace, cursor: number, delta: 1 | -1): number {
  return Math.min(Math.max(cursor + delta, 0), trace.steps.length - 1);
}

/** Continue: the next step after `cursor` on a node with a breakpoint, or the last step when none is ahead. */
export function continueCursor(trace: DebugTrace, cursor: number, breakpoints: ReadonlySet<string>): number {
  for (let i = cursor + 1; i < trace.steps.length; i++) if (breakpoints.has(trace.steps[i].node)) return i;
  return trace.steps.length - 1;
}

/** The first backward step (where "skip to backward" lands), or the last step when nothing is backward. */
export function firstBackward(trace: DebugTrace): number {
  const i = trace.steps.findIndex((s) => s.phase === 'backward');
  return i < 0 ? trace.steps.length - 1 : i;
}

/** The bar's one-line status, e.g. `backward 3/5: q (add)`. */
export function stepLabel(step: TraceStep, doc: GraphDoc): string {
  const op = doc.nodes.find((n) => n.id === step.node)?.op ?? '?';
  return `${step.phase} ${step.index}/${step.total}: ${step.node} (${op})`;
}

/** The current node's input edges, by port, in the document: forward they bring values in, backward they take gradients out. */
export function inputEdges(doc: GraphDoc, node: string): { readonly id: string; readonly from: string; readonly port: string }[] {
  return doc.edges.filter((e) => e.to === node).map((e) => ({ id: `${e.from}->${e.to}.${e.port}`, from: e.from, port: e.port }));
}
