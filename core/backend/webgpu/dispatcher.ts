/// <reference types="@webgpu/types" />
/**
 * Records dispatches, clears and copies into one open command encoder (one
 * compute pass while dispatches follow each other) and submits it on demand
 * or after `maxRecorded` dispatches. Owns the pipeline cache.
 *
 * Uniform parameters: each dispatch's block is copied into a host-side
 * arena, at an offset the adapter allows, and bound as a slice of one uniform
 * buffer per encoder; the whole arena goes to the GPU in one writeBuffer just
 * before the submit, rather than one queue write per dispatch. The buffer can
 * serve the next encoder at once: that encoder's write is queued after this
 * submit, so it cannot overtake the dispatches that read the old values.
 */
import { BufferPool, type PoolCounts } from './buffer-pool.js';

export interface Binding {
  readonly buffer: GPUBuffer;
  /** `read`: read-only storage; `write`: read_write storage. */
  readonly access: 'read' | 'write';
  /** Bytes bound from offset 0 (the tensor's, not the pooled buffer's rounded-up size). */
  readonly bytes: number;
}

interface Compiled {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

const COMPUTE = 0x4; // GPUShaderStage.COMPUTE
const UNIFORM_USAGE = 0x40 | 0x8; // UNIFORM | COPY_DST

export class Dispatcher {
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private recorded = 0;
  /** Kernels dispatched and command buffers submitted since creation (the benchmarks' per-step counts). */
  readonly counts = { dispatches: 0, submits: 0, pipelines: 0 };
  private readonly compiled = new Map<string, Compiled>();
  private readonly uniforms: BufferPool;
  private readonly align: number;
  private readonly arena: Uint8Array<ArrayBuffer>;
  private arenaUsed = 0;
  private uniformBuffer: GPUBuffer | null = null;
  private error: string | null = null;
  /** A kernel's compile error explains the invalid-pipeline errors that follow it, so it is reported first. */
  private compileError: string | null = null;

  constructor(
    private readonly device: GPUDevice,
    private readonly maxRecorded: number,
    private readonly onSubmit: () => void,
  ) {
    this.uniforms = new BufferPool(device, UNIFORM_USAGE, 'params', 1024 * 1024);
    this.align = device.limits.minUniformBufferOffsetAlignment;
    this.arena = new Uint8Array(Math.max(maxRecorded, 16) * Math.max(this.align, 256));
    device.onuncapturederror = (ev) => {
      this.error ??= ev.error.message;
    };
  }

  /** The first WebGPU error reported since the last call, if any. */
  takeError(): string | null {
    const e = this.compileError ?? this.error;
    this.error = null;
    this.compileError = null;
    return e;
  }

  private compile(key: string, code: string, bindings: readonly Binding[], uniform: boolean): Compiled {
    const id = `${key}|${bindings.map((b) => b.access[0]).join('')}${uniform ? 'u' : ''}`;
    const hit = this.compiled.get(id);
    if (hit) return hit;
    this.counts.pipelines++;
    const entries: GPUBindGroupLayoutEntry[] = bindings.map((b, i) => ({
      binding: i,
      visibility: COMPUTE,
      buffer: { type: b.access === 'read' ? 'read-only-storage' : 'storage' },
    }));
    if (uniform) entries.push({ binding: bindings.length, visibility: COMPUTE, buffer: { type: 'uniform' } });
    this.device.pushErrorScope('validation');
    const layout = this.device.createBindGroupLayout({ label: key, entries });
    const module = this.device.createShaderModule({ label: key, code });
    const pipeline = this.device.createComputePipeline({
      label: key,
      layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main' },
    });
    void this.device.popErrorScope().then((e) => {
      if (e) this.compileError ??= `kernel ${key} failed to compile: ${e.message}`;
    });
    const c = { pipeline, layout };
    this.compiled.set(id, c);
    return c;
  }

  private openPass(): GPUComputePassEncoder {
    this.encoder ??= this.device.createCommandEncoder();
    this.pass ??= this.encoder.beginComputePass();
    return this.pass;
  }

  /** The encoder with no pass open, for clears and copies. */
  private openEncoder(): GPUCommandEncoder {
    this.pass?.end();
    this.pass = null;
    this.encoder ??= this.device.createCommandEncoder();
    return this.encoder;
  }

  dispatch(key: string, code: string, bindings: readonly Binding[], params: ArrayBuffer | undefined, workgroups: readonly [number, number, number]): void {
    const { pipeline, layout } = this.compile(key, code, bindings, params !== undefined);
    const entries: GPUBindGroupEntry[] = bindings.map((b, i) => ({ binding: i, resource: { buffer: b.buffer, size: b.bytes } }));
    if (params) {
      const slot = Math.ceil(params.byteLength / this.align) * this.align;
      if (slot > this.arena.byteLength) throw new RangeError(`kernel ${key}: ${params.byteLength} bytes of uniforms exceed ${this.arena.byteLength}`);
      if (this.arenaUsed + slot > this.arena.byteLength) this.submit();
      this.uniformBuffer ??= this.uniforms.acquire(this.arena.byteLength, true).buffer;
      this.arena.set(new Uint8Array(params), this.arenaUsed);
      entries.push({ binding: bindings.length, resource: { buffer: this.uniformBuffer, offset: this.arenaUsed, size: params.byteLength } });
      this.arenaUsed += slot;
    }
    const pass = this.openPass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, this.device.createBindGroup({ layout, entries }));
    pass.dispatchWorkgroups(workgroups[0], workgroups[1], workgroups[2]);
    this.counts.dispatches++;
    if (++this.recorded >= this.maxRecorded) this.submit();
  }

  clear(buffer: GPUBuffer): void {
    this.openEncoder().clearBuffer(buffer);
  }

  copy(src: GPUBuffer, dst: GPUBuffer, bytes: number): void {
    this.openEncoder().copyBufferToBuffer(src, 0, dst, 0, bytes);
  }

  submit(): void {
    if (!this.encoder) return;
    const encoder = this.openEncoder();
    this.encoder = null;
    this.recorded = 0;
    if (this.uniformBuffer) {
      this.device.queue.writeBuffer(this.uniformBuffer, 0, this.arena, 0, this.arenaUsed);
      this.uniforms.release(this.uniformBuffer, true);
      this.uniformBuffer = null;
      this.arenaUsed = 0;
    }
    this.device.queue.submit([encoder.finish()]);
    this.counts.submits++;
    this.onSubmit();
  }

  uniformStats(): PoolCounts {
    return this.uniforms.stats();
  }

  destroy(): void {
    this.pass = null;
    this.encoder = null;
    this.uniformBuffer = null;
    this.uniforms.destroy();
  }
}
