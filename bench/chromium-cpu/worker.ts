/**
 * The Chromium CPU benchmark's worker (bundled by bench/chromium-cpu.ts): one pairing of ours
 * against a tfjs backend, timed by the same code as in Node (bench/matmul-bench.ts,
 * bench/mlp-step.ts), off the page's main thread as the editor runs our CPU backend.
 *
 * tfjs-wasm picks its binary once per realm, when the backend first starts, and a worker is a
 * realm of its own; so each pairing gets a fresh worker rather than switching tfjs-wasm between
 * one thread and many in one place. One thread runs the same binary as in Node, the SIMD one
 * without threads, by telling tfjs that threads are missing; the threaded binary with
 * setThreadsCount(1) would also run on one thread, but it is not what Node's rows time.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { matmulPair } from '../matmul-bench.js';
import { benchMlpStep, STEP_WORKLOADS } from '../mlp-step.js';
import type { ChromiumMatmulResult, ChromiumStepResult, PairingLabels, PeerSpec, WorkerJob, WorkerMessage } from './pairings.js';
import { oursLabel, peerLabel, TFJS_WASM_URL } from './pairings.js';

interface WorkerScope {
  onmessage: ((e: { readonly data: WorkerJob }) => void) | null;
  postMessage(m: WorkerMessage): void;
  readonly crossOriginIsolated: boolean;
  readonly navigator: { readonly hardwareConcurrency: number };
}
const scope = globalThis as unknown as WorkerScope;

/** Starts tfjs on the peer's backend; the threads it computes on and, for wasm, the binary it loaded. */
async function startPeer(peer: PeerSpec): Promise<Pick<PairingLabels, 'peer' | 'peerThreads' | 'peerBinary'>> {
  if (peer.backend === 'cpu') {
    if (!(await tf.setBackend('cpu'))) throw new Error('tfjs could not start its cpu backend');
    return { peer: 'tfjs-cpu', peerThreads: 1 };
  }
  setWasmPaths(TFJS_WASM_URL);
  if (peer.threads === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  else {
    const threads = peer.threads === 'all' ? scope.navigator.hardwareConcurrency : peer.threads;
    setThreadsCount(threads);
    // tfjs-wasm caps its thread pool at half of navigator.hardwareConcurrency, which it takes for
    // hyperthreads (backend.cc, init_with_threads_count): on two cores it would run one thread
    // whatever setThreadsCount says. Its module reads the count when the backend starts, in this
    // worker, so here the worker says twice the threads asked for; getThreadsCount() below
    // reports what the pool really got.
    Object.defineProperty(scope.navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  }
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not start its wasm backend');
  const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return { peer: 'tfjs-wasm', peerThreads: getThreadsCount(), peerBinary: threaded ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm' };
}

async function run(job: WorkerJob): Promise<void> {
  // Only tfjs's banners go: in tfjs 4.22 that is all PROD mode does.
  tf.enableProdMode();
  const ours = job.pairing.oursThreads === 'all' ? { ...job.pairing.ours, threads: Math.max(1, scope.navigator.hardwareConcurrency - 1) } : job.pairing.ours;
  const probe = createCpuBackend({ ...ours, precision: 'float32' });
  const oursKernels = probe.kernels;
  // Our workers start in the background; nothing is timed until they have.
  if (probe.threadPool && !(await probe.threadPool.started())) throw new Error(`our worker threads did not start: ${probe.threadPool.error ?? 'timed out'}`);
  const labels: PairingLabels = { ours, oursKernels, ...(await startPeer(job.pairing.peer)) };
  const progress = (what: string) => scope.postMessage({ progress: `${oursLabel(labels)} vs ${peerLabel(labels)}: ${what}` });
  const matmul: ChromiumMatmulResult[] = [];
  for (const size of job.sizes) {
    const p = await matmulPair(size, ours, tf.getBackend());
    matmul.push({ ...labels, size, oursGflops: p.gflops[0], peerGflops: p.gflops[1], reps: p.reps, maxDiff: p.maxDiff });
    progress(`matmul ${size}`);
  }
  const steps: ChromiumStepResult[] = [];
  if (job.steps) {
    for (const [workload, shape] of STEP_WORKLOADS) {
      const r = benchMlpStep(shape, undefined, ours);
      steps.push({ ...labels, workload, oursMs: r.oursMs, peerMs: r.peerMs, reps: r.reps, oursLoss: r.oursLoss, peerLoss: r.peerLoss });
      progress(workload);
    }
  }
  scope.postMessage({ done: { crossOriginIsolated: scope.crossOriginIsolated, tfjs: tf.version_core, matmul, steps } });
}

scope.onmessage = (e) => {
  run(e.data).catch((err: unknown) => scope.postMessage({ error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) }));
};
