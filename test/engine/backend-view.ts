/**
 * A backend seen through the plain interface only: its tensors and kernels, without the
 * replay methods (so a session runs every step op by op) and, unless `sync`, without readSync
 * (so the trainer reads as it does on WebGPU).
 */
import type { Backend, SyncBackend } from '../../core/backend/backend.js';

export function backendView(b: SyncBackend, opts: { readonly sync: true; readonly name?: string }): SyncBackend;
export function backendView(b: Backend, opts: { readonly sync: false; readonly name?: string }): Backend;
export function backendView(b: Backend, opts: { readonly sync: boolean; readonly name?: string }): Backend {
  const view: Backend = {
    name: opts.name ?? b.name,
    alloc: (shape) => b.alloc(shape),
    upload: (shape, data) => b.upload(shape, data),
    download: (t) => b.download(t),
    run: (call) => b.run(call),
    reshape: (t, shape) => b.reshape(t, shape),
    release: (t) => b.release(t),
    dispose: () => b.dispose(),
  };
  if (!opts.sync) return view;
  const sync: SyncBackend = { ...view, readSync: (t) => (b as SyncBackend).readSync(t) };
  return sync;
}
