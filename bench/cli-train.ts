/**
 * `bpstudio train` end to end: the real command line (`node bin/bpstudio.mjs train FILE --steps N
 * --json`, from the build, which this makes first) spawned on the digits example for a short and
 * a long step count, alternating, a few runs each. Reported: the whole process's median wall
 * and CPU time, ms per step over the whole long run (start-up, loading the digits and the
 * epoch-end measures included), and the steady-state ms per step, from the difference between
 * the two counts (start-up and loading cancel out; epoch-end measures stay, amortised).
 *
 * The peer is a step of the same network, batch and optimiser (read from the file) in this
 * process: tfjs-wasm's, timed against our engine's step alone (./mlp-step.ts) on random
 * batches of the same shapes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { freshBuild } from '../bin/cli-bundle.mjs';
import { CLOCK } from './measure.js';
import { benchMlpStep, type StepShape } from './mlp-step.js';
import type { Sgd } from './engine-step.js';
import { median } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The example, relative to the repository root. */
export const DIGITS_EXAMPLE = 'assets/examples/digits-mlp.bpgraph';

/**
 * Loaded into the spawned process (NODE_OPTIONS --import): on exit it writes the process's CPU
 * time to fd 3, so that BENCH_CLOCK=cpu can time the child as ./measure.ts times this process.
 */
const CPU_REPORT = `data:text/javascript,${encodeURIComponent(
  'import { writeSync } from "node:fs"; process.on("exit", () => { const u = process.cpuUsage(); writeSync(3, String((u.user + u.system) / 1000)); });',
)}`;

export interface CliTrainRow {
  readonly file: string;
  /** The short and the long run's --steps. */
  readonly steps: readonly [number, number];
  readonly runs: number;
  /** Median wall time of the whole process, short and long run (ms). */
  readonly wallMs: readonly [number, number];
  /** Median CPU time (user + system, all threads) of the whole process, short and long run (ms). */
  readonly cpuMs: readonly [number, number];
  /** The long run's time (on the benchmark's clock) over its steps. */
  readonly msPerStep: number;
  /** (long − short) / (long steps − short steps), on the benchmark's clock. */
  readonly marginalMsPerStep: number;
  /** The long run's training loss after its first epoch and at the end, and its final validation accuracy. */
  readonly loss: readonly [number, number];
  readonly valAccuracy: number;
  /** The network of the file, as the peer row names it. */
  readonly peerWorkload: string;
  /** Our engine's step alone and tfjs-wasm's, in this process (median ms). */
  readonly engineMs: number;
  readonly tfjsWasmMs: number;
  /** The first and last loss of the in-process steps, ours and tfjs-wasm's (same weights, same batches). */
  readonly engineLoss: readonly [number, number];
  readonly peerLoss: readonly [number, number];
}

interface Run {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly history: readonly { readonly loss: number }[];
  readonly final: { readonly loss: number; readonly valAccuracy?: number; readonly step: number };
}

function train(file: string, steps: number): Run {
  const args = [path.join(ROOT, 'bin', 'bpstudio.mjs'), 'train', path.join(ROOT, file), '--steps', String(steps), '--json'];
  // The build, as installed users run it, even where the environment asks for the sources.
  const { BPSTUDIO_FROM_SOURCE: _fromSource, ...inherited } = process.env;
  const env = { ...inherited, NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --import=${CPU_REPORT}`.trim() };
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], maxBuffer: 1 << 24 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`bpstudio train ${file} --steps ${steps}: exit ${r.status}: ${String(r.stderr)}`);
  const out = JSON.parse(String(r.stdout)) as Omit<Run, 'wallMs' | 'cpuMs'>;
  if (out.final.step !== steps) throw new Error(`bpstudio train ${file} --steps ${steps} stopped at step ${out.final.step}`);
  const cpuMs = Number(String(r.output[3] ?? ''));
  if (!(cpuMs > 0)) throw new Error(`bpstudio train: the process reported no CPU time on fd 3 (got "${String(r.output[3])}")`);
  return { wallMs, cpuMs, ...out };
}

/** The example's MLP as the peer builds it: sizes from its params, batch and optimiser from its training block. */
function exampleShape(file: string): { shape: StepShape; sgd: Sgd } {
  interface Doc {
    readonly nodes: readonly { readonly id: string; readonly op: string; readonly attrs?: { readonly shape?: number[] } }[];
    readonly training: { readonly batchSize: number; readonly optimizer: { readonly type: string; readonly lr: number; readonly momentum?: number; readonly nesterov?: boolean; readonly weightDecay?: number } };
  }
  const doc = JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as Doc;
  const weights = doc.nodes.filter((n) => n.op === 'param' && n.attrs?.shape?.length === 2).map((n) => n.attrs?.shape ?? []);
  const opt = doc.training.optimizer;
  if (weights.length !== 2 || opt.type !== 'sgd' || opt.nesterov) throw new Error(`${file}: expected a two-layer MLP trained with sgd (the peer builds that)`);
  const [[inputs, hidden], [, classes]] = weights;
  return {
    shape: { batch: doc.training.batchSize, inputs, hidden, classes },
    sgd: { lr: opt.lr, momentum: opt.momentum ?? 0, weightDecay: opt.weightDecay ?? 0 },
  };
}

/** Builds the command line, runs `bpstudio train` `runs` times at each step count, times the peer; leaves tfjs on 'cpu'. */
export async function benchCliTrain(file = DIGITS_EXAMPLE, steps: readonly [number, number] = [250, 1250], runs = 4): Promise<CliTrainRow> {
  // Without a fresh build bpstudio would run its sources through tsx: not what users run.
  execFileSync(process.execPath, [path.join(ROOT, 'bin', 'build-cli.mjs')], { stdio: 'pipe' });
  if (!freshBuild()) throw new Error('bpstudio: the command line build is stale right after npm run build:cli');
  train(file, steps[0]); // untimed: the first run reads the digits and the build from disk into the page cache
  const short: Run[] = [];
  const long: Run[] = [];
  for (let i = 0; i < runs; i++) {
    short.push(train(file, steps[0]));
    long.push(train(file, steps[1]));
  }
  const wall = [median(short.map((r) => r.wallMs)), median(long.map((r) => r.wallMs))] as const;
  const cpu = [median(short.map((r) => r.cpuMs)), median(long.map((r) => r.cpuMs))] as const;
  const clock = CLOCK === 'cpu' ? cpu : wall;
  const last = long[long.length - 1];

  const { shape, sgd } = exampleShape(file);
  await tf.setBackend('wasm');
  const peer = benchMlpStep(shape, sgd);
  await tf.setBackend('cpu');
  const momentum = sgd.momentum ? `, momentum ${sgd.momentum}` : '';
  const decay = sgd.weightDecay ? `, weight decay ${sgd.weightDecay}` : '';
  return {
    file,
    steps,
    runs,
    wallMs: wall,
    cpuMs: cpu,
    msPerStep: clock[1] / steps[1],
    marginalMsPerStep: (clock[1] - clock[0]) / (steps[1] - steps[0]),
    loss: [last.history[0]?.loss ?? Number.NaN, last.final.loss],
    valAccuracy: last.final.valAccuracy ?? Number.NaN,
    peerWorkload: `MLP ${shape.inputs}-${shape.hidden}-${shape.classes}, batch ${shape.batch}, sgd${momentum}${decay}`,
    engineMs: peer.oursMs,
    tfjsWasmMs: peer.peerMs,
    engineLoss: peer.oursLoss,
    peerLoss: peer.peerLoss,
  };
}
