/// <reference types="@webgpu/types" />
/**
 * The WebGPU backend: every KernelCall as a WGSL compute kernel. Calls are
 * recorded into one command encoder and submitted together when a download
 * needs them, at {@link WebGpuBackend.flush} (the end of a training step) or
 * every `maxDispatchesPerSubmit` dispatches; reads are always asynchronous.
 *
 * Storage is pooled (./buffer-pool.ts explains the release-before-submit
 * hazard); pipelines are cached by kernel key. A lost device makes every
 * later call throw an Error naming the reason, so the caller can fall back to
 * the CPU backend.
 */
import type { Backend, DeviceTensor, KernelCall } from '../backend.js';
import { stateCount } from '../backend.js';
import { type Shape, formatShape, sizeOf } from '../../tensor/shape.js';
import type { HostArray } from '../../tensor/tensor.js';
import type { KernelLimits } from './kernel-spec.js';
import { BufferPool, type PoolCounts } from './buffer-pool.js';
import { kernelFor } from './call-kernels.js';
import { updateKernel } from './kernels/update.js';
import { type Binding, Dispatcher } from './dispatcher.js';

/** No WebGPU adapter was found (no driver, or WebGPU disabled). */
export class NoWebGpuAdapterError extends Error {
  override readonly name = 'NoWebGpuAdapterError';
}

export interface WebGpuBackendOptions {
  readonly powerPreference?: GPUPowerPreference;
  /** Dispatches recorded before an automatic submit (bounds latency and pending memory). Default 128. */
  readonly maxDispatchesPerSubmit?: number;
  /** Released storage kept for reuse, in bytes. Default 256 MiB. */
  readonly maxPooledBytes?: number;
  /** Limits below the device's for the kernels to respect (tests use a small workgroup limit to exercise splitting). */
  readonly kernelLimits?: Partial<KernelLimits>;
  /**
   * Take a fallback (software) adapter such as SwiftShader. Default true; `auto` backend choice
   * passes false, since an emulated GPU runs these graphs slower than the CPU backend.
   */
  readonly allowFallbackAdapter?: boolean;
}

/** A {@link Backend} on a WebGPU device. */
export interface WebGpuBackend extends Backend {
  readonly name: 'webgpu';
  /** The adapter's vendor, architecture and description, e.g. "google swiftshader". */
  readonly adapterName: string;
  /** The limits the kernels were generated for (the device's). */
  readonly limits: KernelLimits;
  /** The largest tensor the device can bind, in bytes (its maxStorageBufferBindingSize). */
  readonly maxTensorBytes: number;
  /** Null while the device works; once it is lost (or the backend disposed), why. */
  readonly lost: string | null;
  /** Submits the recorded work now (call at the end of a step). */
  flush(): void;
  /** GPU buffers alive (storage, uniforms, staging), their bytes, and how many wait in pools. */
  poolStats(): PoolCounts;
  /** Kernels dispatched, command buffers submitted and pipelines compiled so far. */
  counters(): { readonly dispatches: number; readonly submits: number; readonly pipelines: number };
}

/** Shared storage so that reshapes are views; the buffer returns to the pool when `refs` reaches 0. */
interface GpuStorage {
  readonly buffer: GPUBuffer;
  refs: number;
  /** The shared placeholder bound for empty tensors; never pooled. */
  readonly empty: boolean;
}

class GpuTensor implements DeviceTensor {
  readonly size: number;
  released = false;
  constructor(
    readonly shape: Shape,
    readonly storage: GpuStorage,
  ) {
    this.size = sizeOf(shape);
  }
}

const STORAGE_USAGE = 0x80 | 0x4 | 0x8; // STORAGE | COPY_SRC | COPY_DST
const STAGING_USAGE = 0x1 | 0x8; // MAP_READ | COPY_DST
const MAP_READ = 0x1;

class WebGpuBackendImpl implements WebGpuBackend {
  readonly name = 'webgpu';
  private readonly storage: BufferPool;
  private readonly staging: BufferPool;
  private readonly gpu: Dispatcher;
  /** WebGPU forbids zero-size bindings; every empty tensor shares this 16-byte buffer. */
  private readonly emptyBuffer: GPUBuffer;
  private lostReason: string | null = null;

