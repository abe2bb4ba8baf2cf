/**
 * What is particular to the WebGPU backend (its kernels are in
 * conformance.test.ts): the buffer pool over many steps, the release-before-
 * submit hazard, empty tensors, dispatches past the per-dimension workgroup
 * limit, and a lost device.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceTensor, UpdateHyper } from '../../core/backend/backend.js';
import type { WebGpuBackend } from '../../core/backend/webgpu/webgpu-backend.js';
import { Rng } from '../../core/tensor/random.js';
import { counterKey, dropoutMask, dropoutThreshold } from '../../core/tensor/counter-random.js';
import { nodeWebGpu, SKIP_WEBGPU } from './backends.js';

const ADAM: UpdateHyper = { lr: 0.01, weightDecay: 0, momentum: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, t: 1 };

describe.skipIf(SKIP_WEBGPU)('WebGPU backend', () => {
  let b: WebGpuBackend;
  beforeAll(async () => {
    b = await nodeWebGpu();
  });
  afterAll(() => b?.dispose());

  it('names itself and its adapter', () => {
    expect(b.name).toBe('webgpu');
    expect(b.adapterName.length).toBeGreaterThan(0);
    expect(b.lost).toBeNull();
  });

  it('allocates zeros, also from a reused buffer', async () => {
    b.release(b.upload([5], [1, 2, 3, 4, 5]));
    b.flush();
    const t = b.alloc([5]);
    expect([...(await b.download(t))]).toEqual([0, 0, 0, 0, 0]);
    b.release(t);
  });

  it('keeps a tensor released before submit intact when an upload of the same size follows', async () => {
    const n = 1000;
    const first = Float32Array.from({ length: n }, (_, i) => i);
    const x = b.upload([n], first);
    const y = b.run({ kind: 'unary', op: 'neg', x, alpha: 0 });
    // The engine does this: release a tensor a queued kernel still reads, then upload the next one.
    b.release(x);
    const x2 = b.upload([n], new Float32Array(n).fill(7));
    expect([...(await b.download(y))]).toEqual([...first].map((v) => -v));
    expect([...(await b.download(x2))].every((v) => v === 7)).toBe(true);
    // Once submitted, the released buffer serves the next upload of its size.
    const before = b.poolStats();
    const x3 = b.upload([n], first);
    expect(b.poolStats().buffers).toBe(before.buffers);
    for (const t of [y, x2, x3]) b.release(t);
  });

  it('keeps the pool flat over 1,000 training-like steps', async () => {
    const rng = new Rng(3);
    const rand = (n: number): number[] => Array.from({ length: n }, () => rng.uniform(-1, 1));
    const w = b.upload([8, 4], rand(32));
    const state = [b.alloc([8, 4]), b.alloc([8, 4])];
    let warm = b.poolStats();
    let loss = 0;
    for (let step = 1; step <= 1000; step++) {
      const x = b.upload([16, 8], rand(128));
      const h = b.run({ kind: 'matmul', a: x, b: w, transA: false, transB: false });
      const a = b.run({ kind: 'unary', op: 'tanh', x: h, alpha: 0 });
      const sq = b.run({ kind: 'unary', op: 'square', x: a, alpha: 0 });
      const l = b.run({ kind: 'reduce', op: 'sum', x: sq, axes: [0, 1] });
      const two = b.run({ kind: 'fill', shape: [], value: 2 });
      const da = b.run({ kind: 'binary', op: 'mul', a, b: two });
      const dh = b.run({ kind: 'unary_grad', op: 'tanh', x: h, y: a, dy: da, alpha: 0 });
      const dw = b.run({ kind: 'matmul', a: x, b: dh, transA: true, transB: false });
      b.run({ kind: 'update', rule: 'adam', param: w, grad: dw, state, hyper: { ...ADAM, t: step } });
      for (const t of [x, h, a, sq, two, da, dh, dw]) b.release(t);
      b.flush();
      loss = (await b.download(l))[0];
      b.release(l);
      if (step === 100) warm = b.poolStats();
    }
    const end = b.poolStats();
    expect(Number.isFinite(loss)).toBe(true);
    expect({ buffers: end.buffers, bytes: end.bytes }).toEqual({ buffers: warm.buffers, bytes: warm.bytes });
  });

  it('refuses a tensor past the device\'s binding size with a clear error, and goes on working', async () => {
    const max = b.maxTensorBytes;
    const n = Math.floor(max / 4) + 1;
    expect(() => b.alloc([n])).toThrow(`a tensor of shape [${n}] needs ${n * 4} bytes; this WebGPU device binds at most ${max}`);
    const t = b.upload([2], [1, 2]);
    expect(Array.from(await b.download(t))).toEqual([1, 2]);
    b.release(t);
  });

  it('handles empty tensors without empty bindings', async () => {
    const e = b.upload([3, 0], []);
    expect((await b.download(e)).length).toBe(0);
    const neg = b.run({ kind: 'unary', op: 'neg', x: e, alpha: 0 });
    expect(neg.shape).toEqual([3, 0]);
    const sum = b.run({ kind: 'reduce', op: 'sum', x: e, axes: [1] });
    expect([...(await b.download(sum))]).toEqual([0, 0, 0]);
    const mm = b.run({ kind: 'matmul', a: e, b: b.upload([0, 2], []), transA: false, transB: false });
    expect([...(await b.download(mm))]).toEqual([0, 0, 0, 0, 0, 0]);
    const sum2 = b.run({ kind: 'binary', op: 'add', a: e, b: b.upload([1], [1]) });
    expect(sum2.shape).toEqual([3, 0]);
    const oh = b.run({ kind: 'one_hot', indices: b.upload([2], [0, 1]), depth: 0 });
    expect((await b.download(oh)).length).toBe(0);
    const p = b.alloc([0]);
    expect(b.run({ kind: 'update', rule: 'sgd', param: p, grad: b.alloc([0]), state: [], hyper: ADAM })).toBe(p);
    expect((await b.download(b.reshape(e, [0, 5]))).length).toBe(0);
  });

  it('splits a dispatch past 65,535 workgroups of 256 threads', async () => {
    const n = 65_535 * 256 + 1000;
    expect(Math.ceil(n / 256)).toBeGreaterThan(b.limits.maxWorkgroupsPerDimension);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = i % 1000;
    const x = b.upload([n], data);
    const y = b.run({ kind: 'binary', op: 'add', a: x, b: b.upload([], [1]) });
    const got = await b.download(y);
    let bad = -1;
    for (let i = 0; i < n && bad < 0; i++) if (got[i] !== (i % 1000) + 1) bad = i;
    expect(bad).toBe(-1);
    b.release(x);
    b.release(y);
  });
});

describe.skipIf(SKIP_WEBGPU)('WebGPU backend at small limits', () => {
  it('splits cooperative kernels (reduce, softmax) past a limit of 16 workgroups a dimension', async () => {
    const b = await nodeWebGpu({ kernelLimits: { maxWorkgroupsPerDimension: 16 } });
    const rows = 40;
    const x = b.upload([rows, 300], Float32Array.from({ length: rows * 300 }, (_, i) => (i % 300 === 7 ? Math.floor(i / 300) : 0)));
    const s = b.run({ kind: 'reduce', op: 'sum', x, axes: [1] });
    expect([...(await b.download(s))]).toEqual(Array.from({ length: rows }, (_, r) => r));
    const p = await b.download(b.run({ kind: 'softmax', x, axis: 1, log: false }));
    expect(p[rows * 300 - 300 + 7]).toBeCloseTo(Math.exp(rows - 1) / (Math.exp(rows - 1) + 299), 5);
    b.dispose();
  });

  it('draws the same dropout mask as the CPU past a limit of 16 workgroups a dimension', async () => {
    const b = await nodeWebGpu({ kernelLimits: { maxWorkgroupsPerDimension: 16 } });
    const n = 16 * 256 * 3 + 77;
    const want = dropoutMask(5, 11, n, 0.3);
    const m = b.run({ kind: 'dropout_mask', shape: [n], key: counterKey(5, 11), threshold: dropoutThreshold(0.3), scale: 1 / 0.7 });
    expect([...(await b.download(m))]).toEqual([...want].map(Math.fround));
    b.dispose();
  });

  it('computes the same, with uploads and releases between the submits', async () => {
    const b = await nodeWebGpu({ maxDispatchesPerSubmit: 2 });
    let t = b.upload([100], Float32Array.from({ length: 100 }, (_, i) => i));
    for (let k = 0; k < 9; k++) {
      const one = b.upload([100], new Float32Array(100).fill(1));
      const next = b.run({ kind: 'binary', op: 'add', a: t, b: one });
      b.release(t);
      b.release(one);
      t = next;
    }
    expect([...(await b.download(t))]).toEqual(Array.from({ length: 100 }, (_, i) => i + 9));
    b.dispose();
  });
});

describe.skipIf(SKIP_WEBGPU)('WebGPU backend when its device is gone', () => {
  it('rejects every call with the reason once the device is lost', async () => {
    const b = await nodeWebGpu();
    const t: DeviceTensor = b.upload([2], [1, 2]);
    // Simulates a lost device (a driver reset, a GPU unplugged) the only way a test can.
    (b as unknown as { device: GPUDevice }).device.destroy();
    await expect.poll(() => b.lost).toMatch(/lost/);
    expect(() => b.run({ kind: 'unary', op: 'neg', x: t, alpha: 0 })).toThrow(/WebGPU device lost/);
    await expect(b.download(t)).rejects.toThrow(/WebGPU device lost/);
    b.release(t);
    b.dispose();
  });

  it('rejects calls after dispose, naming it', async () => {
    const b = await nodeWebGpu();
    b.dispose();
    expect(b.lost).toMatch(/disposed/);
    expect(() => b.alloc([1])).toThrow(/disposed/);
  });
});
