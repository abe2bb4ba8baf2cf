/**
 * A backend seen through a counting proxy, for tests about what the engine
 * asks of a backend: tensors alive (made and not released), uploads, kernel
 * calls by kind and scalar-shaped work, flushes. With `async: true` it hides
 * `readSync`, so the trainer treats it as it treats WebGPU.
 */
import type { Backend, DeviceTensor, KernelCall, KernelKind } from '../../core/backend/backend.js';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import type { Shape } from '../../core/tensor/shape.js';

export interface Counts {
  uploads: number;
  /** Uploads and fills of shape [] (scalar constants). */
  scalarWork: number;
  runs: Partial<Record<KernelKind, number>>;
  downloads: number;
  flushes: number;
  /** Kernel calls since the last flush (queued work not yet submitted, on a queue). */
  unflushed: number;
  /** Kernels prepared for a replay (with `replay: true`). */
  prepared: number;
}

export interface CountingBackend extends Backend {
  readonly counts: Counts;
  /** Tensors made (alloc, upload, run, reshape) and not yet released. */
  readonly live: Set<DeviceTensor>;
  /** Zeroes the counters (not `live`). */
  reset(): void;
}

/**
 * With `replay: true` it also passes on the CPU backend's replay methods (prepare, copy, write),
 * so the session replays its steps; `counts.prepared` counts the kernels prepared.
 */
export function countingBackend(opts: { async?: boolean; precision?: 'float32' | 'float64'; kernels?: 'auto' | 'js'; replay?: boolean } = {}): CountingBackend {
  const inner = createCpuBackend({ precision: opts.precision ?? 'float32', ...(opts.kernels && { kernels: opts.kernels }) });
  const live = new Set<DeviceTensor>();
  const counts: Counts = { uploads: 0, scalarWork: 0, runs: {}, downloads: 0, flushes: 0, unflushed: 0, prepared: 0 };
  const made = (t: DeviceTensor): DeviceTensor => {
    live.add(t);
    return t;
  };
  const scalar = (shape: Shape) => {
    if (shape.length === 0) counts.scalarWork++;
  };
  const b: CountingBackend = {
    name: opts.async ? 'cpu-async' : inner.name,
    counts,
    live,
    reset() {
      counts.uploads = 0;
      counts.scalarWork = 0;
      counts.runs = {};
      counts.downloads = 0;
      counts.flushes = 0;
      counts.prepared = 0;
    },
    alloc: (shape) => made(inner.alloc(shape)),
    upload: (shape, data) => {
      counts.uploads++;
      scalar(shape);
      return made(inner.upload(shape, data));
    },
    download: (t) => {
      counts.downloads++;
      return inner.download(t);
    },
    run: (call: KernelCall) => {
      counts.runs[call.kind] = (counts.runs[call.kind] ?? 0) + 1;
      if (call.kind === 'fill') scalar(call.shape);
      const t = inner.run(call);
      counts.unflushed++;
      // `update` returns its param, which it did not make.
      return call.kind === 'update' ? t : made(t);
    },
    reshape: (t, shape) => made(inner.reshape(t, shape)),
    release: (t) => {
      live.delete(t);
      inner.release(t);
    },
    dispose: () => inner.dispose(),
    flush: () => {
      counts.unflushed = 0;
      counts.flushes++;
    },
  };
  if (!opts.async) Object.assign(b, { readSync: (t: DeviceTensor) => inner.readSync(t) });
  if (opts.replay && !opts.async) {
    Object.assign(b, {
      prepare: (call: KernelCall, out: DeviceTensor) => {
        counts.prepared++;
        return inner.prepare(call, out);
      },
      copy: (src: DeviceTensor, dst: DeviceTensor) => inner.copy(src, dst),
      write: (t: DeviceTensor, data: ArrayLike<number>) => inner.write(t, data),
    });
  }
  return b;
}
