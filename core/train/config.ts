/**
 * The `training` block of a graph file: its zod schema and the typed,
 * defaulted TrainingConfig the trainer works from. Every problem comes back
 * as one line located by its path: `training.optimizer.lr must be > 0`.
 */
import { z } from 'zod';
import { datasetSpecSchema } from '../data/spec-schema.js';
import type { DatasetSpec } from '../data/registry.js';
import { assertNever } from '../ops/attrs.js';
import { TrainingError } from './errors.js';
import { messageFor, unknownKeys, type IssueLike } from './config-messages.js';

/** Optimiser settings; `sgd` becomes the backend rule sgd, momentum or nesterov. */
export type OptimizerConfig =
  | { readonly type: 'sgd'; readonly lr: number; readonly momentum: number; readonly nesterov: boolean; readonly weightDecay: number }
  | { readonly type: 'adam'; readonly lr: number; readonly beta1: number; readonly beta2: number; readonly eps: number; readonly weightDecay: number }
  | { readonly type: 'rmsprop'; readonly lr: number; readonly alpha: number; readonly eps: number; readonly weightDecay: number };

/** Learning-rate schedule, evaluated once per epoch (see schedule.ts). */
export type ScheduleConfig =
  | { readonly type: 'constant' }
  | { readonly type: 'step'; readonly stepSize: number; readonly gamma: number }
  /** `epochs`: the period; undefined means the number of epochs being trained. */
  | { readonly type: 'cosine'; readonly epochs?: number; readonly minLr: number };

export type Monitor = 'valLoss' | 'loss' | 'valAccuracy' | 'accuracy';

export interface EarlyStoppingConfig {
  readonly monitor: Monitor;
  /** Epochs without improvement before stopping. */
  readonly patience: number;
  /** An improvement must exceed this to count. */
  readonly minDelta: number;
  /** When it stops, put back the params (and batchnorm statistics) of the best epoch. */
  readonly restoreBest: boolean;
}

/** The training block with every default filled in. */
export interface TrainingConfig {
  readonly dataset: DatasetSpec;
  /** Fraction held out for validation, in [0, 1). */
  readonly validation: number;
  /** Node whose output gives accuracy; absent means no accuracy metric. */
  readonly predictions?: string;
  /** Cut-off for single-column predictions. */
  readonly threshold: number;
  /** Rows per step; undefined means the whole training split (full batch). */
  readonly batchSize?: number;
  readonly epochs: number;
  /** Cap on the total number of steps. */
  readonly steps?: number;
  readonly shuffle: boolean;
  /** Seeds param initialisation, shuffling and dropout. */
  readonly seed: number;
  readonly optimizer: OptimizerConfig;
  readonly schedule: ScheduleConfig;
  readonly earlyStopping?: EarlyStoppingConfig;
}

const MAX_SEED = 0xffffffff;

const num = () => z.number();
const fraction = () => num().min(0).lt(1);
const posInt = () => num().int().min(1);

/** Keys each optimiser type takes besides `type`. */
const OPTIMIZER_KEYS = {
  sgd: ['lr', 'momentum', 'nesterov', 'weightDecay'],
  adam: ['lr', 'beta1', 'beta2', 'eps', 'weightDecay'],
  rmsprop: ['lr', 'alpha', 'eps', 'weightDecay'],
} as const;

const SCHEDULE_KEYS = { constant: [], step: ['stepSize', 'gamma'], cosine: ['epochs', 'minLr'] } as const;

/** Rejects keys that exist in the object schema but do not apply to the chosen `type`. */
function keysFor<T extends string>(table: Readonly<Record<T, readonly string[]>>) {
  return (value: Readonly<Record<string, unknown>> & { type: T }, ctx: z.RefinementCtx) => {
    const allowed: readonly string[] = table[value.type];
    for (const key of Object.keys(value)) {
      if (key !== 'type' && value[key] !== undefined && !allowed.includes(key)) {
        const takes = allowed.length ? `it takes ${allowed.join(', ')}` : 'it takes no options';
        ctx.addIssue({ code: 'custom', path: [key], message: `does not apply to type "${value.type}" (${takes})` });
      }
    }
  };
}

const optimizerObject = z.strictObject({
  type: z.enum(['sgd', 'adam', 'rmsprop']).default('sgd'),
  lr: num().gt(0),
  momentum: fraction().optional(),
  nesterov: z.boolean().optional(),
  weightDecay: num().min(0).optional(),
  beta1: fraction().optional(),
  beta2: fraction().optional(),
  alpha: fraction().optional(),
  eps: num().gt(0).optional(),
});

const optimizerSchema = optimizerObject
  .superRefine(keysFor(OPTIMIZER_KEYS))
  .superRefine((o, ctx) => {
    if (o.nesterov === true && !(o.momentum !== undefined && o.momentum > 0)) {
      ctx.addIssue({ code: 'custom', path: ['nesterov'], message: 'needs momentum > 0' });
    }
  })
  .transform((o): OptimizerConfig => {
    const weightDecay = o.weightDecay ?? 0;
    switch (o.type) {
      case 'sgd': return { type: 'sgd', lr: o.lr, momentum: o.momentum ?? 0, nesterov: o.nesterov ?? false, weightDecay };
      case 'adam': return { type: 'adam', lr: o.lr, beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999, eps: o.eps ?? 1e-8, weightDecay };
      case 'rmsprop': return { type: 'rmsprop', lr: o.lr, alpha: o.alpha ?? 0.99, eps: o.eps ?? 1e-8, weightDecay };
      default: return assertNever(o.type);
    }
  });