  constructor(
    /**
     * Held for the backend's lifetime: Dawn in Node frees its instance when the
     * `GPU` object is garbage-collected, even with a device still working, and
     * its threads then crash the process.
     */
    private readonly owner: { readonly gpu: GPU; readonly adapter: GPUAdapter },
    private readonly device: GPUDevice,
    readonly adapterName: string,
    readonly limits: KernelLimits,
    opts: WebGpuBackendOptions,
  ) {
    const maxPooled = opts.maxPooledBytes ?? 256 * 1024 * 1024;
    this.storage = new BufferPool(device, STORAGE_USAGE, 'tensor', maxPooled);
    this.staging = new BufferPool(device, STAGING_USAGE, 'staging', 64 * 1024 * 1024);
    this.gpu = new Dispatcher(device, opts.maxDispatchesPerSubmit ?? 128, () => this.storage.submitted());
    this.emptyBuffer = device.createBuffer({ label: 'empty', size: 16, usage: STORAGE_USAGE });
    void device.lost.then((info) => {
      this.lostReason ??= `WebGPU device lost (${info.reason}): ${info.message || 'no message'}`;
    });
  }

  get lost(): string | null {
    return this.lostReason;
  }

  private check(): void {
    if (this.lostReason) throw new Error(this.lostReason);
    const error = this.gpu.takeError();
    if (error) throw new Error(`WebGPU error: ${error}`);
  }

  get maxTensorBytes(): number {
    return this.device.limits.maxStorageBufferBindingSize;
  }

  private tensor(shape: Shape, queueWrite: boolean, zero: boolean): GpuTensor {
    const bytes = sizeOf(shape) * 4;
    if (bytes === 0) return new GpuTensor([...shape], { buffer: this.emptyBuffer, refs: 1, empty: true });
    if (bytes > this.device.limits.maxStorageBufferBindingSize) {
      throw new RangeError(`a tensor of shape ${formatShape(shape)} needs ${bytes} bytes; this WebGPU device binds at most ${this.device.limits.maxStorageBufferBindingSize}`);
    }
    const { buffer, fresh } = this.storage.acquire(bytes, queueWrite);
    // New buffers start zeroed; a reused one is cleared in the encoder, in order with the kernels.
    if (zero && !fresh) this.gpu.clear(buffer);
    return new GpuTensor([...shape], { buffer, refs: 1, empty: false });
  }

  alloc(shape: Shape): DeviceTensor {
    this.check();
    return this.tensor(shape, false, true);
  }

  upload(shape: Shape, data: ArrayLike<number>): DeviceTensor {
    this.check();
    const n = sizeOf(shape);
    if (data.length !== n) throw new RangeError(`upload: ${data.length} values for shape ${formatShape(shape)}`);
    const t = this.tensor(shape, true, false);
    if (n > 0) this.device.queue.writeBuffer(t.storage.buffer, 0, data instanceof Float32Array && data.buffer instanceof ArrayBuffer ? (data as Float32Array<ArrayBuffer>) : Float32Array.from(data));
    return t;
  }

  async download(t: DeviceTensor): Promise<HostArray> {
    this.check();
    const g = own(t);
    const bytes = g.size * 4;
    if (bytes === 0) return new Float32Array(0);
    const { buffer: staging } = this.staging.acquire(bytes, false);
    this.gpu.copy(g.storage.buffer, staging, bytes);
    this.flush();
    try {
      await staging.mapAsync(MAP_READ, 0, bytes);
    } catch (e) {
      this.check();
      throw e;
    }
    const out = new Float32Array(staging.getMappedRange(0, bytes).slice(0));
    staging.unmap();
    this.staging.release(staging, true);
    this.check();
    return out;
  }

  flush(): void {
    if (this.lostReason) return;
    this.gpu.submit();
  }

  reshape(t: DeviceTensor, shape: Shape): DeviceTensor {
    const g = own(t);
    if (sizeOf(shape) !== g.size) throw new RangeError(`reshape: ${formatShape(g.shape)} to ${formatShape(shape)}`);
    g.storage.refs++;
    return new GpuTensor([...shape], g.storage);
  }

  release(t: DeviceTensor): void {
    if (!(t instanceof GpuTensor) || t.released) return;
    t.released = true;
    const s = t.storage;
    if (--s.refs === 0 && !s.empty && !this.lostReason) this.storage.release(s.buffer);
  }

  run(call: KernelCall): DeviceTensor {
    this.check();
    if (call.kind === 'update') return this.update(call);
    if (call.kind === 'fill' && call.value === 0) return this.tensor(call.shape, false, true);
    const { spec, inputs } = kernelFor(call, this.limits);
    const ins = inputs.map(own);
    const out = this.tensor(spec.outShape, false, false);
    if (out.size === 0) return out;
    const bindings: Binding[] = ins.map((t) => binding(t, 'read'));
    bindings.push(binding(out, 'write'));
    this.gpu.dispatch(spec.key, spec.code, bindings, spec.params, spec.workgroups);
    return out;
  }

