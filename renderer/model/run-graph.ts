/**
 * The toolbar's Run: one forward and one backward pass on the CPU backend,
 * exactly as `bpstudio run` does it (dataset-bound inputs get the first batch
 * of the training split; params without a stored value are initialised from
 * the training seed), returning every node's value and gradient.
 */
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { DATASETS } from '../../core/data/registry.js';
import { compileStructure } from '../../core/engine/compile.js';
import { Session } from '../../core/engine/executor.js';
import { GraphError, formatProblem, type GraphDoc } from '../../core/graph/types.js';
import type { HostTensor } from '../../core/tensor/tensor.js';
import { findBindings, sliceBatch } from '../../core/train/batches.js';
import { parseTrainingConfig } from '../../core/train/config.js';
import { TrainingError } from '../../core/train/errors.js';
import { createTrainer } from '../../core/train/trainer.js';

export interface RunValues {
  readonly output: string;
  readonly values: ReadonlyMap<string, HostTensor>;
  /** d(output)/d(node) for every node the output depends on. */
  readonly grads: ReadonlyMap<string, HostTensor>;
}

export type RunOutcome = { readonly ok: true; readonly result: RunValues } | { readonly ok: false; readonly message: string };

function datasetName(doc: GraphDoc): string | undefined {
  const ds = doc.training?.['dataset'];
  const name = typeof ds === 'object' && ds !== null ? (ds as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : undefined;
}

function messageOf(e: unknown): string {
  if (e instanceof GraphError) return e.problems.map(formatProblem).join('\n');
  if (e instanceof TrainingError) return e.problems.join('\n');
  return e instanceof Error ? e.message : String(e);
}

/** Runs `doc` forward and backward; never throws. */
export async function runGraph(doc: GraphDoc): Promise<RunOutcome> {
  const backend = createCpuBackend();
  const bound = doc.nodes.some((n) => n.op === 'input' && n.attrs?.['bind'] !== undefined);
  let dispose = (): void => undefined;
  try {
    let session: Session;
    let feeds: Record<string, HostTensor> = {};
    if (bound) {
      const name = datasetName(doc);
      if (name !== undefined && name in DATASETS && DATASETS[name as keyof typeof DATASETS].needsExternalData) {
        return { ok: false, message: `this graph trains on the "${name}" dataset, whose files the editor cannot load; run it with \`bpstudio run FILE\`` };
      }
      const trainer = createTrainer(doc, backend);
      dispose = () => trainer.dispose();
      session = trainer.session;
      feeds = sliceBatch(findBindings(compileStructure(doc)), trainer.train, 0, trainer.batchSize).feeds;
    } else {
      const parsed = doc.training === undefined ? undefined : parseTrainingConfig(doc.training);
      const s = new Session(doc, backend, { seed: parsed?.ok ? parsed.config.seed : 0 });
      dispose = () => s.dispose();
      session = s;
    }
    const r = session.run({ feeds });
    try {
      const values = new Map<string, HostTensor>();
      const grads = new Map<string, HostTensor>();
      for (const n of r.plan.nodes) {
        const v = r.value(n.id);
        if (v) values.set(n.id, await r.read(v));
        const g = n.onPath ? r.grad(n.id) : undefined;
        if (g) grads.set(n.id, await r.read(g));
      }
      return { ok: true, result: { output: r.plan.nodes[r.plan.output].id, values, grads } };
    } finally {
      r.release();
    }
  } catch (e) {
    return { ok: false, message: messageOf(e) };
  } finally {
    dispose();
  }
}
