/**
 * NCHW convolution and pooling as WGSL, with the CPU backend's semantics
 * (cpu/conv.ts): zero padding, max pooling over the in-bounds positions only,
 * average pooling dividing by the whole window (padding counted), and the
 * max-pool gradient routed to the first maximum of each window in row-major
 * window order.
 *
 * Every kernel gathers: a thread (or, for the weight gradient, a workgroup)
 * owns one output element and sums what reaches it in a fixed order, so there
 * are no atomics and results are bit-for-bit repeatable. The window (kernel,
 * stride, padding) is baked into the code, so its loops unroll; tensor sizes
 * travel in the uniform.
 */
import type { PoolKind, Window2d } from '../../backend.js';
import { conv2dShape, pool2dShape } from '../../cpu/conv.js';
import { type KernelLimits, type KernelSpec, packParams, splitWorkgroups } from '../kernel-spec.js';
import { type Shape, shapesEqual, sizeOf } from '../../../tensor/shape.js';

/** Threads per workgroup for the one-output-per-thread kernels and for the weight gradient's reduction. */
const WG = 64;

/** WebGPU guarantees 128 invocations (256 outside compatibility mode), so this only catches a malformed `limits`. */
function checkLimits(limits: KernelLimits): void {
  if (limits.maxInvocationsPerWorkgroup < WG) throw new RangeError(`conv and pool kernels need ${WG} invocations per workgroup; the adapter allows ${limits.maxInvocationsPerWorkgroup}`);
}

/** The window of a call, with the convolution's kernel taken from its weights. */
interface Geometry {
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
}

function geometry(win: Window2d, kernel: readonly [number, number]): Geometry {
  return { kh: kernel[0], kw: kernel[1], sh: win.stride[0], sw: win.stride[1], ph: win.padding[0], pw: win.padding[1] };
}

function geometryKey(g: Geometry): string {
  return `k${g.kh}x${g.kw}:s${g.sh}x${g.sw}:p${g.ph}x${g.pw}`;
}

/** WGSL constants for a geometry, signed so that padded positions go negative. */
function geometryWgsl(g: Geometry): string {
  return `const KH = ${g.kh}i; const KW = ${g.kw}i; const SH = ${g.sh}i; const SW = ${g.sw}i; const PH = ${g.ph}i; const PW = ${g.pw}i;`;
}

function rank4(what: string, s: Shape): [number, number, number, number] {
  if (s.length !== 4) throw new RangeError(`${what} must be NCHW (rank 4), got [${s.join(', ')}]`);
  return s as unknown as [number, number, number, number];
}

/** Uniform holding the sizes every conv kernel uses, and its WGSL struct. */
const CONV_PARAMS = 'struct Params { N: u32, C: u32, H: i32, W: i32, O: u32, Ho: i32, Wo: i32, total: u32 }';

function convParams(N: number, C: number, H: number, W: number, O: number, Ho: number, Wo: number, total: number): ArrayBuffer {
  return packParams([N, C, H, W, O, Ho, Wo, total].map((u32) => ({ u32 })));
}

/** Bindings for `inputs` named inputs, the output `out` and the uniform `p`. */
function bindings(inputs: readonly string[]): string {
  const lines = inputs.map((name, i) => `@group(0) @binding(${i}) var<storage, read> ${name}: array<f32>;`);
  lines.push(`@group(0) @binding(${inputs.length}) var<storage, read_write> out: array<f32>;`);
  lines.push(`@group(0) @binding(${inputs.length + 1}) var<uniform> p: Params;`);
  return lines.join('\n');
}

/** A one-output-per-thread kernel: `body` sees `idx` (< p.total) and writes out[idx]. */
function perOutput(header: string, body: string): string {
  return /* wgsl */ `${header}

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let idx = (wg.x + wg.y * nwg.x) * ${WG}u + lid;
  if (idx >= p.total) { return; }
${body}
}`;
}