  private update(call: Extract<KernelCall, { kind: 'update' }>): DeviceTensor {
    const p = own(call.param);
    const tensors = [own(call.grad), p, ...call.state.map(own)];
    if (call.state.length !== stateCount(call.rule)) throw new RangeError(`update ${call.rule}: ${call.state.length} state tensors, expected ${stateCount(call.rule)}`);
    if (tensors.some((t) => t.size !== p.size)) throw new RangeError(`update ${call.rule}: gradient and state must be shaped like the parameter ${formatShape(p.shape)}`);
    if (p.size === 0) return p;
    const spec = updateKernel(call.rule, p.size, call.hyper, this.limits);
    const bindings: Binding[] = tensors.map((t, i) => binding(t, i === 0 ? 'read' : 'write'));
    this.gpu.dispatch(spec.key, spec.code, bindings, spec.params, spec.workgroups);
    return p;
  }

  counters(): { readonly dispatches: number; readonly submits: number; readonly pipelines: number } {
    return { ...this.gpu.counts };
  }

  poolStats(): PoolCounts {
    const parts = [this.storage.stats(), this.staging.stats(), this.gpu.uniformStats()];
    return parts.reduce((a, b) => ({ buffers: a.buffers + b.buffers, bytes: a.bytes + b.bytes, pooled: a.pooled + b.pooled }));
  }

  dispose(): void {
    if (this.lostReason?.startsWith('disposed')) return;
    this.lostReason = 'disposed: this WebGPU backend was disposed';
    this.storage.destroy();
    this.staging.destroy();
    this.gpu.destroy();
    this.device.destroy();
  }
}

function own(t: DeviceTensor): GpuTensor {
  if (!(t instanceof GpuTensor)) throw new TypeError('tensor belongs to another backend');
  if (t.released) throw new Error('use of a released tensor');
  return t;
}

/** An empty tensor binds 4 bytes of the shared placeholder: WebGPU has no empty binding. */
function binding(t: GpuTensor, access: Binding['access']): Binding {
  return { buffer: t.storage.buffer, access, bytes: Math.max(4, t.size * 4) };
}

/** The adapter's info: newer than some type libraries (TypeScript's DOM types lack it), so read defensively. */
function infoOf(adapter: GPUAdapter): (GPUAdapterInfo & { readonly isFallbackAdapter?: boolean }) | undefined {
  return (adapter as { info?: GPUAdapterInfo & { readonly isFallbackAdapter?: boolean } }).info;
}

function describeAdapter(adapter: GPUAdapter): string {
  const info = infoOf(adapter);
  const parts = info ? [info.vendor, info.architecture, info.description || info.device] : [];
  return parts.filter((s) => s).join(' ') || 'unknown adapter';
}

/**
 * Creates the backend on `gpu` (`navigator.gpu`, or Dawn's in Node: see
 * core/cli/node-gpu.ts). Throws {@link NoWebGpuAdapterError} when no adapter
 * is found. Requests the adapter's own storage and workgroup limits, so large
 * tensors and the tiled kernels fit where the hardware allows.
 */
export async function createWebGpuBackend(gpu: GPU, opts: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  const adapter = await gpu.requestAdapter(opts.powerPreference ? { powerPreference: opts.powerPreference } : undefined);
  if (!adapter) {
    throw new NoWebGpuAdapterError('no WebGPU adapter found: the GPU driver is missing or WebGPU is disabled (in Node, see core/cli/node-gpu.ts)');
  }
  // isFallbackAdapter moved from the adapter to its info in the spec; Dawn and Chromium have one or the other.
  const fallback = infoOf(adapter)?.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
  if (fallback && opts.allowFallbackAdapter === false) {
    throw new NoWebGpuAdapterError(`the WebGPU adapter is a software one (${describeAdapter(adapter)}), slower than the CPU`);
  }
  const a = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: a.maxStorageBufferBindingSize,
      maxBufferSize: a.maxBufferSize,
      maxStorageBuffersPerShaderStage: a.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: a.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: a.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: a.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupSizeY: a.maxComputeWorkgroupSizeY,
    },
  });
  const d = device.limits;
  const cap = opts.kernelLimits ?? {};
  const limits: KernelLimits = {
    maxWorkgroupsPerDimension: Math.min(d.maxComputeWorkgroupsPerDimension, cap.maxWorkgroupsPerDimension ?? Infinity),
    maxInvocationsPerWorkgroup: Math.min(d.maxComputeInvocationsPerWorkgroup, cap.maxInvocationsPerWorkgroup ?? Infinity),
    maxWorkgroupStorageSize: Math.min(d.maxComputeWorkgroupStorageSize, cap.maxWorkgroupStorageSize ?? Infinity),
  };
  return new WebGpuBackendImpl({ gpu, adapter }, device, describeAdapter(adapter), limits, opts);
}
