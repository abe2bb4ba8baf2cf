/**
 * Timing helpers shared by the benchmarks. Ours and the peer are timed in
 * alternation, one repetition each in turn, so that load from other processes
 * on a shared machine falls on both sides alike instead of on whichever ran
 * second. BENCH_CLOCK=cpu times with this process's CPU time (user + system)
 * instead of the wall clock: on a machine shared by more runnable processes
 * than it has cores, wall times mostly measure waiting for a core. It suits
 * single-threaded work only, and counts V8's background threads too.
 * No Node imports: the Chromium benchmark's worker bundles it too, and there times with the
 * wall clock (performance.now, which both have).
 */
import { median } from './stats.js';

/** How long to measure one comparison. */
export interface MeasureOptions {
  /** Untimed calls of each side first, so that V8 has optimised the hot code. */
  readonly warmup: number;
  /** Timed repetitions of each side at least, whatever the budget says. */
  readonly minReps: number;
  /** Timed repetitions of each side at most. */
  readonly maxReps: number;
  /** Stop adding repetitions (above minReps) once this many ms were spent timing. */
  readonly budgetMs: number;
}

/** Median milliseconds per call of each side, and how many timed calls each got. */
export interface PairTiming {
  readonly oursMs: number;
  readonly peerMs: number;
  readonly reps: number;
}

const CPU_CLOCK = typeof process !== 'undefined' && process.env['BENCH_CLOCK'] === 'cpu';

/** Which clock {@link measurePair} uses, for the benchmarks' printouts. */
export const CLOCK: 'wall' | 'cpu' = CPU_CLOCK ? 'cpu' : 'wall';

function timeOnce(fn: () => void): number {
  if (CPU_CLOCK) {
    const t0 = process.cpuUsage();
    fn();
    const t = process.cpuUsage(t0);
    return (t.user + t.system) / 1000;
  }
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Times `ours` and `peer` alternately; see {@link MeasureOptions}. */
export function measurePair(ours: () => void, peer: () => void, opts: MeasureOptions): PairTiming {
  for (let i = 0; i < opts.warmup; i++) {
    ours();
    peer();
  }
  const o: number[] = [];
  const p: number[] = [];
  let spent = 0;
  while (o.length < opts.maxReps && (o.length < opts.minReps || spent < opts.budgetMs)) {
    const to = timeOnce(ours);
    const tp = timeOnce(peer);
    o.push(to);
    p.push(tp);
    spent += to + tp;
  }
  return { oursMs: median(o), peerMs: median(p), reps: o.length };
}
