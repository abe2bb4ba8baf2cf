/**
 * The editor's gradient check: the same float64 finite-difference checker as
 * `bpstudio gradcheck`, on the document as the editor holds it, with the same
 * feeds for dataset-bound inputs (a few rows spread over the training split,
 * so every class of a dataset stored class by class shows up). Returns plain
 * data for the worker to send back; never throws.
 */
import type { Backend } from '../backend/backend.js';
import { compileStructure } from '../engine/compile.js';
import { gradcheck } from '../engine/gradcheck.js';
import type { GraphDoc } from '../graph/types.js';
import type { HostTensor } from '../tensor/tensor.js';
import { findBindings, gatherBatch } from '../train/batches.js';
import { parseTrainingConfig } from '../train/config.js';
import { createTrainer } from '../train/trainer.js';
import type { TrainerOptions } from '../train/types.js';
import { messageOf, nodeOf } from './run-graph.js';

/** Dataset rows fed to bound inputs (as `bpstudio gradcheck` does): enough to exercise the graph, few enough to stay quick. */
export const CHECK_ROWS = 8;

/** One checked `param` or `input` node. */
export interface GradcheckRow {
  readonly id: string;
  readonly op: string;
  readonly pass: boolean;
  /** Largest relative error |a − n| / max(|a|, |n|, 1e-6) over the checked elements (Infinity when one is not finite). */
  readonly relError: number;
  readonly checked: number;
  readonly size: number;
  /** The element with the largest error: its flat index, the backward pass's value and the centred difference. */
  readonly worst: { readonly index: number; readonly analytic: number; readonly numeric: number } | null;
  /** Why the node fails whatever the threshold, e.g. `analytic gradient is Infinity at element 0`. */
  readonly nonFinite?: string;
}

export type GradcheckReply =
  | { readonly ok: true; readonly pass: boolean; readonly threshold: number; readonly eps: number; readonly rows: readonly GradcheckRow[] }
  | { readonly ok: false; readonly message: string; readonly node?: string };

export interface CheckOptions {
  readonly threshold?: number;
  readonly eps?: number;
}

/** Checks every param and input the output depends on. */
export async function checkGradients(doc: GraphDoc, backend: Backend, data: TrainerOptions, opts: CheckOptions = {}): Promise<GradcheckReply> {
  const threshold = opts.threshold ?? 1e-4;
  const eps = opts.eps ?? 1e-5;
  try {
    const { feeds, seed } = feedsFor(doc, backend, data);
    const report = await gradcheck(doc, { feeds, seed, threshold, eps });
    const rows = report.nodes.map((n): GradcheckRow => ({
      id: n.id,
      op: n.op,
      // `!(x > t)` rather than `x <= t` would let NaN pass; the checker reports NaN as Infinity, but stay explicit.
      pass: n.nonFinite === undefined && n.maxRelError <= threshold,
      relError: n.maxRelError,
      checked: n.checked,
      size: n.size,
      worst: n.worst,
      ...(n.nonFinite !== undefined && { nonFinite: n.nonFinite }),
    }));
    return { ok: true, pass: report.ok, threshold, eps, rows };
  } catch (e) {
    const node = nodeOf(e);
    return { ok: false, message: messageOf(e), ...(node !== undefined && { node }) };
  }
}

/** Feeds for dataset-bound inputs and the seed params are initialised from, as a Run would use them. */
function feedsFor(doc: GraphDoc, backend: Backend, data: TrainerOptions): { feeds: Record<string, HostTensor>; seed: number } {
  const bound = doc.nodes.some((n) => n.op === 'input' && n.attrs?.['bind'] !== undefined);
  if (!bound) {
    const parsed = doc.training === undefined ? undefined : parseTrainingConfig(doc.training);
    return { feeds: {}, seed: parsed?.ok ? parsed.config.seed : 0 };
  }
  // The trainer is built only for its data and seed; the checker builds its own float64 session.
  const trainer = createTrainer(doc, backend, data);
  try {
    const bindings = findBindings(compileStructure(doc));
    const total = trainer.train.labels.length;
    const n = Math.min(CHECK_ROWS, total);
    const rows = Array.from({ length: n }, (_, i) => Math.floor((i * total) / n));
    return { feeds: gatherBatch(bindings, trainer.train, rows).feeds, seed: trainer.config.seed };
  } finally {
    trainer.dispose();
  }
}
