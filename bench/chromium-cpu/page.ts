/**
 * The Chromium CPU benchmark's page (bundled and served cross-origin isolated by
 * bench/chromium-cpu.ts): runs each pairing in a dedicated worker of its own (./worker.ts), one
 * after another so that they do not share the cores, and gathers what they report.
 */
import { PAIRINGS, type ChromiumCpuRun, type ChromiumMatmulResult, type ChromiumStepResult, type WorkerJob, type WorkerMessage, type WorkerResult } from './pairings.js';

interface PageScope {
  readonly crossOriginIsolated: boolean;
  readonly navigator: { readonly hardwareConcurrency: number; readonly userAgent: string };
  readonly Worker: new (url: string) => {
    onmessage: ((e: { readonly data: WorkerMessage }) => void) | null;
    onerror: ((e: { readonly message: string }) => void) | null;
    postMessage(job: WorkerJob): void;
    terminate(): void;
  };
}
const scope = globalThis as unknown as PageScope;

/** Runs `job` in a fresh worker, logging its progress to the console (which bench/chromium-cpu.ts reads). */
function inWorker(job: WorkerJob): Promise<WorkerResult> {
  const w = new scope.Worker('/worker.js');
  return new Promise<WorkerResult>((resolve, reject) => {
    w.onerror = (e) => reject(new Error(`worker: ${e.message}`));
    w.onmessage = ({ data }) => {
      if ('progress' in data) console.log(data.progress);
      else if ('done' in data) resolve(data.done);
      else reject(new Error(`worker: ${data.error}`));
    };
    w.postMessage(job);
  }).finally(() => w.terminate());
}

async function runCpuBench(opts: { readonly sizes: readonly number[]; readonly steps: boolean }): Promise<ChromiumCpuRun> {
  const isolated = scope.crossOriginIsolated;
  const matmul: ChromiumMatmulResult[] = [];
  const steps: ChromiumStepResult[] = [];
  const notRun: string[] = [];
  let workersIsolated = true;
  let tfjs = '';
  for (const pairing of PAIRINGS) {
    if (pairing.peer.backend === 'wasm' && pairing.peer.threads !== 1 && !isolated) {
      notRun.push('tfjs-wasm with threads: the page is not cross-origin isolated, so it has no SharedArrayBuffer');
      continue;
    }
    const r = await inWorker({ pairing, ...opts });
    matmul.push(...r.matmul);
    steps.push(...r.steps);
    workersIsolated &&= r.crossOriginIsolated;
    tfjs = r.tfjs;
  }
  const chromium = /Chrome\/([\d.]+)/.exec(scope.navigator.userAgent)?.[1] ?? 'unknown';
  return { chromium, hardwareConcurrency: scope.navigator.hardwareConcurrency, crossOriginIsolated: isolated, workersCrossOriginIsolated: workersIsolated, tfjs, matmul, steps, notRun };
}

(globalThis as { runCpuBench?: typeof runCpuBench }).runCpuBench = runCpuBench;
