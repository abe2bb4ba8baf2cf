/**
 * Which backend runs a graph: `cpu`, `webgpu`, or `auto` (WebGPU when a
 * hardware adapter is found, else the CPU). Shared by the command line (GPU
 * from Dawn, the `webgpu` package) and the editor's engine worker
 * (`navigator.gpu`), so both pick the same way and explain it the same way.
 */
import type { Backend } from './backend.js';
import { createCpuBackend } from './cpu/cpu-backend.js';
import { createWebGpuBackend, NoWebGpuAdapterError } from './webgpu/webgpu-backend.js';

export const BACKEND_CHOICES = ['auto', 'webgpu', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export function isBackendChoice(s: string): s is BackendChoice {
  return (BACKEND_CHOICES as readonly string[]).includes(s);
}

/** What runs, and why: the editor's indicator shows `reason`. */
export interface BackendPick {
  readonly backend: Backend;
  readonly active: 'cpu' | 'webgpu';
  /** One line: "WebGPU: NVIDIA …", "CPU: no WebGPU adapter", "CPU: chosen". */
  readonly reason: string;
}

/** A GPU entry point, or why there is none (the message says how to get one). */
export type GpuSource = () => Promise<GPU | { readonly missing: string }>;

/** Raised when `webgpu` was asked for explicitly and cannot be had; the message is one line. */
export class WebGpuUnavailableError extends Error {
  override readonly name = 'WebGpuUnavailableError';
}

/**
 * Creates the backend `choice` names. `auto` skips a software (fallback) adapter such as
 * SwiftShader: it emulates a GPU on the CPU and runs these graphs slower than the CPU
 * backend, so `auto` only takes a real GPU; `webgpu` takes whatever adapter there is.
 */
export async function pickBackend(choice: BackendChoice, gpuSource: GpuSource): Promise<BackendPick> {
  if (choice === 'cpu') return { backend: createCpuBackend(), active: 'cpu', reason: 'CPU: chosen' };
  const gpu = await gpuSource().catch((e: unknown) => ({ missing: e instanceof Error ? e.message : String(e) }));
  if ('missing' in gpu) {
    if (choice === 'webgpu') throw new WebGpuUnavailableError(`WebGPU is not available: ${gpu.missing}`);
    return { backend: createCpuBackend(), active: 'cpu', reason: `CPU: no WebGPU (${gpu.missing})` };
  }
  try {
    const backend = await createWebGpuBackend(gpu, { allowFallbackAdapter: choice === 'webgpu' });
    return { backend, active: 'webgpu', reason: `WebGPU: ${backend.adapterName}` };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (choice === 'webgpu') throw new WebGpuUnavailableError(`WebGPU is not available: ${why}`);
    const short = e instanceof NoWebGpuAdapterError ? e.message : `WebGPU failed to start: ${why}`;
    return { backend: createCpuBackend(), active: 'cpu', reason: `CPU: ${short}` };
  }
}
