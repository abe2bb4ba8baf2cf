/**
 * The training runs the editor remembers for its curves: progress reports
 * from the engine worker are deltas, appended here. The last few runs are
 * kept so they can be compared, each labelled with its hyper-parameters.
 */
import type { Diagnostics, TrainEvent, TrainProgress } from '../../core/studio/protocol.js';
import type { EpochRecord } from '../../core/train/types.js';

/** Runs kept for comparison (the current one included). */
export const KEPT_RUNS = 4;
/** Diagnostics samples kept per run (the oldest are thinned out past this). */
const KEPT_DIAGNOSTICS = 400;

/** One run's history. The arrays grow in place; `version` changes with every append, so views know to redraw. */
export interface RunHistory {
  readonly run: number;
  /** Hyper-parameters in a few words: `sgd lr 0.5 momentum 0.9 · batch 4`. */
  readonly label: string;
  version: number;
  readonly steps: number[];
  readonly loss: number[];
  readonly lr: number[];
  readonly records: EpochRecord[];
  readonly events: TrainEvent[];
  readonly diagnostics: Diagnostics[];
}

/** `sgd lr 0.5 momentum 0.9 · batch 4 · seed 1` from a training block. */
export function describeTraining(training: Readonly<Record<string, unknown>> | undefined): string {
  if (!training) return 'no training block';
  const opt = (training['optimizer'] ?? {}) as Record<string, unknown>;
  const parts = [String(opt['type'] ?? 'sgd'), `lr ${String(opt['lr'])}`];
  for (const key of ['momentum', 'beta1', 'beta2', 'alpha', 'weightDecay']) if (typeof opt[key] === 'number' && opt[key] !== 0) parts.push(`${key} ${String(opt[key])}`);
  if (opt['nesterov'] === true) parts.push('nesterov');
  const more = [typeof training['batchSize'] === 'number' ? `batch ${String(training['batchSize'])}` : 'full batch'];
  if (typeof training['seed'] === 'number') more.push(`seed ${String(training['seed'])}`);
  return [parts.join(' '), ...more].join(' · ');
}

export function newRun(run: number, label: string): RunHistory {
  return { run, label, version: 0, steps: [], loss: [], lr: [], records: [], events: [], diagnostics: [] };
}

/** Appends a report's deltas to its run; returns the runs list, with a new run started (and old ones dropped) when the report begins one. */
export function applyProgress(runs: readonly RunHistory[], p: TrainProgress, label: string): RunHistory[] {
  const hasNews = p.points.step.length > 0 || p.records.length > 0 || p.events.length > 0;
  if (p.run === 0) return [...runs];
  let list = [...runs];
  let h = list.find((r) => r.run === p.run);
  if (!h) {
    // A report without news (a run ended by an edit, the state after a reset) starts nothing.
    if (!hasNews) return list;
    h = newRun(p.run, label);
    list = [...list, h].slice(-KEPT_RUNS);
  }
  if (hasNews) {
    h.steps.push(...p.points.step);
    h.loss.push(...p.points.loss);
    h.lr.push(...p.points.lr);
    h.records.push(...p.records);
    h.events.push(...p.events);
    h.version++;
  }
  return list;
}

/** Appends a diagnostics sample, thinning the oldest half to every other sample when full. */
export function addDiagnostics(h: RunHistory, d: Diagnostics): void {
  const last = h.diagnostics.at(-1);
  if (last && last.step === d.step) h.diagnostics[h.diagnostics.length - 1] = d;
  else h.diagnostics.push(d);
  if (h.diagnostics.length > KEPT_DIAGNOSTICS) {
    const half = KEPT_DIAGNOSTICS / 2;
    const thinned = h.diagnostics.slice(0, half).filter((_, i) => i % 2 === 0);
    h.diagnostics.splice(0, half, ...thinned);
  }
  h.version++;
}
