/**
 * One training run's bookkeeping between two progress reports: the step
 * points and epoch records not yet sent, the changes made while it ran, and
 * the steps-per-second estimate.
 */
import type { TrainingConfig } from '../train/config.js';
import type { Trainer } from '../train/trainer.js';
import type { EpochRecord, StepReport, StopReason } from '../train/types.js';
import type { TrainEvent, TrainIssue, TrainPhase, TrainProgress } from './protocol.js';

/** The rate is measured over about this much running time. */
const RATE_WINDOW_MS = 1000;
/** Least time between two rate samples. */
const SAMPLE_MS = 20;

function fmt(v: unknown): string {
  return typeof v === 'number' ? String(Number(v.toPrecision(4))) : JSON.stringify(v);
}

/** `optimizer.lr 0.1 → 0.01` for every leaf that differs between two configs. */
export function configChanges(before: TrainingConfig, after: TrainingConfig): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      out.push(`${path} ${a === undefined ? '(none)' : fmt(a)} → ${b === undefined ? '(none)' : fmt(b)}`);
    }
  };
  walk(before, after, '');
  return out;
}

export class TrainLog {
  private points = { step: [] as number[], loss: [] as number[], lr: [] as number[] };
  private records: EpochRecord[] = [];
  private events: TrainEvent[] = [];
  /** (time, step) samples while running, for the rate. */
  private samples: { t: number; step: number }[] = [];
  /** The newest step between samples, so the rate counts up to it. */
  private latest: { t: number; step: number } | undefined;
  reason: StopReason | undefined;
  /** Whether any step changed the weights. */
  trained = false;

  constructor(readonly run: number) {}

  addStep(r: StepReport, lr: number, now: number): void {
    this.points.step.push(r.step);
    this.points.loss.push(r.loss);
    this.points.lr.push(lr);
    this.trained = true;
    // A sample every few milliseconds is plenty for the rate; one per step (tens of thousands a second on
    // XOR) made the window's upkeep cost more than the step.
    const lastSample = this.samples.at(-1);
    if (lastSample === undefined || now - lastSample.t >= SAMPLE_MS) {
      this.samples.push({ t: now, step: r.step });
      while (this.samples.length > 2 && now - this.samples[0].t > RATE_WINDOW_MS) this.samples.shift();
    } else {
      this.latest = { t: now, step: r.step };
    }
  }

  addRecord(r: EpochRecord): void {
    this.records.push(r);
  }

  /** A pause breaks the rate's time line: only steps since the restart count. */
  markRunning(now: number): void {
    const step = Math.max(this.samples.at(-1)?.step ?? 0, this.latest?.step ?? 0);
    this.samples = [{ t: now, step }];
    this.latest = undefined;
  }

  /** Something the history should show at `step`, e.g. that the run moved to the CPU. */
  addEvent(step: number, text: string): void {
    this.events.push({ step, text });
  }

  noteChanges(before: TrainingConfig, after: TrainingConfig, step: number): void {
    for (const text of configChanges(before, after)) this.events.push({ step, text });
  }

  private rate(): number {
    const a = this.samples[0];
    const last = this.samples.at(-1);
    const b = this.latest && last && this.latest.t > last.t ? this.latest : last;
    if (!a || !b || b.t <= a.t) return 0;
    return ((b.step - a.step) * 1000) / (b.t - a.t);
  }

  /** The report as of now, with every delta since the last one (which are then forgotten). */
  report(s: { phase: TrainPhase; trainer: Trainer | null; issue: TrainIssue | undefined }): TrainProgress {
    const t = s.trainer;
    const n = t?.train.labels.length ?? 0;
    const stepsPerEpoch = t ? Math.ceil(n / t.batchSize) : 0;
    const epochs = t?.epochTarget ?? 0;
    const stepCap = t?.config.steps;
    const step = t?.stepCount ?? 0;
    const total = Math.min(epochs * stepsPerEpoch, stepCap ?? Infinity);
    const rate = s.phase === 'running' ? this.rate() : 0;
    const out: TrainProgress = {
      run: this.run,
      phase: s.phase,
      step,
      epoch: t?.epochCount ?? 0,
      epochs,
      stepsPerEpoch,
      ...(stepCap !== undefined && { stepCap }),
      stepsPerSecond: rate,
      ...(rate > 0 && { secondsLeft: Math.max(0, total - step) / rate }),
      lr: t?.lr ?? 0,
      points: this.points,
      records: this.records,
      events: this.events,
      ...(this.reason !== undefined && { reason: this.reason }),
      ...(s.issue !== undefined && { issue: s.issue }),
      trained: this.trained,
    };
    this.points = { step: [], loss: [], lr: [] };
    this.records = [];
    this.events = [];
    return out;
  }
}
