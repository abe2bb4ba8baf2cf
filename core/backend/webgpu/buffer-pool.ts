/// <reference types="@webgpu/types" />
/**
 * GPU buffers of one usage, reused by rounded size across steps.
 *
 * The hazard it exists to prevent: the backend records many dispatches into
 * one command encoder and submits later, while `queue.writeBuffer` (an upload,
 * a uniform block) takes effect at once, ahead of anything not yet submitted.
 * A tensor released while the open encoder still reads it, its buffer handed
 * to an upload, would have that encoder read the upload's data. So a released
 * buffer is *pending* until the encoder is submitted ({@link submitted}), and
 * only *free* buffers may be written through the queue.
 *
 * A pending buffer may still become a kernel's output, or be cleared by the
 * encoder, in the same encoder: commands run in recording order, so the reads
 * recorded before its release finish before the write recorded after. That
 * lets a long step reuse its own temporaries before it submits.
 */

export interface PoolCounts {
  /** GPU buffers alive (in use, pending or free). */
  buffers: number;
  bytes: number;
  /** Of those, buffers waiting in the pool (pending or free). */
  pooled: number;
}

/** Buffer size for `bytes`: at least 16, then steps of 256 bytes or an eighth of the power of two below. */
export function bucketBytes(bytes: number): number {
  if (bytes <= 16) return 16;
  const step = Math.max(256, 2 ** (Math.floor(Math.log2(bytes)) - 3));
  return Math.ceil(bytes / step) * step;
}

export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private readonly pending = new Map<number, GPUBuffer[]>();
  private freeBytes = 0;
  private readonly counts: PoolCounts = { buffers: 0, bytes: 0, pooled: 0 };

  constructor(
    private readonly device: GPUDevice,
    private readonly usage: GPUBufferUsageFlags,
    private readonly label: string,
    /** Free buffers beyond this many bytes are destroyed at submit rather than kept. */
    private readonly maxFreeBytes: number,
  ) {}

  /**
   * A buffer of at least `bytes`. `queueWrite`: the caller will write it with
   * `queue.writeBuffer`, so only a free buffer will do. `fresh` is true for a
   * newly created buffer, which WebGPU zero-fills.
   */
  acquire(bytes: number, queueWrite: boolean): { buffer: GPUBuffer; fresh: boolean } {
    const size = bucketBytes(bytes);
    const reused = (queueWrite ? undefined : this.pending.get(size)?.pop()) ?? this.take(size);
    if (reused) {
      this.counts.pooled--;
      return { buffer: reused, fresh: false };
    }
    const buffer = this.device.createBuffer({ label: this.label, size, usage: this.usage });
    this.counts.buffers++;
    this.counts.bytes += size;
    return { buffer, fresh: true };
  }

  private take(size: number): GPUBuffer | undefined {
    const b = this.free.get(size)?.pop();
    if (b) this.freeBytes -= size;
    return b;
  }

  /** Back to the pool: pending until the next submit, or free at once when `idle` (no unsubmitted command uses it). */
  release(buffer: GPUBuffer, idle = false): void {
    this.counts.pooled++;
    if (idle) this.toFree(buffer);
    else push(this.pending, buffer.size, buffer);
  }

  /** The open encoder was submitted: pending buffers are safe to write through the queue. */
  submitted(): void {
    for (const list of this.pending.values()) for (const b of list) this.toFree(b);
    this.pending.clear();
  }

  private toFree(buffer: GPUBuffer): void {
    if (this.freeBytes + buffer.size > this.maxFreeBytes) {
      this.counts.pooled--;
      this.counts.buffers--;
      this.counts.bytes -= buffer.size;
      buffer.destroy();
      return;
    }
    this.freeBytes += buffer.size;
    push(this.free, buffer.size, buffer);
  }

  stats(): PoolCounts {
    return { ...this.counts };
  }

  /** Destroys the pooled buffers (buffers in use are destroyed with the device). */
  destroy(): void {
    for (const map of [this.free, this.pending]) {
      for (const list of map.values()) for (const b of list) b.destroy();
      map.clear();
    }
    this.freeBytes = 0;
  }
}

function push(map: Map<number, GPUBuffer[]>, size: number, b: GPUBuffer): void {
  const list = map.get(size);
  if (list) list.push(b);
  else map.set(size, [b]);
}