/** y = conv2d(x, w) (inputs: x [N, C, H, W], w [O, C, kh, kw]); out [N, O, Ho, Wo]. */
export function conv2dKernel(xShape: Shape, wShape: Shape, window: Window2d, limits: KernelLimits): KernelSpec {
  checkLimits(limits);
  const [N, C, H, W] = rank4('conv2d input', xShape);
  const [O, , kh, kw] = rank4('conv2d weights', wShape);
  const outShape = conv2dShape(xShape, wShape, window);
  const [, , Ho, Wo] = outShape;
  const g = geometry(window, [kh, kw]);
  const total = sizeOf(outShape);
  const code = perOutput(`${CONV_PARAMS}\n${geometryWgsl(g)}\n${bindings(['x', 'w'])}`, `
  let ow = i32(idx % u32(p.Wo));
  let oh = i32((idx / u32(p.Wo)) % u32(p.Ho));
  let no = idx / u32(p.Wo * p.Ho);
  let o = no % p.O;
  let n = no / p.O;
  var s = 0.0;
  for (var c = 0u; c < p.C; c++) {
    let xb = i32((n * p.C + c) * u32(p.H * p.W));
    let wb = i32((o * p.C + c) * u32(KH * KW));
    for (var i = 0i; i < KH; i++) {
      let ih = oh * SH + i - PH;
      if (ih < 0i || ih >= p.H) { continue; }
      for (var j = 0i; j < KW; j++) {
        let iw = ow * SW + j - PW;
        if (iw < 0i || iw >= p.W) { continue; }
        s += w[wb + i * KW + j] * x[xb + ih * p.W + iw];
      }
    }
  }
  out[idx] = s;`);
  return {
    key: `conv2d:${geometryKey(g)}`,
    code,
    inputs: 2,
    outShape,
    workgroups: splitWorkgroups(Math.ceil(total / WG), limits),
    params: convParams(N, C, H, W, O, Ho, Wo, total),
  };
}

/** The output shape conv2d gives for x and w, checked against the gradient dy a caller passes. */
function checkedDy(dyShape: Shape, xShape: Shape, wShape: Shape, window: Window2d): Shape {
  const yShape = conv2dShape(xShape, wShape, window);
  if (!shapesEqual(dyShape, yShape)) throw new RangeError(`conv2d gradient: dy is [${dyShape.join(', ')}], the output is [${yShape.join(', ')}]`);
  return yShape;
}

/**
 * dx of conv2d (inputs: dy [N, O, Ho, Wo], w [O, C, kh, kw]); out has xShape.
 * Each dx element sums w · dy over the outputs whose window covers it.
 */
export function conv2dGradXKernel(dyShape: Shape, wShape: Shape, xShape: Shape, window: Window2d, limits: KernelLimits): KernelSpec {
  checkLimits(limits);
  const [N, C, H, W] = rank4('conv2d input', xShape);
  const [O, , kh, kw] = rank4('conv2d weights', wShape);
  const [, , Ho, Wo] = checkedDy(dyShape, xShape, wShape, window);
  const g = geometry(window, [kh, kw]);
  const total = sizeOf(xShape);
  const code = perOutput(`${CONV_PARAMS}\n${geometryWgsl(g)}\n${bindings(['dy', 'w'])}`, `
  let iw = i32(idx % u32(p.W));
  let ih = i32((idx / u32(p.W)) % u32(p.H));
  let nc = idx / u32(p.W * p.H);
  let c = nc % p.C;
  let n = nc / p.C;
  var s = 0.0;
  for (var o = 0u; o < p.O; o++) {
    let yb = i32((n * p.O + o) * u32(p.Ho * p.Wo));
    let wb = i32((o * p.C + c) * u32(KH * KW));
    for (var i = 0i; i < KH; i++) {
      let th = ih + PH - i;
      if (th < 0i || th % SH != 0i || th / SH >= p.Ho) { continue; }
      let oh = th / SH;
      for (var j = 0i; j < KW; j++) {
        let tw = iw + PW - j;
        if (tw < 0i || tw % SW != 0i || tw / SW >= p.Wo) { continue; }
        s += w[wb + i * KW + j] * dy[yb + oh * p.Wo + tw / SW];
      }
    }
  }
  out[idx] = s;`);
  return {
    key: `conv2d_grad_x:${geometryKey(g)}`,
    code,
    inputs: 2,
    outShape: [...xShape],
    workgroups: splitWorkgroups(Math.ceil(total / WG), limits),
    params: convParams(N, C, H, W, O, Ho, Wo, total),
  };
}