const scheduleObject = z.strictObject({
  type: z.enum(['constant', 'step', 'cosine']),
  stepSize: posInt().optional(),
  gamma: num().gt(0).optional(),
  epochs: posInt().optional(),
  minLr: num().min(0).optional(),
});

const scheduleSchema = scheduleObject
  .superRefine(keysFor(SCHEDULE_KEYS))
  .superRefine((s, ctx) => {
    if (s.type === 'step' && s.stepSize === undefined) ctx.addIssue({ code: 'custom', path: ['stepSize'], message: 'is required for a step schedule (epochs between decays)' });
  })
  .transform((s): ScheduleConfig => {
    switch (s.type) {
      case 'constant': return { type: 'constant' };
      case 'step': return { type: 'step', stepSize: s.stepSize ?? 1, gamma: s.gamma ?? 0.1 };
      case 'cosine': return { type: 'cosine', epochs: s.epochs, minLr: s.minLr ?? 0 };
      default: return assertNever(s.type);
    }
  });

const earlyStoppingSchema = z.strictObject({
  monitor: z.enum(['valLoss', 'loss', 'valAccuracy', 'accuracy']).optional(),
  patience: posInt().default(10),
  minDelta: num().min(0).default(0),
  restoreBest: z.boolean().default(false),
});

/** The dataset spec is validated by core/data's own schema, its issues re-rooted here. */
const datasetField = z.unknown().transform((raw, ctx): DatasetSpec => {
  if (raw === undefined) {
    ctx.addIssue({ code: 'custom', message: 'is required: an object naming a dataset, such as { "name": "spiral" }' });
    return z.NEVER;
  }
  const r = datasetSpecSchema.safeParse(raw);
  if (r.success) return r.data;
  for (const iss of r.error.issues) ctx.addIssue({ code: 'custom', path: iss.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: iss.message });
  return z.NEVER;
});

const trainingObject = z.strictObject({
  dataset: datasetField,
  validation: fraction().default(0),
  predictions: z.string().min(1).optional(),
  threshold: num().default(0.5),
  batchSize: posInt().optional(),
  epochs: posInt().default(100),
  steps: posInt().optional(),
  shuffle: z.boolean().default(true),
  seed: num().int().min(0).max(MAX_SEED).default(0),
  optimizer: optimizerSchema,
  schedule: scheduleSchema.default({ type: 'constant' }),
  earlyStopping: earlyStoppingSchema.optional(),
});

/** Keys each object of the block accepts, by path, for messages about unknown keys. */
const KNOWN_KEYS: ReadonlyMap<string, readonly string[]> = new Map([
  ['training', Object.keys(trainingObject.shape)],
  ['training.optimizer', Object.keys(optimizerObject.shape)],
  ['training.schedule', Object.keys(scheduleObject.shape)],
  ['training.earlyStopping', Object.keys(earlyStoppingSchema.shape)],
]);

/** Zod schema of the raw training block (the early-stopping monitor's default is filled by parseTrainingConfig). */
export const trainingSchema = trainingObject
  .superRefine((t, ctx) => {
    const m = t.earlyStopping?.monitor;
    if ((m === 'valLoss' || m === 'valAccuracy') && t.validation === 0) {
      ctx.addIssue({ code: 'custom', path: ['earlyStopping', 'monitor'], message: `is "${m}" but there is no validation set (set training.validation > 0)` });
    }
    if ((m === 'accuracy' || m === 'valAccuracy') && t.predictions === undefined) {
      ctx.addIssue({ code: 'custom', path: ['earlyStopping', 'monitor'], message: `is "${m}" but training.predictions names no node to measure accuracy on` });
    }
  });

/** Validates a raw training block; on failure, one line per problem. */
export function parseTrainingConfig(raw: unknown): { ok: true; config: TrainingConfig } | { ok: false; messages: string[] } {
  if (raw === undefined) {
    return { ok: false, messages: ['the graph has no training block: add "training": { "dataset": { "name": ... }, "optimizer": { "lr": ... } }'] };
  }
  const r = trainingSchema.safeParse(raw, { error: (iss) => messageFor(iss) });
  if (!r.success) return { ok: false, messages: formatIssues(r.error.issues) };
  const t = r.data;
  const es = t.earlyStopping;
  const config: TrainingConfig = {
    ...t,
    earlyStopping: es && { ...es, monitor: es.monitor ?? (t.validation > 0 ? 'valLoss' : 'loss') },
  };
  return { ok: true, config };
}

/** Validates a raw training block; throws TrainingError listing every problem. */
export function trainingConfig(raw: unknown): TrainingConfig {
  const r = parseTrainingConfig(raw);
  if (!r.ok) throw new TrainingError(r.messages);
  return r.config;
}

/** `training.optimizer.lr must be > 0`; unknown keys get one line each, located at the key. */
function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  const out: string[] = [];
  for (const iss of issues as readonly IssueLike[]) {
    const base = ['training', ...iss.path.map(String)].join('.');
    if (iss.code === 'unrecognized_keys') out.push(...unknownKeys(base, iss.keys, KNOWN_KEYS.get(base)));
    else out.push(`${base} ${iss.message}`);
  }
  return out;
}
