/**
 * `npm run bench`'s results: what bench/results.json holds, and the README's section made from it
 * (between the `<!-- bench:results -->` and `<!-- /bench:results -->` markers), so that the figures
 * in the README are always those of the latest run, with its date, machine and versions.
 */
import type { AllocationRow } from './allocation.js';
import type { CliTrainRow } from './cli-train.js';
import type { MatmulRow } from './matmul-bench.js';
import type { ChromiumCpuRun } from './chromium-cpu/pairings.js';
import { chromiumCpuTable } from './chromium-cpu/table.js';

/** A training-step row: both sides timed, or the peer unable to run the workload and why. */
export type StepResult = MeasuredStep | UnsupportedStep;

export interface MeasuredStep {
  readonly workload: string;
  readonly peer: 'tfjs-cpu' | 'tfjs-wasm';
  readonly oursMs: number;
  readonly peerMs: number;
  readonly reps: number;
  /** Each side's loss at its first and last timed step (same weights, same batches). */
  readonly oursLoss?: readonly [number, number];
  readonly peerLoss?: readonly [number, number];
}

export interface UnsupportedStep {
  readonly workload: string;
  readonly peer: 'tfjs-cpu' | 'tfjs-wasm';
  /** Why the peer cannot take the step, e.g. a kernel its backend lacks. */
  readonly unsupported: string;
}

export interface BenchResults {
  readonly date: string;
  readonly machine: string;
  readonly node: string;
  readonly tfjs: string;
  readonly clock: 'wall' | 'cpu';
  readonly matmul: readonly MatmulRow[];
  readonly steps: readonly StepResult[];
  readonly addMul?: { readonly oursUs: number; readonly peerUs: number; readonly peer: string };
  /** The MLP step through Trainer.run (what `bpstudio train` runs), the engine alone, and tfjs-wasm's step (ms). */
  readonly trainer?: { readonly trainerMs: number; readonly engineMs: number; readonly tfjsWasmMs: number };
  /** `bpstudio train` on the digits example, spawned, against a tfjs-wasm step of the same network. */
  readonly cliTrain?: CliTrainRow;
  /** Growth over 1,000 MLP steps after a warm-up (MB). */
  readonly memory?: {
    readonly steps: number;
    readonly arrayBuffersMb: number;
    readonly heapMb: number;
    readonly rssMb: number;
    readonly arrayBuffersEndMb: number;
    /** Absent in results written before tensors lived in the WebAssembly heap. */
    readonly wasmHeapMb?: number;
    readonly wasmHeapEndMb?: number;
  };
  /** A steady-state training step replayed against the same engine op by op: bytes allocated and ms per step (bench/allocation.ts). */
  readonly allocation?: readonly AllocationRow[];
  /** The same workloads in a cross-origin-isolated Chromium worker (bench/chromium-cpu.ts), or why they did not run. */
  readonly chromium?: ChromiumCpuRun | { readonly skipped: string };
}

const f = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : '—');
/** `x` with its unit, or a bare dash when there is no figure (an engine without WebAssembly SIMD). */
const fu = (x: number, d: number, unit: string) => (Number.isFinite(x) ? `${x.toFixed(d)}${unit}` : '—');
const ratio = (a: number, b: number) => fu(a / b, 2, '×');

/** `256×256`, or a transposed product's label with its operands' sizes: `dW = xᵀ·dy, 784×128 · 128×256`. */
export function matmulLabel(m: MatmulRow): string {
  return m.transA || m.transB ? `${m.label}, ${m.m}×${m.k} · ${m.k}×${m.n}` : m.label;
}

function lossSpan(l: readonly [number, number] | undefined): string {
  return l ? `${f(l[0], 3)} → ${f(l[1], 3)}` : '—';
}

function stepLine(s: StepResult): string {
  if ('unsupported' in s) return `| ${s.workload} | ${s.peer} | — | — | — (${s.unsupported}) | — |`;
  return `| ${s.workload} | ${s.peer} | ${fu(s.oursMs, 3, ' ms')} | ${fu(s.peerMs, 3, ' ms')} | ${ratio(s.peerMs, s.oursMs)} | ${lossSpan(s.oursLoss)} / ${lossSpan(s.peerLoss)} |`;
}

