/**
 * The WebGPU backend's parts that need no GPU: kernel generators (keys that
 * let one pipeline serve every size, dispatch splitting) and the buffer pool's
 * pending/free rule, on a stand-in device. These run everywhere, including
 * where BPSTUDIO_NO_WEBGPU=1 skips the GPU tests.
 */
import { describe, expect, it } from 'vitest';
import { BufferPool, bucketBytes } from '../../core/backend/webgpu/buffer-pool.js';
import { DEFAULT_KERNEL_LIMITS, type KernelLimits } from '../../core/backend/webgpu/kernel-spec.js';
import { binaryKernel, unaryKernel } from '../../core/backend/webgpu/kernels/elementwise.js';
import { reduceKernel } from '../../core/backend/webgpu/kernels/reduce.js';
import { softmaxKernel } from '../../core/backend/webgpu/kernels/softmax.js';

describe('WebGPU kernel generators', () => {
  it('key kernels by op and rank, not size, so one pipeline serves every size', () => {
    const L = DEFAULT_KERNEL_LIMITS;
    expect(unaryKernel('exp', [3], 0, L).key).toBe(unaryKernel('exp', [1000, 7], 0.5, L).key);
    expect(binaryKernel('add', [2, 3, 4], [3, 1], L).key).toBe(binaryKernel('add', [5, 1, 9], [7, 9], L).key);
    expect(reduceKernel('sum', [4, 300], [1], L).key).toBe(reduceKernel('sum', [9, 1000], [1], L).key);
    expect(softmaxKernel([4, 3], 1, false, L).key).toBe(softmaxKernel([40, 30], 0, false, L).key);
    expect(unaryKernel('exp', [3], 0, L).key).not.toBe(unaryKernel('log', [3], 0, L).key);
  });

  it('split a dispatch over x and y within the per-dimension limit', () => {
    const small: KernelLimits = { ...DEFAULT_KERNEL_LIMITS, maxWorkgroupsPerDimension: 100 };
    const n = 100 * 100 * 256 - 5;
    const [x, y, z] = unaryKernel('neg', [n], 0, small).workgroups;
    expect(x).toBeLessThanOrEqual(100);
    expect(y).toBeLessThanOrEqual(100);
    expect(x * y * z * 256).toBeGreaterThanOrEqual(n);
    expect(() => unaryKernel('neg', [n + 256], 0, small)).toThrow(RangeError);
  });
});

/** A device that only makes buffers, enough for the pool. */
function fakeDevice(): GPUDevice {
  return { createBuffer: (d: GPUBufferDescriptor) => ({ size: d.size, destroy: () => undefined }) } as unknown as GPUDevice;
}

describe('WebGPU buffer pool', () => {
  it('rounds sizes up by at most an eighth (or 256 bytes), to multiples of 16', () => {
    for (const n of [1, 4, 17, 255, 1000, 4096, 5000, 1 << 20, (1 << 20) + 1, 123_456_789]) {
      const b = bucketBytes(n);
      expect(b).toBeGreaterThanOrEqual(n);
      expect(b % 16).toBe(0);
      expect(b).toBeLessThanOrEqual(Math.max(16, n + Math.max(256, n / 8)));
    }
  });

  it('gives a released buffer to a queue write only after submit, but to a kernel output at once', () => {
    const pool = new BufferPool(fakeDevice(), 0, 't', 1 << 30);
    const a = pool.acquire(400, true).buffer;
    pool.release(a);
    const upload = pool.acquire(400, true);
    expect(upload.buffer).not.toBe(a);
    expect(upload.fresh).toBe(true);
    const output = pool.acquire(400, false);
    expect(output).toEqual({ buffer: a, fresh: false });
    pool.release(output.buffer);
    pool.submitted();
    expect(pool.acquire(400, true).buffer).toBe(a);
    expect(pool.stats()).toEqual({ buffers: 2, bytes: 2 * bucketBytes(400), pooled: 0 });
  });

  it('destroys free buffers beyond its byte budget', () => {
    const pool = new BufferPool(fakeDevice(), 0, 't', 1024);
    const bufs = [0, 1, 2].map(() => pool.acquire(1000, false).buffer);
    for (const b of bufs) pool.release(b);
    pool.submitted();
    expect(pool.stats()).toEqual({ buffers: 1, bytes: 1024, pooled: 1 });
  });
});
