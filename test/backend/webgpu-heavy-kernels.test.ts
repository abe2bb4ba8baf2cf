/**
 * The WGSL matmul, conv and pool generators against the float64 CPU backend,
 * run on Dawn (SwiftShader without a GPU) through a test-only runner.
 *
 * Tolerance: |gpu - cpu64| <= 1e-4 · max(|cpu64|, 1), i.e. 1e-4 relative with
 * an absolute floor of 1e-4 for results under 1 in magnitude, where float32
 * rounding of sums of up to a few hundred terms of size ~1 (inputs are in
 * [-1, 1)) is of order 1e-5 and a pure relative bound would be defeated by
 * cancellation.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, KernelCall, PoolKind, Window2d } from '../../core/backend/backend.js';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { DEFAULT_KERNEL_LIMITS, type KernelLimits, type KernelSpec } from '../../core/backend/webgpu/kernel-spec.js';
import { conv2dGradWKernel, conv2dGradXKernel, conv2dKernel, pool2dGradKernel, pool2dKernel } from '../../core/backend/webgpu/kernels/conv.js';
import { MATMUL_TILINGS, matmulKernel, matmulKernelWith } from '../../core/backend/webgpu/kernels/matmul.js';
import { Rng } from '../../core/tensor/random.js';
import { type Shape, sizeOf } from '../../core/tensor/shape.js';
import { createTestDevice, runKernel } from './webgpu-kernel-runner.js';

const gpu = await createTestDevice();
const device = gpu.device;
afterAll(() => device?.destroy());

const cpu = createCpuBackend({ precision: 'float64' });

function random(shape: Shape, rng: Rng): Float32Array {
  const a = new Float32Array(sizeOf(shape));
  for (let i = 0; i < a.length; i++) a[i] = rng.uniform(-1, 1);
  return a;
}

/** Runs one CPU kernel call on float64 copies of the inputs; `call` gets the uploaded tensors. */
function reference(inputs: readonly { shape: Shape; data: Float32Array }[], call: (t: ReturnType<Backend['upload']>[]) => KernelCall): { shape: Shape; data: Float64Array } {
  const ts = inputs.map((x) => cpu.upload(x.shape, x.data));
  const out = cpu.run(call(ts));
  const data = Float64Array.from(cpu.readSync(out));
  const shape = out.shape;
  for (const t of [...ts, out]) cpu.release(t);
  return { shape, data };
}

/** The worst |gpu - cpu| / max(|cpu|, 1); NaN (an unwritten output) counts as Infinity. */
function worst(got: Float32Array, want: Float64Array): number {
  expect(got.length).toBe(want.length);
  let w = 0;
  for (let i = 0; i < got.length; i++) {
    // Equal first: an all-padding max-pool window gives -Infinity on both sides.
    const e = got[i] === want[i] ? 0 : Math.abs(got[i] - want[i]) / Math.max(Math.abs(want[i]), 1);
    if (!(e <= w)) w = Number.isNaN(e) ? Infinity : e;
  }
  return w;
}

async function check(spec: KernelSpec, inputs: readonly { shape: Shape; data: Float32Array }[], call: (t: ReturnType<Backend['upload']>[]) => KernelCall): Promise<void> {
  if (device === null) return;
  const want = reference(inputs, call);
  expect(spec.outShape).toEqual(want.shape);
  const got = await runKernel(device, spec, inputs.map((x) => x.data));
  expect(worst(got, want.data), spec.key).toBeLessThanOrEqual(1e-4);
}

const TRANS: readonly (readonly [boolean, boolean])[] = [[false, false], [true, false], [false, true], [true, true]];

interface MatmulCase {
  readonly aBatch: Shape;
  readonly bBatch: Shape;
  readonly n: number;
  readonly k: number;
  readonly m: number;
}

const plain = (n: number, k: number, m: number): MatmulCase => ({ aBatch: [], bBatch: [], n, k, m });

