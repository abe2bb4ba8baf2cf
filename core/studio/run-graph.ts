/**
 * The editor's Run: one forward and one backward pass, exactly as
 * `bpstudio run` does it (dataset-bound inputs get the first batch of the
 * training split; params without a stored value are initialised from the
 * training seed), returning every node's value and gradient.
 */
import type { Backend } from '../backend/backend.js';
import { Session, type StepResult } from '../engine/executor.js';
import { GraphError, formatProblem, type GraphDoc } from '../graph/types.js';
import type { HostTensor } from '../tensor/tensor.js';
import { sliceBatch } from '../train/batches.js';
import { parseTrainingConfig } from '../train/config.js';
import { TrainingError } from '../train/errors.js';
import { createTrainer, type Trainer } from '../train/trainer.js';
import type { TrainerOptions } from '../train/types.js';
import type { RunReply } from './protocol.js';

/** The message of any error the engine throws for bad input, one problem a line. */
export function messageOf(e: unknown): string {
  if (e instanceof GraphError) return e.problems.map(formatProblem).join('\n');
  if (e instanceof TrainingError) return e.problems.join('\n');
  return e instanceof Error ? e.message : String(e);
}

/** The node an error names, where it names one. */
export function nodeOf(e: unknown): string | undefined {
  if (e instanceof GraphError) return e.problems.find((p) => p.node !== undefined)?.node;
  if (e instanceof TrainingError) return e.node;
  return undefined;
}

/** Reads every value and gradient of a run, then frees its temporaries. */
export async function readRun(r: StepResult): Promise<RunReply> {
  try {
    const values: Record<string, HostTensor> = {};
    const grads: Record<string, HostTensor> = {};
    const edgeGrads: Record<string, HostTensor> = {};
    for (const n of r.plan.nodes) {
      const v = r.value(n.id);
      if (v) values[n.id] = await r.read(v);
      const g = n.onPath ? r.grad(n.id) : undefined;
      if (g) grads[n.id] = await r.read(g);
      for (let p = 0; p < n.inputs.length; p++) {
        const j = n.inputs[p];
        const e = j === undefined ? undefined : r.edgeGrad(n.id, p);
        if (e && j !== undefined) edgeGrads[`${r.plan.nodes[j].id}->${n.id}.${n.op.inputs[p].name}`] = await r.read(e);
      }
    }
    return { ok: true, output: r.plan.nodes[r.plan.output].id, values, grads, edgeGrads, order: r.plan.nodes.map((n) => n.id) };
  } finally {
    r.release();
  }
}

/** Forward and backward on a trainer's current weights, with the first batch of its training split. */
export function runOnTrainer(trainer: Trainer): Promise<RunReply> {
  const { feeds } = sliceBatch(trainer.bindings, trainer.train, 0, trainer.batchSize);
  return readRun(trainer.session.run({ feeds, edgeGrads: true }));
}

/** Runs `doc` forward and backward on a fresh session; never throws. */
export async function runGraph(doc: GraphDoc, backend: Backend, data: TrainerOptions): Promise<RunReply> {
  const bound = doc.nodes.some((n) => n.op === 'input' && n.attrs?.['bind'] !== undefined);
  let dispose = (): void => undefined;
  try {
    if (bound) {
      const trainer = createTrainer(doc, backend, data);
      dispose = () => trainer.dispose();
      return await runOnTrainer(trainer);
    }
    const parsed = doc.training === undefined ? undefined : parseTrainingConfig(doc.training);
    const s = new Session(doc, backend, { seed: parsed?.ok ? parsed.config.seed : 0 });
    dispose = () => s.dispose();
    return await readRun(s.run({ edgeGrads: true }));
  } catch (e) {
    const node = nodeOf(e);
    return { ok: false, message: messageOf(e), ...(node !== undefined && { node }) };
  } finally {
    dispose();
  }
}

