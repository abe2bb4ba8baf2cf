/**
 * What a WGSL kernel generator hands the WebGPU backend: the shader, how to
 * bind it and how many workgroups to launch. Generators are pure functions of
 * shapes and attributes (no device), so they are unit-testable without a GPU
 * and the backend can cache pipelines by `key`.
 *
 * Binding convention (group 0), shared by every generator except the fused
 * `update` rules, which write several buffers in place:
 * - bindings 0 .. inputs-1: the input tensors, `var<storage, read> … : array<f32>`,
 *   in the order the generator documents;
 * - binding `inputs`: the output, `var<storage, read_write> … : array<f32>`;
 * - binding `inputs + 1`: `var<uniform>` parameters, present only when `params` is set.
 * Entry point `main`.
 */
import type { Shape } from '../../tensor/shape.js';

/** Adapter limits a generator must respect (a subset of GPUSupportedLimits). */
export interface KernelLimits {
  /** maxComputeWorkgroupsPerDimension (65535 on most adapters). */
  readonly maxWorkgroupsPerDimension: number;
  /** maxComputeInvocationsPerWorkgroup (256 is the WebGPU default). */
  readonly maxInvocationsPerWorkgroup: number;
  /** maxComputeWorkgroupStorageSize in bytes (16384 is the default). */
  readonly maxWorkgroupStorageSize: number;
}

export const DEFAULT_KERNEL_LIMITS: KernelLimits = {
  maxWorkgroupsPerDimension: 65535,
  maxInvocationsPerWorkgroup: 256,
  maxWorkgroupStorageSize: 16384,
};

export interface KernelSpec {
  /** Same key, same `code`: the pipeline cache's key. Must not contain per-call sizes that only reach the shader through `params`. */
  readonly key: string;
  /** WGSL source with entry point `main`. */
  readonly code: string;
  /** Number of input storage bindings (0 .. inputs-1). */
  readonly inputs: number;
  /** The output tensor's shape (the backend allocates it). */
  readonly outShape: Shape;
  /** Workgroups to dispatch, each at most `limits.maxWorkgroupsPerDimension`. */
  readonly workgroups: readonly [number, number, number];
  /** Uniform data (16-byte aligned size; u32 and f32 fields packed as the shader's struct declares them). */
  readonly params?: ArrayBuffer;
}

/** Splits `n` workgroups over x and y so that neither exceeds the limit; the shader linearises `wg.x + wg.y * nx`. */
export function splitWorkgroups(n: number, limits: KernelLimits): readonly [number, number, number] {
  const max = limits.maxWorkgroupsPerDimension;
  if (n <= max) return [Math.max(1, n), 1, 1];
  const y = Math.ceil(n / max);
  if (y > max) throw new RangeError(`a dispatch of ${n} workgroups exceeds the adapter's limit of ${max} × ${max}`);
  return [Math.ceil(n / y), y, 1];
}

/** Packs uniform fields (each 4 bytes: integers as u32, others as f32) into a 16-byte-aligned buffer. */
export function packParams(fields: readonly { readonly u32?: number; readonly f32?: number }[]): ArrayBuffer {
  const buf = new ArrayBuffer(Math.max(16, Math.ceil((fields.length * 4) / 16) * 16));
  const view = new DataView(buf);
  fields.forEach((f, i) => {
    if (f.u32 !== undefined) view.setUint32(i * 4, f.u32, true);
    else view.setFloat32(i * 4, f.f32 ?? 0, true);
  });
  return buf;
}
