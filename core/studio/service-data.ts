/** Data the engine service reads besides steps: the dataset without a trainer, and diagnostics around a step. */
import { DatasetError, type Dataset } from '../data/dataset.js';
import { makeDataset } from '../data/make-dataset.js';
import { splitDataset } from '../data/split.js';
import type { Backend } from '../backend/backend.js';
import { Session, type StepResult } from '../engine/executor.js';
import type { GraphDoc } from '../graph/types.js';
import { sliceBatch } from '../train/batches.js';
import { trainingConfig } from '../train/config.js';
import { TrainingError } from '../train/errors.js';
import type { Trainer } from '../train/trainer.js';
import type { TrainerOptions } from '../train/types.js';
import { ACTIVATION_OPS, layerHealth, norm, updateRatio } from './health.js';
import type { Diagnostics, LayerHealth } from './protocol.js';

type HostArray = ArrayLike<number>;

export interface TrainingData {
  readonly train: Dataset;
  readonly val: Dataset | null;
}

/** The dataset and split a document's training block describes (the trainer makes the same). */
export function loadData(doc: GraphDoc, opts: TrainerOptions): TrainingData {
  const cfg = trainingConfig(doc.training);
  try {
    return splitDataset(makeDataset(cfg.dataset, { digitsRaw: opts.digitsRaw }), cfg.validation, ((cfg.dataset.seed ?? 0) ^ 0x5b117) >>> 0);
  } catch (e) {
    if (e instanceof DatasetError) throw new TrainingError(e.message);
    throw e;
  }
}

interface Captured {
  readonly before: Map<string, HostArray>;
  readonly grads: Map<string, HostArray>;
  readonly layers: LayerHealth[];
}

/** What capture reads from: a trainer's session, or a plain one (a graph without a training block). */
interface Source {
  readonly session: Session;
  readonly backend: Backend;
}

async function capture(t: Source, r: StepResult): Promise<Captured> {
  const before = new Map<string, HostArray>();
  const grads = new Map<string, HostArray>();
  for (const id of t.session.paramIds) {
    before.set(id, await t.backend.download(t.session.param(id)));
    const g = r.grad(id);
    if (g) grads.set(id, await t.backend.download(g));
  }
  const layers: LayerHealth[] = [];
  for (const n of r.plan.nodes) {
    if (!ACTIVATION_OPS.has(n.op.name)) continue;
    const v = r.value(n.id);
    if (!v) continue;
    const g = r.grad(n.id);
    layers.push(layerHealth(n.id, n.op.name, v.shape, await t.backend.download(v), g && (await t.backend.download(g))));
  }
  return { before, grads, layers };
}

function report(t: Source, c: Captured, after: Map<string, HostArray> | null, step: number, frozen: ReadonlySet<string>): Diagnostics {
  const params = t.session.paramIds.map((id) => {
    const w = c.before.get(id) as HostArray;
    const g = c.grads.get(id);
    const a = after?.get(id);
    return { id, weightNorm: norm(w), gradNorm: g ? norm(g) : 0, updateRatio: a ? updateRatio(w, a) : null, frozen: frozen.has(id) };
  });
  return { step, params, layers: c.layers };
}

/**
 * Diagnostics of a graph that has no training block (the init examples): one forward and backward
 * pass of the document as it stands, params initialised as Run initialises them.
 */
export async function documentDiagnostics(doc: GraphDoc, backend: Backend): Promise<Diagnostics> {
  const session = new Session(doc, backend, { seed: 0 });
  try {
    const r = session.run();
    try {
      const frozen = new Set(doc.nodes.filter((n) => n.op === 'param' && n.attrs?.['frozen'] === true).map((n) => n.id));
      return report({ session, backend }, await capture({ session, backend }, r), null, 0, frozen);
    } finally {
      r.release();
    }
  } finally {
    session.dispose();
  }
}

/**
 * Diagnostics around one training step: `inspect` goes to Trainer.advance and
 * captures activations, gradients and the weights before the update; `finish`
 * reads the weights after it. `preview` measures the first batch without
 * training (its own dropout seed, so the run's random stream is untouched).
 */
export async function computeDiagnostics(t: Trainer): Promise<{
  inspect: (r: StepResult) => Promise<void>;
  finish: () => Promise<Diagnostics>;
  preview: () => Promise<Diagnostics>;
}> {
  let captured: Captured | undefined;
  return {
    inspect: async (r) => {
      captured = await capture(t, r);
    },
    finish: async () => {
      if (!captured) throw new Error('diagnostics: the step was not inspected');
      const after = new Map<string, HostArray>();
      for (const id of t.session.paramIds) after.set(id, await t.backend.download(t.session.param(id)));
      return report(t, captured, after, t.stepCount, t.frozenIds);
    },
    preview: async () => {
      const { feeds } = sliceBatch(t.bindings, t.train, 0, t.batchSize);
      const r = t.session.run({ mode: 'train', feeds, rngSeed: 0x9e3779b9 });
      try {
        return report(t, await capture(t, r), null, t.stepCount, t.frozenIds);
      } finally {
        r.release();
      }
    },
  };
}