/**
 * dw of conv2d (inputs: dy [N, O, Ho, Wo], x [N, C, H, W]); out has wShape.
 * A dw element sums over every batch item and output position, often
 * thousands of terms for a handful of weights, so a workgroup owns one: its
 * threads take strided partial sums, then a fixed tree adds them up.
 */
export function conv2dGradWKernel(dyShape: Shape, xShape: Shape, wShape: Shape, window: Window2d, limits: KernelLimits): KernelSpec {
  checkLimits(limits);
  const [N, C, H, W] = rank4('conv2d input', xShape);
  const [O, , kh, kw] = rank4('conv2d weights', wShape);
  const [, , Ho, Wo] = checkedDy(dyShape, xShape, wShape, window);
  const g = geometry(window, [kh, kw]);
  const total = sizeOf(wShape);
  const tree: string[] = [];
  for (let stride = WG / 2; stride >= 1; stride /= 2) {
    tree.push(`  if (lid < ${stride}u) { partial[lid] += partial[lid + ${stride}u]; }\n  workgroupBarrier();`);
  }
  const code = /* wgsl */ `${CONV_PARAMS}
${geometryWgsl(g)}
${bindings(['dy', 'x'])}

var<workgroup> partial: array<f32, ${WG}>;

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let e = wg.x + wg.y * nwg.x;
  if (e >= p.total) { return; }
  let tap = i32(e % u32(KH * KW));
  let i = tap / KW;
  let j = tap % KW;
  let c = (e / u32(KH * KW)) % p.C;
  let o = e / (u32(KH * KW) * p.C);
  let plane = u32(p.Ho * p.Wo);
  var s = 0.0;
  for (var q = lid; q < p.N * plane; q += ${WG}u) {
    let n = q / plane;
    let r = i32(q % plane);
    let ih = (r / p.Wo) * SH + i - PH;
    let iw = (r % p.Wo) * SW + j - PW;
    if (ih < 0i || ih >= p.H || iw < 0i || iw >= p.W) { continue; }
    s += dy[(n * p.O + o) * plane + u32(r)] * x[i32((n * p.C + c) * u32(p.H * p.W)) + ih * p.W + iw];
  }
  partial[lid] = s;
  workgroupBarrier();
${tree.join('\n')}
  if (lid == 0u) { out[e] = partial[0]; }
}`;
  return {
    key: `conv2d_grad_w:${geometryKey(g)}`,
    code,
    inputs: 2,
    outShape: [...wShape],
    workgroups: splitWorkgroups(total, limits),
    params: convParams(N, C, H, W, O, Ho, Wo, total),
  };
}

/** Pools see N·C planes; -Infinity comes through the uniform because WGSL has no infinite constant. */
const POOL_PARAMS = 'struct Params { planes: u32, H: i32, W: i32, Ho: i32, Wo: i32, total: u32, negInf: u32 }';

function poolParams(planes: number, H: number, W: number, Ho: number, Wo: number, total: number): ArrayBuffer {
  return packParams([planes, H, W, Ho, Wo, total, 0xff800000].map((u32) => ({ u32 })));
}

/** Max (over in-bounds positions; -Infinity for an all-padding window) or average (dividing by the window area) pooling (input: x). */
export function pool2dKernel(pool: PoolKind, xShape: Shape, window: Window2d, limits: KernelLimits): KernelSpec {
  checkLimits(limits);
  const [N, C, H, W] = rank4('pool2d input', xShape);
  const outShape = pool2dShape(xShape, window);
  const [, , Ho, Wo] = outShape;
  const g = geometry(window, window.kernel);
  const total = sizeOf(outShape);
  let init: string;
  let step: string;
  let result: string;
  switch (pool) {
    case 'max':
      init = 'var acc = bitcast<f32>(p.negInf);';
      step = 'let v = x[xb + ih * p.W + iw]; if (v > acc) { acc = v; }';
      result = 'acc';
      break;
    case 'avg':
      init = 'var acc = 0.0;';
      step = 'acc += x[xb + ih * p.W + iw];';
      result = 'acc / f32(KH * KW)';
      break;
    default: {
      const never: never = pool;
      throw new RangeError(`unknown pool ${String(never)}`);
    }
  }
  const code = perOutput(`${POOL_PARAMS}\n${geometryWgsl(g)}\n${bindings(['x'])}`, `
  let ow = i32(idx % u32(p.Wo));
  let oh = i32((idx / u32(p.Wo)) % u32(p.Ho));
  let xb = i32(idx / u32(p.Wo * p.Ho)) * p.H * p.W;
  ${init}
  for (var i = 0i; i < KH; i++) {
    let ih = oh * SH + i - PH;
    if (ih < 0i || ih >= p.H) { continue; }
    for (var j = 0i; j < KW; j++) {
      let iw = ow * SW + j - PW;
      if (iw < 0i || iw >= p.W) { continue; }
      ${step}
    }
  }
  out[idx] = ${result};`);
  return {
    key: `pool2d:${pool}:${geometryKey(g)}`,
    code,
    inputs: 1,
    outShape,
    workgroups: splitWorkgroups(Math.ceil(total / WG), limits),
    params: poolParams(N * C, H, W, Ho, Wo, total),
  };
}