function cliTrainLines(c: CliTrainRow, clock: BenchResults['clock']): string[] {
  const secs = (ms: number) => fu(ms / 1000, 2, ' s');
  const ms = (x: number) => fu(x, 3, ' ms');
  return [
    '',
    `\`bpstudio train ${c.file} --steps N\`, the whole process spawned (medians of ${c.runs} alternating runs; training loss ${f(c.loss[0], 3)} after the first epoch, ${f(c.loss[1], 3)} after ${c.steps[1]} steps, validation accuracy ${fu(c.valAccuracy * 100, 1, '%')}), against a step of the same network (${c.peerWorkload}) in this process; per step on the ${clock} clock:`,
    '',
    '| bpstudio train | wall | CPU time | per step | tfjs-wasm step | tfjs-wasm ÷ ours |',
    '|---|---|---|---|---|---|',
    `| ${c.steps[0]} steps | ${secs(c.wallMs[0])} | ${secs(c.cpuMs[0])} | | | |`,
    `| ${c.steps[1]} steps, the whole process | ${secs(c.wallMs[1])} | ${secs(c.cpuMs[1])} | ${ms(c.msPerStep)} | ${ms(c.tfjsWasmMs)} | ${ratio(c.tfjsWasmMs, c.msPerStep)} |`,
    `| each step past the first ${c.steps[0]} (the difference) | | | ${ms(c.marginalMsPerStep)} | ${ms(c.tfjsWasmMs)} | ${ratio(c.tfjsWasmMs, c.marginalMsPerStep)} |`,
    `| our engine's step alone, in this process | | | ${ms(c.engineMs)} | ${ms(c.tfjsWasmMs)} | ${ratio(c.tfjsWasmMs, c.engineMs)} |`,
  ];
}

/** Columns for our kernel on threads, where any row has them. */
function threadsHead(rows: readonly MatmulRow[]): string {
  const t = rows.find((m) => m.threaded)?.threaded;
  return t ? ` ours, ${t.threads} threads | ÷ tfjs-wasm, 1 thread |` : '';
}

function threadsCells(rows: readonly MatmulRow[], m: MatmulRow): string {
  if (!rows.some((x) => x.threaded)) return '';
  return m.threaded ? ` ${f(m.threaded.gflops, 2)} | ${ratio(m.threaded.gflops, m.threaded.tfjsWasmGflops)} |` : ' — | — |';
}

