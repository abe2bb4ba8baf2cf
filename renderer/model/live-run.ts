/**
 * Live results: when an edit makes the last Run's values and gradients out
 * of date, either the editor runs the graph again by itself (a small graph,
 * where a pass costs less than the keystroke that caused it) or it keeps the
 * old results on screen, dimmed and marked stale, until the next Run.
 *
 * The policy is pure so that it can be tested without a worker or a timer;
 * app/live-run-service.ts applies it to the store.
 */
import type { GraphDoc } from '../../core/graph/types.js';
import type { Shape } from '../../core/tensor/shape.js';

/**
 * Work every node costs whatever its size, in the units of `estimateRunCost`
 * (about one float operation each): dispatching its kernels in the worker,
 * posting its value and gradient back, and re-rendering its card and wires.
 * With tensors of a few dozen numbers this is what a pass mostly costs.
 */
export const NODE_OVERHEAD = 2_000;

/**
 * Graphs estimated to cost more than this are not re-run after each edit.
 * The worker's CPU loops do roughly 1e8 float operations a second, so this is
 * about 10 ms of engine time plus the cards' re-render: a refresh that keeps
 * up with typing. With NODE_OVERHEAD it admits up to about 450 gates of small
 * tensors (the bench graph's [4, 8] states: 400 gates cost about 0.89e6) and
 * the small examples (spiral-relu-net, 0.76e6), and leaves out 500 such gates,
 * digits-mlp (a 32 x 196 batch through 196 x 64 weights, 1.2e6) and the
 * 500-wide init-* nets (7.6e8).
 */
export const LIVE_RUN_MAX_COST = 1_000_000;

function size(shape: Shape | undefined): number {
  if (shape === undefined) return 0;
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * The estimated cost of one forward and backward pass of `doc`, from the
 * analysis' inferred output shapes: per node the overhead, plus three times
 * (forward, and the backward's one or two products of the same size) its
 * output size and, for matmul and conv2d, its multiply-adds. Undefined when
 * the shapes are unknown (a graph with problems, or not yet analysed).
 */
export function estimateRunCost(doc: GraphDoc, shapes: ReadonlyMap<string, Shape>): number | undefined {
  if (doc.nodes.length === 0 || shapes.size === 0) return undefined;
  // The shape flowing into each port, for the ops whose work depends on an input rather than the output.
  const inputs = new Map<string, Shape | undefined>();
  for (const e of doc.edges) inputs.set(`${e.to}.${e.port}`, shapes.get(e.from));
  let cost = 0;
  for (const n of doc.nodes) {
    const shape = shapes.get(n.id);
    if (shape === undefined) return undefined;
    const out = size(shape);
    let flops = 0;
    if (n.op === 'matmul') {
      const a = inputs.get(`${n.id}.a`);
      flops = out * (a !== undefined && a.length > 0 ? a[a.length - 1] : 1);
    } else if (n.op === 'conv2d') {
      const w = inputs.get(`${n.id}.w`);
      flops = w !== undefined && w.length > 0 ? out * (size(w) / Math.max(1, w[0])) : out;
    }
    cost += NODE_OVERHEAD + 3 * (out + flops);
  }
  return cost;
}

/** What the editor knows when the analysis of an edit has settled. */
export interface LiveRunInput {
  /**
   * Results (or a failed Run) are on screen: a Run was done in this document. Opening a file never runs
   * anything by itself; Run is where a lesson starts, and from then on the document stays live.
   */
  readonly ran: boolean;
  /** The results on screen were computed from an older version of the graph. */
  readonly outOfDate: boolean;
  readonly problems: number;
  /** Training is running: the worker is busy with it, and the weights change under any result. */
  readonly training: boolean;
  /** From `estimateRunCost`. */
  readonly cost: number | undefined;
  /** LIVE_RUN_MAX_COST, unless a test lowers it. */
  readonly limit: number;
}

/**
 * `current`: nothing to do. `run`: re-run now. `stale`: keep the results, dimmed, until the user runs
 * again (too big, or problems). `wait`: training holds the worker; decide again when it stops.
 */
export type LiveRunDecision = 'current' | 'run' | 'stale' | 'wait';

export function decideLiveRun(i: LiveRunInput): LiveRunDecision {
  if (!i.ran || !i.outOfDate) return 'current';
  if (i.training) return 'wait';
  if (i.problems > 0 || i.cost === undefined || i.cost > i.limit) return 'stale';
  return 'run';
}
