/**
 * What the CPU benchmark times in Chromium, and what comes back: each pairing is ours (a CPU
 * backend's options) against one tfjs backend, run in a dedicated Web Worker of its own. No Node
 * or DOM imports: Node, the page and the worker all read these.
 */
import type { CpuBackendOptions, CpuKernelPath } from '../../core/backend/cpu/cpu-backend.js';

/** tfjs's side: its CPU backend, or its WebAssembly one on `threads` threads ('all': navigator.hardwareConcurrency). */
export type PeerSpec = { readonly backend: 'cpu' } | { readonly backend: 'wasm'; readonly threads: number | 'all' };

export interface Pairing {
  /** Our CPU backend's options (always float32). */
  readonly ours: CpuBackendOptions;
  /** 'all': ours with a worker thread per core beyond the worker's own (resolved in the worker, where the cores are known). */
  readonly oursThreads?: 'all';
  readonly peer: PeerSpec;
}

/**
 * The pairings, as in Node plus both sides on threads: our TypeScript kernels against tfjs-cpu,
 * our WebAssembly SIMD kernels on one thread against tfjs-wasm on one, and ours on every core
 * against tfjs-wasm on every core.
 */
export const PAIRINGS: readonly Pairing[] = [
  { ours: { kernels: 'js', threads: 0 }, peer: { backend: 'cpu' } },
  { ours: { kernels: 'auto', threads: 0 }, peer: { backend: 'wasm', threads: 1 } },
  { ours: { kernels: 'auto' }, oursThreads: 'all', peer: { backend: 'wasm', threads: 'all' } },
];

/** Where bench/chromium-cpu.ts serves tfjs-backend-wasm's dist/*.wasm, for setWasmPaths. */
export const TFJS_WASM_URL = '/tfjs-wasm/';

/** What the page asks of each worker. */
export interface WorkerJob {
  readonly pairing: Pairing;
  readonly sizes: readonly number[];
  /** The MLP and spiral training steps too (else matmul alone). */
  readonly steps: boolean;
}

/** Who was timed against whom, as it ran. */
export interface PairingLabels {
  /** Our options as given. */
  readonly ours: CpuBackendOptions;
  /** The kernels our backend ran: 'js' where WebAssembly SIMD is missing, whatever was asked. */
  readonly oursKernels: CpuKernelPath;
  readonly peer: 'tfjs-cpu' | 'tfjs-wasm';
  /** Threads tfjs computed on: 1 for tfjs-cpu, tfjs-wasm's getThreadsCount() once started. */
  readonly peerThreads: number;
  /** The tfjs-wasm binary that ran (undefined for tfjs-cpu). */
  readonly peerBinary?: string;
}

/** One matmul size of one pairing, in GFLOP/s (medians of alternating repetitions). */
export interface ChromiumMatmulResult extends PairingLabels {
  readonly size: number;
  readonly oursGflops: number;
  readonly peerGflops: number;
  readonly reps: number;
  /** Largest |ours - tfjs| over the product. */
  readonly maxDiff: number;
}

/** One training step of one pairing, in ms (medians), with each side's loss at its first and last step. */
export interface ChromiumStepResult extends PairingLabels {
  readonly workload: string;
  readonly oursMs: number;
  readonly peerMs: number;
  readonly reps: number;
  readonly oursLoss: readonly [number, number];
  readonly peerLoss: readonly [number, number];
}

/** A worker's answer to its job. */
export interface WorkerResult {
  readonly crossOriginIsolated: boolean;
  readonly tfjs: string;
  readonly matmul: readonly ChromiumMatmulResult[];
  readonly steps: readonly ChromiumStepResult[];
}

/** The whole run, as the page returns it. */
export interface ChromiumCpuRun {
  /** Chromium's version. */
  readonly chromium: string;
  readonly hardwareConcurrency: number;
  readonly crossOriginIsolated: boolean;
  /** Every worker was cross-origin isolated too (tfjs-wasm's threads need it there, not only in the page). */
  readonly workersCrossOriginIsolated: boolean;
  readonly tfjs: string;
  readonly matmul: readonly ChromiumMatmulResult[];
  readonly steps: readonly ChromiumStepResult[];
  /** Pairings not run, and why. */
  readonly notRun: readonly string[];
}

/** What a worker posts to the page: progress lines, then its result or why it failed. */
export type WorkerMessage = { readonly progress: string } | { readonly done: WorkerResult } | { readonly error: string };

/** The name a pairing's peer goes by in the table: `tfjs-cpu`, `tfjs-wasm 1t`, `tfjs-wasm 2t`. */
export function peerLabel(r: Pick<PairingLabels, 'peer' | 'peerThreads'>): string {
  return r.peer === 'tfjs-cpu' ? r.peer : `${r.peer} ${r.peerThreads}t`;
}

/** The name ours goes by in the table: `ours-ts` or `ours-wasm`, then any options besides the kernels. */
export function oursLabel(r: Pick<PairingLabels, 'ours' | 'oursKernels'>): string {
  // threads is the count of workers beyond the calling thread: shown as threads in all, as tfjs's are.
  const rest = Object.entries(r.ours).filter(([k]) => k !== 'kernels' && k !== 'precision').map(([k, v]) => (k === 'threads' ? `${Number(v) + 1}t` : `${k} ${String(v)}`));
  return [r.oursKernels === 'js' ? 'ours-ts' : 'ours-wasm', ...rest].join(' ');
}