/** Sizes straddle the tiles (multiples of 4, 16, 64 and not) and the vec4/scalar choice of each operand. */
const MATMUL_CASES: readonly (readonly [string, MatmulCase])[] = [
  ['1x1x1', plain(1, 1, 1)],
  ['XOR layer 4x2x2', plain(4, 2, 2)],
  ['3x17x65', plain(3, 17, 65)],
  ['65x3x17', plain(65, 3, 17)],
  ['17x65x130', plain(17, 65, 130)],
  ['tile multiples 64x64x64', plain(64, 64, 64)],
  ['mixed alignment 20x8x17', plain(20, 8, 17)],
  ['mixed alignment 17x12x20', plain(17, 12, 20)],
  ['k = 0 gives zeros', plain(5, 0, 6)],
  ['batched alike [2,3]', { aBatch: [2, 3], bBatch: [2, 3], n: 9, k: 7, m: 12 }],
  ['batched a, plain b', { aBatch: [3], bBatch: [], n: 33, k: 20, m: 17 }],
  ['broadcast [3,1] x [1,4]', { aBatch: [3, 1], bBatch: [1, 4], n: 6, k: 5, m: 9 }],
  ['broadcast rank 4 x rank 2 batch', { aBatch: [2, 1, 3, 1], bBatch: [1, 4], n: 17, k: 8, m: 20 }],
];

function stored(batch: Shape, rows: number, cols: number, trans: boolean): number[] {
  return trans ? [...batch, cols, rows] : [...batch, rows, cols];
}

async function checkMatmul(c: MatmulCase, ta: boolean, tb: boolean, seed: number, make: (a: Shape, b: Shape) => KernelSpec): Promise<void> {
  const rng = new Rng(seed);
  const aShape = stored(c.aBatch, c.n, c.k, ta);
  const bShape = stored(c.bBatch, c.k, c.m, tb);
  const inputs = [
    { shape: aShape, data: random(aShape, rng) },
    { shape: bShape, data: random(bShape, rng) },
  ];
  await check(make(aShape, bShape), inputs, ([a, b]) => ({ kind: 'matmul', a, b, transA: ta, transB: tb }));
}

describe.skipIf(device === null)(`WGSL matmul on ${gpu.device === null ? gpu.reason : gpu.adapterName}`, () => {
  for (const [name, c] of MATMUL_CASES) {
    it(`${name}, as the backend picks it, all transposes`, async () => {
      for (const [ta, tb] of TRANS) await checkMatmul(c, ta, tb, 1, (a, b) => matmulKernel(a, b, ta, tb, DEFAULT_KERNEL_LIMITS));
    });
  }

  // Forced, so that small and odd shapes meet the tiled kernel's edges too. The
  // first tiling (the one the backend uses) and the simple kernel see every
  // case; the fallbacks, which differ only in constants, see all-scalar and
  // mixed vec4/scalar operands, plain and transposed (SwiftShader takes up to
  // seconds to compile each variant, so each pipeline here costs).
  const edgy = MATMUL_CASES.filter(([name]) => !name.startsWith('1x1'));
  const fallback: readonly (readonly [MatmulCase, boolean, boolean])[] = [
    [plain(17, 65, 130), false, false],
    [{ aBatch: [3, 1], bBatch: [4], n: 17, k: 8, m: 20 }, true, true],
  ];
  MATMUL_TILINGS.forEach((tiling, t) => {
    if (t === 0) {
      it(`tiling ${JSON.stringify(tiling)} and the simple kernel on every case, all transposes`, async () => {
        for (const [, c] of edgy) {
          for (const [ta, tb] of TRANS) {
            await checkMatmul(c, ta, tb, 2, (a, b) => matmulKernelWith(a, b, ta, tb, DEFAULT_KERNEL_LIMITS, tiling));
            await checkMatmul(c, ta, tb, 3, (a, b) => matmulKernelWith(a, b, ta, tb, DEFAULT_KERNEL_LIMITS, 'simple'));
          }
        }
      });
    } else {
      it(`fallback tiling ${JSON.stringify(tiling)}`, async () => {
        for (const [c, ta, tb] of fallback) await checkMatmul(c, ta, tb, 4, (a, b) => matmulKernelWith(a, b, ta, tb, DEFAULT_KERNEL_LIMITS, tiling));
      });
    }
  });

  it('large-ish 256x300x129 and 130x65x130, all transposes', async () => {
    for (const [ta, tb] of TRANS) {
      await checkMatmul(plain(256, 300, 129), ta, tb, 3, (a, b) => matmulKernel(a, b, ta, tb, DEFAULT_KERNEL_LIMITS));
      await checkMatmul(plain(130, 65, 130), ta, tb, 4, (a, b) => matmulKernel(a, b, ta, tb, DEFAULT_KERNEL_LIMITS));
    }
  });

  it('a dispatch split over x and y (tiny workgroup limit) covers every batch', async () => {
    const limits: KernelLimits = { ...DEFAULT_KERNEL_LIMITS, maxWorkgroupsPerDimension: 19 };
    const c: MatmulCase = { aBatch: [5], bBatch: [1], n: 70, k: 9, m: 66 };
    await checkMatmul(c, false, true, 5, (a, b) => matmulKernel(a, b, false, true, limits));
    await checkMatmul(c, true, false, 5, (a, b) => matmulKernelWith(a, b, true, false, limits, 'simple'));
  });
});