/**
 * dx of pooling (inputs: x, dy); out has xShape. Each dx element visits the
 * outputs whose window covers it; for max it rescans each such window for its
 * first maximum (the CPU's rule: the first in-bounds position, replaced only
 * by a strictly larger value) and takes dy only where that is itself.
 */
export function pool2dGradKernel(pool: PoolKind, xShape: Shape, dyShape: Shape, window: Window2d, limits: KernelLimits): KernelSpec {
  checkLimits(limits);
  const [N, C, H, W] = rank4('pool2d input', xShape);
  const yShape = pool2dShape(xShape, window);
  if (!shapesEqual(dyShape, yShape)) throw new RangeError(`pool2d gradient: dy is [${dyShape.join(', ')}], the output is [${yShape.join(', ')}]`);
  const [, , Ho, Wo] = yShape;
  const g = geometry(window, window.kernel);
  const total = sizeOf(xShape);
  let take: string;
  let keep = '';
  switch (pool) {
    case 'max':
      take = `var bestTap = -1i;
      var best = 0.0;
      for (var i2 = 0i; i2 < KH; i2++) {
        let h2 = oh * SH + i2 - PH;
        if (h2 < 0i || h2 >= p.H) { continue; }
        for (var j2 = 0i; j2 < KW; j2++) {
          let w2 = ow * SW + j2 - PW;
          if (w2 < 0i || w2 >= p.W) { continue; }
          let v = x[xb + h2 * p.W + w2];
          if (bestTap < 0i || v > best) { best = v; bestTap = i2 * KW + j2; }
        }
      }
      if (bestTap == i * KW + j) { s += dy[yb + oh * p.Wo + ow]; }`;
      break;
    case 'avg':
      take = 's += dy[yb + oh * p.Wo + ow] / f32(KH * KW);';
      // x is not needed, but an unused binding would vanish from the 'auto' layout the backend binds against.
      keep = '_ = arrayLength(&x);';
      break;
    default: {
      const never: never = pool;
      throw new RangeError(`unknown pool ${String(never)}`);
    }
  }
  const code = perOutput(`${POOL_PARAMS}\n${geometryWgsl(g)}\n${bindings(['x', 'dy'])}`, `
  let iw = i32(idx % u32(p.W));
  let ih = i32((idx / u32(p.W)) % u32(p.H));
  let plane = i32(idx / u32(p.W * p.H));
  let xb = plane * p.H * p.W;
  let yb = plane * p.Ho * p.Wo;
  ${keep}
  var s = 0.0;
  for (var i = 0i; i < KH; i++) {
    let th = ih + PH - i;
    if (th < 0i || th % SH != 0i || th / SH >= p.Ho) { continue; }
    let oh = th / SH;
    for (var j = 0i; j < KW; j++) {
      let tw = iw + PW - j;
      if (tw < 0i || tw % SW != 0i || tw / SW >= p.Wo) { continue; }
      let ow = tw / SW;
      ${take}
    }
  }
  out[idx] = s;`);
  return {
    key: `pool2d_grad:${pool}:${geometryKey(g)}`,
    code,
    inputs: 2,
    outShape: [...xShape],
    workgroups: splitWorkgroups(Math.ceil(total / WG), limits),
    params: poolParams(N * C, H, W, Ho, Wo, total),
  };
}
