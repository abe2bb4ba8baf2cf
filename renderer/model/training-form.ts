/**
 * The training panel's form over a graph's `training` block: reading and
 * writing one setting by its path, keeping the block valid when a choice
 * changes what applies (another optimiser, schedule or dataset), and finding
 * the command line's own messages for each field.
 */
import { DATASETS, DATASET_NAMES, type DatasetName } from '../../core/data/registry.js';
import type { GraphDoc } from '../../core/graph/types.js';
import { getOp } from '../../core/ops/registry.js';
import { parseTrainingConfig } from '../../core/train/config.js';

export type Block = Readonly<Record<string, unknown>>;

/** Options each optimiser takes besides type and lr (the config schema's table, in the order shown). */
export const OPTIMIZER_FIELDS = {
  sgd: ['momentum', 'nesterov', 'weightDecay'],
  adam: ['beta1', 'beta2', 'eps', 'weightDecay'],
  rmsprop: ['alpha', 'eps', 'weightDecay'],
} as const;
export type OptimizerType = keyof typeof OPTIMIZER_FIELDS;

export const SCHEDULE_FIELDS = { constant: [], step: ['stepSize', 'gamma'], cosine: ['epochs', 'minLr'] } as const;
export type ScheduleType = keyof typeof SCHEDULE_FIELDS;

/** Defaults shown (greyed) for optimiser options left out, as the config fills them in. */
export const OPTIMIZER_DEFAULTS: Readonly<Record<string, number | boolean>> = { momentum: 0, nesterov: false, weightDecay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, alpha: 0.99 };

/** A block a graph without one starts from: the smallest that trains. */
export const STARTER_BLOCK: Block = { dataset: { name: 'xor' }, epochs: 100, optimizer: { type: 'sgd', lr: 0.1 } };

function isObject(v: unknown): v is Block {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function getPath(block: Block | undefined, path: readonly string[]): unknown {
  let v: unknown = block;
  for (const key of path) v = isObject(v) ? v[key] : undefined;
  return v;
}

/** A copy of `block` with `path` set to `value` (undefined removes the key; emptied objects below the top stay). */
export function setPath(block: Block, path: readonly string[], value: unknown): Block {
  const [key, ...rest] = path;
  if (key === undefined) return block;
  const out: Record<string, unknown> = { ...block };
  if (rest.length === 0) {
    if (value === undefined) delete out[key];
    else out[key] = value;
    return out;
  }
  const child = isObject(block[key]) ? block[key] : {};
  out[key] = setPath(child, rest, value);
  return out;
}

/** Another optimiser: the options that do not apply to it are dropped, the learning rate and weight decay kept. */
export function withOptimizerType(block: Block, type: OptimizerType): Block {
  const opt = isObject(block['optimizer']) ? block['optimizer'] : {};
  const kept: Record<string, unknown> = { type, lr: opt['lr'] ?? 0.01 };
  for (const key of OPTIMIZER_FIELDS[type]) if (opt[key] !== undefined) kept[key] = opt[key];
  return { ...block, optimizer: kept };
}

export function withScheduleType(block: Block, type: ScheduleType): Block {
  if (type === 'constant') return setPath(block, ['schedule'], undefined);
  const old = isObject(block['schedule']) ? block['schedule'] : {};
  const next: Record<string, unknown> = { type };
  for (const key of SCHEDULE_FIELDS[type]) if (old[key] !== undefined) next[key] = old[key];
  if (type === 'step' && next['stepSize'] === undefined) next['stepSize'] = 10;
  return { ...block, schedule: next };
}

/** Another dataset: its own options start from their defaults; the seed is kept. */
export function withDataset(block: Block, name: DatasetName): Block {
  const old = isObject(block['dataset']) ? block['dataset'] : {};
  return { ...block, dataset: old['seed'] === undefined ? { name } : { name, seed: old['seed'] } };
}

export function isDatasetName(v: unknown): v is DatasetName {
  return typeof v === 'string' && (DATASET_NAMES as readonly string[]).includes(v);
}

/** The dataset's options other than its seed (shown as fields), from the registry. */
export function datasetOptions(name: DatasetName) {
  return Object.entries(DATASETS[name].options).filter(([key]) => key !== 'seed');
}

/**
 * The block's problems, by field path (`optimizer.lr`), as `bpstudio validate` words them; those
 * naming no field of the form are under ''.
 */
export function fieldMessages(block: Block | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (block === undefined) return out;
  const parsed = parseTrainingConfig(block);
  if (parsed.ok) return out;
  for (const message of parsed.messages) {
    const m = /^training\.([\w.]+) /.exec(message);
    const key = m ? m[1] : '';
    out.set(key, [...(out.get(key) ?? []), message]);
  }
  return out;
}

/** Nodes that can feed the dataset: inputs. */
export function inputNodes(doc: GraphDoc): string[] {
  return doc.nodes.filter((n) => n.op === 'input').map((n) => n.id);
}

/** The input bound to features or labels, if any. */
export function boundInput(doc: GraphDoc, bind: 'features' | 'labels'): string | undefined {
  return doc.nodes.find((n) => n.op === 'input' && n.attrs?.['bind'] === bind)?.id;
}

/** Loss nodes first (the usual output when training), then every other node. */
export function outputCandidates(doc: GraphDoc): { losses: string[]; others: string[] } {
  const losses: string[] = [];
  const others: string[] = [];
  for (const n of doc.nodes) (getOp(n.op)?.category === 'losses' ? losses : others).push(n.id);
  return { losses, others };
}
