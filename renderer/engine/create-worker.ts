/** The real engine worker, bundled by Vite as its own module file (CSP worker-src 'self'). */
import type { WorkerLike } from './engine-client.js';

export function createEngineWorker(): WorkerLike {
  return new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module', name: 'engine' });
}
