/**
 * The engine worker's interface, as the UI thread calls it through comlink:
 * the engine service (core/studio) plus the editor's diagnosis of the
 * document. Built by a function so that tests drive the same object over a
 * Node MessageChannel that the worker exposes to the page.
 */
import type { GraphDoc } from '../../core/graph/types.js';
import { EngineService, type EngineServiceOptions, type ProgressListener, type VisualsListener } from '../../core/studio/engine-service.js';
import type { GradcheckReply } from '../../core/studio/check-gradients.js';
import type { BackendStatus, DatasetView, RunReply, TrainIssue, VisualsWanted } from '../../core/studio/protocol.js';
import type { BackendChoice, GpuSource } from '../../core/backend/select.js';
import { type Analysis, analyze } from '../model/analysis.js';
import { loadDigitsRaw } from '../model/digits-data.js';

export interface EngineApi {
  /** Where the digits asset is (an absolute URL: a worker cannot resolve the page's relative one). */
  setDigitsUrl(url: string): void;
  /** Where progress reports and visuals go (comlink proxies of the page's callbacks). */
  subscribe(onProgress: ProgressListener, onVisuals: VisualsListener): void;
  /** Problems and inferred shapes of a document (done here, so a big graph never blocks the page). */
  analyze(doc: GraphDoc): Analysis;
  setDocument(doc: GraphDoc, opts?: { readonly trained?: boolean }): Promise<void>;
  /** Computes on `choice` from now on (see EngineService.setBackend). */
  setBackend(choice: BackendChoice): Promise<{ ok: true; status: BackendStatus } | { ok: false; message: string; status: BackendStatus }>;
  setVisualsWanted(wanted: VisualsWanted): Promise<void>;
  /** The user is moving the canvas: a running training rests 60% of the time for a moment (EngineService.noteInput). */
  noteInput(): void;
  run(): Promise<RunReply>;
  /** The finite-difference gradient check of the document (core/engine/gradcheck.ts), per param and input. */
  gradcheck(): Promise<GradcheckReply>;
  dataset(): Promise<{ ok: true; view: DatasetView } | { ok: false; message: string }>;
  checkTraining(): Promise<TrainIssue[]>;
  start(): Promise<void>;
  pause(): Promise<void>;
  stop(): Promise<void>;
  step(): Promise<void>;
  reset(): Promise<void>;
  trainedDocument(): Promise<GraphDoc | null>;
}

/** WebGPU as a worker sees it: `navigator.gpu` (Chromium and Electron), or why it is missing. */
const workerGpu: GpuSource = () => {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  return Promise.resolve(gpu ?? { missing: 'this browser offers no WebGPU (navigator.gpu is missing)' });
};

export function createEngineApi(opts: EngineServiceOptions = {}): EngineApi {
  let digitsUrl: string | undefined;
  const service = new EngineService({
    gpuSource: workerGpu,
    loadDigitsRaw: () => {
      if (digitsUrl === undefined) return Promise.reject(new Error('the digits dataset is not available: the page did not say where its asset is'));
      return loadDigitsRaw(digitsUrl);
    },
    ...opts,
  });
  return {
    setDigitsUrl: (url) => {
      digitsUrl = url;
    },
    subscribe: (onProgress, onVisuals) => service.subscribe(onProgress, onVisuals),
    analyze: (doc) => analyze(doc),
    setDocument: (doc, o) => service.setDocument(doc, o),
    setBackend: (choice) => service.setBackend(choice),
    setVisualsWanted: (wanted) => service.setVisualsWanted(wanted),
    noteInput: () => service.noteInput(),
    run: () => service.run(),
    gradcheck: () => service.gradcheck(),
    dataset: () => service.dataset(),
    checkTraining: () => service.checkTraining(),
    start: () => service.start(),
    pause: () => service.pause(),
    stop: () => service.stop(),
    step: () => service.step(),
    reset: () => service.reset(),
    trainedDocument: () => service.trainedDocument(),
  };
}