/** The README's section for `r`. */
export function resultsMarkdown(r: BenchResults): string {
  const lines = [
    `Latest \`npm run bench\` (${r.date}, ${r.machine}, Node ${r.node}, tfjs ${r.tfjs}, ${r.clock} clock, medians of alternating repetitions; written to \`bench/results.json\`):`,
    '',
    `| matmul, float32 | ours, TypeScript | tfjs-cpu | ratio | ours, WebAssembly SIMD, 1 thread | tfjs-wasm | ratio |${threadsHead(r.matmul)} max \\|diff\\| |`,
    `|---|---|---|---|---|---|---|${r.matmul.some((m) => m.threaded) ? '---|---|' : ''}---|`,
    ...r.matmul.map(
      (m) =>
        `| ${matmulLabel(m)} | ${fu(m.tsGflops, 2, ' GFLOP/s')} | ${f(m.tfjsCpuGflops, 2)} | ${ratio(m.tsGflops, m.tfjsCpuGflops)} | ${fu(m.wasmGflops, 2, ' GFLOP/s')} | ${f(m.tfjsWasmGflops, 2)} | ${ratio(m.wasmGflops, m.tfjsWasmGflops)} |${threadsCells(r.matmul, m)} ${m.maxDiff.toExponential(1)} |`,
    ),
    '',
    '| training step | against | ours | peer | peer ÷ ours | loss first → last, ours / peer |',
    '|---|---|---|---|---|---|',
    ...r.steps.map(stepLine),
  ];
  if (r.cliTrain) lines.push(...cliTrainLines(r.cliTrain, r.clock));
  if (r.trainer) {
    const t = r.trainer;
    lines.push('', `The MLP step through \`Trainer.run\` (what \`bpstudio train\` runs, 28×28 digits): ${f(t.trainerMs, 3)} ms against the engine alone's ${f(t.engineMs, 3)} ms; tfjs-wasm's step ${f(t.tfjsWasmMs, 3)} ms, ${f(t.tfjsWasmMs / t.trainerMs, 2)}× ours through the trainer.`);
  }
  if (r.memory) {
    const m = r.memory;
    const wasm = m.wasmHeapMb === undefined ? '' : `WebAssembly heap (where tensors live) ${f(m.wasmHeapMb, 2)} MB (ending at ${f(m.wasmHeapEndMb ?? 0, 1)} MB), `;
    lines.push('', `Memory over ${m.steps} MLP steps after a 100-step warm-up: ${wasm}typed-array storage ${f(m.arrayBuffersMb, 2)} MB (ending at ${f(m.arrayBuffersEndMb, 1)} MB), JS heap ${f(m.heapMb, 2)} MB, resident ${f(m.rssMb, 2)} MB.`);
  }
  if (r.allocation) {
    const [first, last] = [r.allocation[0], r.allocation[r.allocation.length - 1]];
    const perKernel = (last.replayedBytes - first.replayedBytes) / (last.kernels - first.kernels);
    lines.push(
      '',
      'A steady-state training step runs from its recording (replayed) against the same engine running its ops one by one: the bytes a step allocates in the JS heap (the engine\'s part alone, the session\'s run and the optimiser\'s update; and a whole `Trainer.step`, as the editor and `bpstudio train` take it), and the time a `Trainer.step` takes (medians):',
      '',
      '| workload | kernels a step | engine, replayed | trainer step, replayed | trainer step, op by op | replayed, ms | op by op, ms | op by op ÷ replayed |',
      '|---|---|---|---|---|---|---|---|',
      ...r.allocation.map((a) => `| ${a.workload} | ${a.kernels} | ${a.engineBytes} B | ${a.replayedBytes} B | ${a.opByOpBytes} B | ${f(a.replayedMs, 3)} | ${f(a.opByOpMs, 3)} | ${ratio(a.opByOpMs, a.replayedMs)} |`),
    );
    if (last.kernels !== first.kernels) {
      lines.push('', `From the first workload to the last, ${last.kernels - first.kernels} more kernels a step add ${f(perKernel, 0)} B a kernel to a replayed trainer step (${f((last.opByOpBytes - first.opByOpBytes) / (last.kernels - first.kernels), 0)} B op by op); the rest is the step's own bookkeeping (its promises, the loss read back, its report).`);
    }
  }
  if (r.addMul) {
    lines.push('', `Forward and backward of f = (x + y) z, gradients read back: ours ${f(r.addMul.oursUs, 2)} µs, ${r.addMul.peer} (\`tf.grads\`) ${f(r.addMul.peerUs, 2)} µs.`);
  }
  if (r.chromium) {
    const c = r.chromium;
    if ('skipped' in c) lines.push('', `In Chromium: not run (${c.skipped}).`);
    else {
      const yes = (b: boolean) => (b ? 'yes' : 'no');
      lines.push(
        '',
        `In Chromium ${c.chromium} (a dedicated worker per pairing, cross-origin isolated: page ${yes(c.crossOriginIsolated)}, workers ${yes(c.workersCrossOriginIsolated)}; ${c.hardwareConcurrency} cores; tfjs-wasm's threads as it reported them):`,
        '',
        '```',
        chromiumCpuTable(c),
        ...c.notRun.map((n) => `not run: ${n}`),
        '```',
      );
    }
  }
  return lines.join('\n');
}

export const START = '<!-- bench:results -->';
export const END = '<!-- /bench:results -->';

/** `readme` with its results section replaced by `r`'s (unchanged when it has no markers). */
export function withResults(readme: string, r: BenchResults): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) return readme;
  return `${readme.slice(0, a + START.length)}\n${resultsMarkdown(r)}\n${readme.slice(b)}`;
}
