/**
 * What several commands share: reading a graph file into a GraphDoc, picking
 * a backend, loading the data a training block names, and the first batch
 * that `run` and `gradcheck` feed to dataset-bound inputs.
 */
import type { Backend } from '../backend/backend.js';
import { BACKEND_CHOICES, isBackendChoice, pickBackend, WebGpuUnavailableError } from '../backend/select.js';
import { nodeGpu } from './node-gpu.js';
import { compileStructure } from '../engine/compile.js';
import { Session } from '../engine/executor.js';
import { loadGraphText } from '../graph/load.js';
import type { GraphDoc } from '../graph/types.js';
import type { HostTensor } from '../tensor/tensor.js';
import { findBindings, gatherBatch, sliceBatch } from '../train/batches.js';
import { parseTrainingConfig } from '../train/config.js';
import { type Trainer, type TrainerOptions, createTrainer } from '../train/trainer.js';
import { UsageError } from './args.js';
import { loadMnistRaw } from './digits-loader.js';
import { problemsLine } from './errors.js';
import { readTextFile } from './files.js';

/** Backends `--backend` accepts. */
export const BACKENDS = BACKEND_CHOICES;

/** Reads and loads a graph file; throws a UsageError `FILE: problem` for any problem. */
export async function loadGraphFile(file: string): Promise<GraphDoc> {
  const loaded = loadGraphText(await readTextFile(file));
  if (!loaded.ok) throw new UsageError(`${file}: ${problemsLine(loaded.problems)}`);
  return loaded.doc;
}

/**
 * The backend a `--backend` flag names (default cpu: the reference, and the fastest for the small
 * graphs most files hold). `webgpu` without an adapter is a usage error saying what is missing.
 */
export async function selectBackend(name: string | undefined): Promise<Backend> {
  const choice = name ?? 'cpu';
  if (!isBackendChoice(choice)) throw new UsageError(`unknown backend ${JSON.stringify(name)} (available: ${BACKENDS.join(', ')})`);
  try {
    return (await pickBackend(choice, nodeGpu)).backend;
  } catch (e) {
    if (e instanceof WebGpuUnavailableError) throw new UsageError(e.message, { cause: e });
    throw e;
  }
}

/** The help line shared by every command that takes --backend. */
export const BACKEND_FLAG = {
  kind: 'choice',
  choices: BACKENDS,
  help: 'compute backend: cpu (default), webgpu, or auto (WebGPU on a hardware adapter, else cpu)',
} as const;

/** Loads the MNIST digits when the training block asks for them; nothing for synthetic datasets. */
export async function trainerOptions(file: string, doc: GraphDoc): Promise<TrainerOptions> {
  const dataset = doc.training?.['dataset'];
  const name = typeof dataset === 'object' && dataset !== null ? (dataset as { name?: unknown }).name : undefined;
  if (name !== 'digits') return {};
  try {
    return { digitsRaw: await loadMnistRaw() };
  } catch (e) {
    throw new UsageError(`${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** True when some input takes its value from the dataset (attrs.bind). */
export function hasBoundInputs(doc: GraphDoc): boolean {
  return doc.nodes.some((n) => n.op === 'input' && n.attrs?.['bind'] !== undefined);
}

/**
 * Rows of the training split as feeds for the bound inputs: the first `rows`, or
 * with `spread`, `rows` rows evenly spaced over the split (so that every class of
 * a dataset stored class by class shows up).
 */
export function batchOf(doc: GraphDoc, trainer: Trainer, rows: number, spread = false): Record<string, HostTensor> {
  const bindings = findBindings(compileStructure(doc));
  const total = trainer.train.labels.length;
  const n = Math.min(rows, total);
  if (!spread) return sliceBatch(bindings, trainer.train, 0, n).feeds;
  return gatherBatch(bindings, trainer.train, Array.from({ length: n }, (_, i) => Math.floor((i * total) / n))).feeds;
}

/**
 * A session for one pass over the graph and the feeds for its bound inputs:
 * with bound inputs, the trainer's session (seeded by training.seed) and the
 * first batch of the training split (`sample`: that many rows spread over it);
 * without, a plain session, seeded by training.seed when the block has one.
 */
export async function prepareSession(
  file: string,
  doc: GraphDoc,
  backend: Backend,
  sample?: number,
): Promise<{ session: Session; feeds: Record<string, HostTensor>; seed: number; dispose(): void }> {
  if (!hasBoundInputs(doc)) {
    const parsed = doc.training === undefined ? undefined : parseTrainingConfig(doc.training);
    const seed = parsed?.ok ? parsed.config.seed : 0;
    const session = new Session(doc, backend, { seed });
    return { session, feeds: {}, seed, dispose: () => session.dispose() };
  }
  if (doc.training === undefined) {
    const bound = doc.nodes.find((n) => n.op === 'input' && n.attrs?.['bind'] !== undefined);
    throw new UsageError(`${file}: node "${bound?.id ?? ''}": input is bound to the dataset, but the graph has no training block naming a dataset`);
  }
  const trainer = createTrainer(doc, backend, await trainerOptions(file, doc));
  const feeds = sample === undefined ? batchOf(doc, trainer, trainer.batchSize) : batchOf(doc, trainer, sample, true);
  return { session: trainer.session, feeds, seed: trainer.config.seed, dispose: () => trainer.dispose() };
}
