/**
 * The page's side of the engine worker. Calls go through comlink; a worker
 * that dies (out of memory on a huge graph, a bug) is replaced by a fresh one
 * that gets the current document again, the calls it left unanswered fail
 * with EngineCrashed, and the page is told so. The document lives in the
 * store, so nothing of it is lost.
 */
import { type Endpoint, proxy, type Remote, wrap } from 'comlink';
import type { GraphDoc } from '../../core/graph/types.js';
import type { TrainProgress, Visuals } from '../../core/studio/protocol.js';
import { hostErrorMessage } from '../host/host.js';
import type { EngineApi } from './engine-api.js';
import type { BackendChoice } from '../../core/backend/select.js';

/** What the client needs of a Worker: comlink's endpoint, and terminate (tests pass a stand-in). */
export interface WorkerLike extends Endpoint {
  terminate(): void;
}

export interface EngineHandlers {
  onProgress(p: TrainProgress): void;
  onVisuals(v: Visuals): void;
  /** The worker died and a new one took its place; `reason` says what happened, where known. */
  onRestart(reason: string): void;
}

/** A call that failed on the way (the worker died, a message could not be sent); it names no node. */
export type EngineFailure = { readonly ok: false; readonly message: string; readonly node?: undefined };

export class EngineCrashed extends Error {
  override readonly name = 'EngineCrashed';
}

export class EngineClient {
  private worker!: WorkerLike;
  private remote!: Remote<EngineApi>;
  private doc: GraphDoc | null = null;
  private backendChoice: BackendChoice | undefined;
  private generation = 0;
  private fail: ((e: Error) => void)[] = [];
  private crashedAt = new Map<number, Promise<never>>();

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly handlers: EngineHandlers,
    /** The digits asset's absolute URL, told to every worker. */
    private readonly digitsUrl?: string,
  ) {
    this.boot();
  }

  /** Runs one call on the current worker; rejects with EngineCrashed if the worker dies first. */
  call<T>(fn: (api: Remote<EngineApi>) => Promise<T>): Promise<T> {
    const crashed = this.crashedAt.get(this.generation) as Promise<never>;
    return Promise.race([fn(this.remote), crashed]);
  }

  /**
   * Sends `doc` first, so that the call sees this very document, then makes the call; any failure
   * (the worker dying included) comes back as `{ ok: false, message }`, like the engine's own refusals.
   */
  async callWith<T extends { readonly ok: boolean }>(doc: GraphDoc, fn: (api: Remote<EngineApi>) => Promise<T>): Promise<T | EngineFailure> {
    try {
      await this.setDocument(doc);
      return await this.call(fn);
    } catch (e) {
      return { ok: false, message: hostErrorMessage(e) };
    }
  }

  /** Sends the document (and remembers it, for a restarted worker). */
  setDocument(doc: GraphDoc, opts?: { readonly trained?: boolean }): Promise<void> {
    this.doc = doc;
    return this.call((api) => api.setDocument(doc, opts));
  }

  /** Chooses the backend (and remembers it, for a restarted worker). */
  setBackend(choice: BackendChoice): ReturnType<EngineApi['setBackend']> {
    this.backendChoice = choice;
    return this.call(async (api) => api.setBackend(choice));
  }

  /** Stops the worker for good (the page is closing, a test ends). */
  dispose(): void {
    this.worker.terminate();
  }

  private boot(): void {
    const generation = ++this.generation;
    const worker = this.createWorker();
    this.worker = worker;
    this.remote = wrap<EngineApi>(worker);
    const crashed = new Promise<never>((_, reject) => this.fail.push(reject));
    // Nobody may be waiting on it; an unobserved rejection must not reach the console as an error.
    crashed.catch(() => undefined);
    this.crashedAt.set(generation, crashed);
    const onError = (ev: Event): void => {
      const message = 'message' in ev && typeof ev.message === 'string' && ev.message !== '' ? ev.message : 'the engine worker stopped';
      this.restart(generation, message);
    };
    worker.addEventListener('error', onError);
    worker.addEventListener('messageerror', onError);
    void this.remote.subscribe(proxy(this.handlers.onProgress), proxy(this.handlers.onVisuals));
    if (this.digitsUrl !== undefined) void this.remote.setDigitsUrl(this.digitsUrl);
    if (this.backendChoice !== undefined) void this.remote.setBackend(this.backendChoice).catch(() => undefined);
    if (this.doc) void this.remote.setDocument(this.doc).catch(() => undefined);
  }

  private restart(generation: number, reason: string): void {
    if (generation !== this.generation) return;
    this.worker.terminate();
    const fail = this.fail;
    this.fail = [];
    for (const reject of fail) reject(new EngineCrashed(`the engine stopped (${reason}) and was restarted`));
    this.crashedAt.delete(generation);
    this.boot();
    this.handlers.onRestart(reason);
  }
}