interface ConvCase {
  readonly n: number;
  readonly c: number;
  readonly o: number;
  readonly h: number;
  readonly w: number;
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
}

const sq = (v: number): [number, number] => [v, v];
const conv = (n: number, c: number, o: number, h: number, w: number, k: number, s: number, p: number): ConvCase => ({ n, c, o, h, w, kernel: sq(k), stride: sq(s), padding: sq(p) });

/** Kernel 1/3/5, stride 1/2, padding 0/1/2, channels 1/3/8 in and out, batch 1/2, and windows that miss the input entirely. */
const CONV_CASES: readonly ConvCase[] = [
  conv(1, 1, 1, 5, 5, 1, 1, 0),
  conv(2, 3, 8, 7, 6, 3, 1, 1),
  conv(1, 8, 3, 9, 9, 5, 2, 2),
  conv(2, 3, 3, 8, 11, 3, 2, 0),
  conv(1, 1, 8, 6, 7, 5, 1, 2),
  conv(2, 8, 1, 5, 5, 3, 2, 1),
  conv(1, 3, 2, 4, 4, 1, 1, 2),
  { n: 1, c: 3, o: 2, h: 6, w: 9, kernel: [2, 3], stride: [1, 2], padding: [0, 1] },
];

const windowOf = (c: ConvCase): Window2d => ({ kernel: c.kernel, stride: c.stride, padding: c.padding });

describe.skipIf(device === null)('WGSL conv2d and its gradients', () => {
  CONV_CASES.forEach((c, i) => {
    it(`N${c.n} C${c.c} O${c.o} ${c.h}x${c.w}, kernel ${c.kernel}, stride ${c.stride}, padding ${c.padding}`, async () => {
      const rng = new Rng(100 + i);
      const win = windowOf(c);
      const xShape = [c.n, c.c, c.h, c.w];
      const wShape = [c.o, c.c, ...c.kernel];
      const x = { shape: xShape, data: random(xShape, rng) };
      const w = { shape: wShape, data: random(wShape, rng) };
      const spec = conv2dKernel(xShape, wShape, win, DEFAULT_KERNEL_LIMITS);
      await check(spec, [x, w], ([xt, wt]) => ({ kind: 'conv2d', x: xt, w: wt, window: win }));
      const dy = { shape: spec.outShape, data: random(spec.outShape, rng) };
      await check(conv2dGradXKernel(dy.shape, wShape, xShape, win, DEFAULT_KERNEL_LIMITS), [dy, w], ([dyt, wt]) => ({ kind: 'conv2d_grad_x', dy: dyt, w: wt, xShape, window: win }));
      await check(conv2dGradWKernel(dy.shape, xShape, wShape, win, DEFAULT_KERNEL_LIMITS), [dy, x], ([dyt, xt]) => ({ kind: 'conv2d_grad_w', dy: dyt, x: xt, wShape, window: win }));
    });
  });
});

/** Inputs for pooling: random, constant (every window one big tie) or small integers (ties here and there). */
type Fill = 'random' | 'constant' | 'ties';

const POOL_CASES: readonly (readonly [ConvCase, Fill])[] = [
  [conv(2, 3, 3, 8, 8, 2, 2, 0), 'random'],
  [conv(1, 2, 2, 7, 9, 3, 2, 1), 'random'],
  [conv(2, 1, 1, 6, 6, 3, 1, 1), 'random'],
  [conv(1, 3, 3, 5, 5, 5, 1, 2), 'random'],
  [conv(1, 2, 2, 4, 5, 1, 1, 1), 'random'],
  [{ n: 1, c: 2, o: 2, h: 7, w: 6, kernel: [2, 3], stride: [1, 2], padding: [1, 0] }, 'random'],
  [conv(2, 2, 2, 6, 6, 3, 1, 1), 'constant'],
  [conv(1, 2, 2, 8, 8, 2, 2, 0), 'constant'],
  [conv(2, 3, 3, 7, 7, 3, 2, 1), 'ties'],
  [conv(1, 2, 2, 9, 9, 5, 1, 2), 'ties'],
];

