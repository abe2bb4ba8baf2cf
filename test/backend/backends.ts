/**
 * The backends the kernel tests run on. WebGPU comes from Dawn in Node; when
 * no adapter is found its tests fail with nodeGpu's message (what is missing,
 * how to install it), unless BPSTUDIO_NO_WEBGPU=1 says to skip them.
 */
import type { Backend } from '../../core/backend/backend.js';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { createWebGpuBackend, type WebGpuBackend, type WebGpuBackendOptions } from '../../core/backend/webgpu/webgpu-backend.js';
import { nodeGpu } from '../../core/cli/node-gpu.js';

export const SKIP_WEBGPU = process.env['BPSTUDIO_NO_WEBGPU'] === '1';

/** A WebGPU backend on Dawn, or an Error saying why there is none. */
export async function nodeWebGpu(opts: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  const gpu = await nodeGpu();
  if ('missing' in gpu) throw new Error(`${gpu.missing} (set BPSTUDIO_NO_WEBGPU=1 to skip the WebGPU tests)`);
  return createWebGpuBackend(gpu, opts);
}

export interface NamedBackend {
  readonly name: string;
  create(): Promise<Backend>;
}

/** Every backend under test, the float64 reference first. */
export const BACKENDS: readonly NamedBackend[] = [
  { name: 'cpu64', create: () => Promise.resolve(createCpuBackend({ precision: 'float64' })) },
  { name: 'cpu', create: () => Promise.resolve(createCpuBackend({ precision: 'float32' })) },
  { name: 'webgpu', create: () => nodeWebGpu() },
];
