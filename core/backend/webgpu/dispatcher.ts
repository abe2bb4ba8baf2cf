/// <reference types="@webgpu/types" />
/**
 * Records dispatches, clears and copies into one open command encoder (one
 * compute pass while dispatches follow each other) and submits it on demand
 * or after `maxRecorded` dispatches. Owns the pipeline cache and the pool of
 * small uniform buffers, which are written through the queue and so are
 * reused only after the encoder that reads them is submitted.
 */
import { BufferPool, type PoolCounts } from './buffer-pool.js';

export interface Binding {
  readonly buffer: GPUBuffer;
  /** `read`: read-only storage; `write`: read_write storage. */
  readonly access: 'read' | 'write';
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
  private readonly compiled = new Map<string, Compiled>();
  private readonly uniforms: BufferPool;
  private error: string | null = null;
  /** A kernel's compile error explains the invalid-pipeline errors that follow it, so it is reported first. */
  private compileError: string | null = null;

  constructor(
    private readonly device: GPUDevice,
    private readonly maxRecorded: number,
    private readonly onSubmit: () => void,
  ) {
    this.uniforms = new BufferPool(device, UNIFORM_USAGE, 'params', 1024 * 1024);
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
    const entries: GPUBindGroupEntry[] = bindings.map((b, i) => ({ binding: i, resource: { buffer: b.buffer } }));
    if (params) {
      const { buffer } = this.uniforms.acquire(params.byteLength, true);
      this.device.queue.writeBuffer(buffer, 0, params);
      entries.push({ binding: bindings.length, resource: { buffer, size: params.byteLength } });
      // Pending until submit: no later writeBuffer can reach it before this dispatch has run.
      this.uniforms.release(buffer);
    }
    const pass = this.openPass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, this.device.createBindGroup({ layout, entries }));
    pass.dispatchWorkgroups(workgroups[0], workgroups[1], workgroups[2]);
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
    this.device.queue.submit([encoder.finish()]);
    this.uniforms.submitted();
    this.onSubmit();
  }

  uniformStats(): PoolCounts {
    return this.uniforms.stats();
  }

  destroy(): void {
    this.pass = null;
    this.encoder = null;
    this.uniforms.destroy();
  }
}