describe.skipIf(device === null)('WGSL pooling and its gradient', () => {
  POOL_CASES.forEach(([c, fill], i) => {
    for (const pool of ['max', 'avg'] as const satisfies readonly PoolKind[]) {
      it(`${pool}, ${fill} N${c.n} C${c.c} ${c.h}x${c.w}, kernel ${c.kernel}, stride ${c.stride}, padding ${c.padding}`, async () => {
        const rng = new Rng(200 + i);
        const win = windowOf(c);
        const xShape = [c.n, c.c, c.h, c.w];
        const data = random(xShape, rng);
        if (fill === 'constant') data.fill(0.5);
        if (fill === 'ties') data.forEach((v, k) => (data[k] = Math.floor((v + 1) * 1.5)));
        const x = { shape: xShape, data };
        const spec = pool2dKernel(pool, xShape, win, DEFAULT_KERNEL_LIMITS);
        await check(spec, [x], ([xt]) => ({ kind: 'pool2d', pool, x: xt, window: win }));
        const dy = { shape: spec.outShape, data: random(spec.outShape, rng) };
        await check(pool2dGradKernel(pool, xShape, dy.shape, win, DEFAULT_KERNEL_LIMITS), [x, dy], ([xt, dyt]) => ({ kind: 'pool2d_grad', pool, x: xt, dy: dyt, window: win }));
      });
    }
  });
});

describe.skipIf(device === null)('WGSL gradients are deterministic', () => {
  it('conv2d and max-pool gradients come out bit for bit the same on a second run', async () => {
    if (device === null) return;
    const rng = new Rng(300);
    const win: Window2d = { kernel: [3, 3], stride: [1, 1], padding: [1, 1] };
    const xs = [2, 4, 9, 9];
    const ws = [6, 4, 3, 3];
    const ys = [2, 6, 9, 9];
    const dy = random(ys, rng);
    const x = random(xs, rng);
    const w = random(ws, rng);
    const runs = [conv2dGradWKernel(ys, xs, ws, win, DEFAULT_KERNEL_LIMITS), conv2dGradXKernel(ys, ws, xs, win, DEFAULT_KERNEL_LIMITS)];
    for (const [spec, inputs] of [[runs[0], [dy, x]], [runs[1], [dy, w]], [pool2dGradKernel('max', xs, xs, win, DEFAULT_KERNEL_LIMITS), [x, random(xs, rng)]]] as const) {
      const first = await runKernel(device, spec, inputs);
      const second = await runKernel(device, spec, inputs);
      expect(new Uint32Array(second.buffer)).toEqual(new Uint32Array(first.buffer));
    }
  });
});

describe('WGSL kernel specs, without a device', () => {
  const small: KernelLimits = { ...DEFAULT_KERNEL_LIMITS, maxWorkgroupsPerDimension: 2000 };
  const within = (spec: KernelSpec, limits: KernelLimits) => {
    for (const n of spec.workgroups) {
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(limits.maxWorkgroupsPerDimension);
    }
  };

  it('matmul never exceeds the per-dimension limit, whatever the batch', () => {
    for (const limits of [DEFAULT_KERNEL_LIMITS, small]) {
      within(matmulKernel([200000, 8, 8], [8, 8], false, false, limits), limits);
      within(matmulKernel([3000, 100, 64], [3000, 64, 100], false, false, limits), limits);
      for (const tiling of MATMUL_TILINGS) within(matmulKernelWith([70000, 64, 4], [4, 64], false, false, limits, tiling), limits);
    }
  });

  it('conv and pool kernels never exceed the per-dimension limit, whatever the batch', () => {
    const win: Window2d = { kernel: [3, 3], stride: [1, 1], padding: [1, 1] };
    const xs = [20000, 3, 16, 16];
    const ws = [8, 3, 3, 3];
    const ys = [20000, 8, 16, 16];
    for (const limits of [DEFAULT_KERNEL_LIMITS, small]) {
      within(conv2dKernel(xs, ws, win, limits), limits);
      within(conv2dGradXKernel(ys, ws, xs, win, limits), limits);
      within(conv2dGradWKernel(ys, xs, ws, win, limits), limits);
      within(pool2dKernel('max', xs, win, limits), limits);
      within(pool2dGradKernel('avg', xs, xs, win, limits), limits);
    }
  });

  it('a limit below what a kernel needs is a clear error, not a validation failure', () => {
    const tiny: KernelLimits = { ...DEFAULT_KERNEL_LIMITS, maxInvocationsPerWorkgroup: 32 };
    expect(() => conv2dKernel([1, 1, 4, 4], [1, 1, 3, 3], { kernel: [3, 3], stride: [1, 1], padding: [0, 0] }, tiny)).toThrow(/invocations per workgroup/);
    expect(() => matmulKernel([2, 2], [2, 2], false, false, tiny)).toThrow(/invocations per workgroup/);
  });

  it('matmul keeps within workgroup memory and invocations, and keys leave sizes out', () => {
    const tight: KernelLimits = { maxWorkgroupsPerDimension: 65535, maxInvocationsPerWorkgroup: 64, maxWorkgroupStorageSize: 4096 };
    const spec = matmulKernel([300, 300], [300, 300], false, false, tight);
    const wg = /@workgroup_size\((\d+)(?:, (\d+))?/.exec(spec.code);
    expect(Number(wg?.[1]) * Number(wg?.[2] ?? 1)).toBeLessThanOrEqual(64);
    const shared = [...spec.code.matchAll(/var<workgroup> \w+: array<vec4<f32>, (\d+)>/g)].reduce((sum, m) => sum + 16 * Number(m[1]), 0);
    expect(shared).toBeGreaterThan(0);
    expect(shared).toBeLessThanOrEqual(4096);
    expect(matmulKernel([128, 256], [256, 512], false, false, DEFAULT_KERNEL_LIMITS).key).toBe(matmulKernel([64, 128], [128, 64], false, false, DEFAULT_KERNEL_LIMITS).key);
  });

  /** Specs for a spread of shapes: sizes vary within each key, windows and transposes between keys. */
  function manySpecs(): KernelSpec[] {
    const specs: KernelSpec[] = [];
    for (const [n, k, m] of [[1, 1, 1], [4, 2, 2], [17, 65, 130], [64, 64, 64], [128, 256, 512], [20, 8, 17], [256, 300, 129]]) {
      for (const [ta, tb] of TRANS) {
        const a = ta ? [k, n] : [n, k];
        const b = tb ? [m, k] : [k, m];
        specs.push(matmulKernel(a, b, ta, tb, DEFAULT_KERNEL_LIMITS), matmulKernel([3, ...a], [2, 1, ...b], ta, tb, DEFAULT_KERNEL_LIMITS));
      }
    }
    for (const c of [...CONV_CASES, conv(4, 16, 32, 28, 28, 3, 1, 1), conv(1, 2, 5, 12, 10, 3, 1, 1)]) {
      const win = windowOf(c);
      const xs = [c.n, c.c, c.h, c.w];
      const ws = [c.o, c.c, ...c.kernel];
      const y = conv2dKernel(xs, ws, win, DEFAULT_KERNEL_LIMITS);
      specs.push(y, conv2dGradXKernel(y.outShape, ws, xs, win, DEFAULT_KERNEL_LIMITS), conv2dGradWKernel(y.outShape, xs, ws, win, DEFAULT_KERNEL_LIMITS));
      for (const pool of ['max', 'avg'] as const) {
        const py = pool2dKernel(pool, xs, win, DEFAULT_KERNEL_LIMITS);
        specs.push(py, pool2dGradKernel(pool, xs, py.outShape, win, DEFAULT_KERNEL_LIMITS));
      }
    }
    return specs;
  }

  it('one key, one shader; bindings as the contract says; a 16-byte uniform', () => {
    const codeOf = new Map<string, string>();
    for (const spec of manySpecs()) {
      const seen = codeOf.get(spec.key);
      if (seen !== undefined) expect(spec.code, spec.key).toBe(seen);
      codeOf.set(spec.key, spec.code);
      const bindings = [...spec.code.matchAll(/@binding\((\d+)\) var<(\w+)(?:, (\w+))?>/g)].map((m) => [Number(m[1]), m[2], m[3] ?? '']);
      const want = [...Array.from({ length: spec.inputs }, (_, i) => [i, 'storage', 'read']), [spec.inputs, 'storage', 'read_write'], [spec.inputs + 1, 'uniform', '']];
      expect(bindings, spec.key).toEqual(want);
      expect(spec.code).toMatch(/fn main\(/);
      expect((spec.params?.byteLength ?? 0) % 16).toBe(0);
    }
    // Sizes go through the uniform: one window, one conv pipeline whatever the tensors.
    const win = windowOf(conv(1, 1, 1, 1, 1, 3, 1, 1));
    expect(conv2dKernel([1, 3, 8, 8], [4, 3, 3, 3], win, DEFAULT_KERNEL_LIMITS).key).toBe(conv2dKernel([2, 5, 20, 30], [7, 5, 3, 3], win, DEFAULT_KERNEL_LIMITS).key);
  });
});
