/**
 * NAIVE VERSION, a placeholder: one thread per output element, direct loops
 * over the window. The optimised generators are written on another branch
 * (`wgkernels`) with these exact signatures; on merge, take that branch's file.
 *
 * NCHW convolution (no bias) and pooling with core/backend/cpu/conv.ts's
 * semantics: max pooling ignores padded positions and routes its gradient to
 * the first maximum in window order; average pooling counts padding.
 */
import type { PoolKind, Window2d } from '../../backend.js';
import { type Shape, sizeOf } from '../../../tensor/shape.js';
import { conv2dShape, pool2dShape } from '../../cpu/conv.js';
import type { KernelLimits, KernelSpec } from '../kernel-spec.js';
import { bindings, f32, groupSize, packWords, perElement, u32, workgroupsFor, type Word } from '../wgsl.js';

/** Words 1..15: N, C, H, W, O, Ho, Wo, kh, kw, sh, sw, ph, pw, then -Infinity (an empty max window). */
const DIMS = `  let N = u(1u); let C = u(2u); let H = i32(u(3u)); let W = i32(u(4u)); let O = u(5u);
  let Ho = u(6u); let Wo = u(7u); let kh = u(8u); let kw = u(9u);
  let sh = i32(u(10u)); let sw = i32(u(11u)); let ph = i32(u(12u)); let pw = i32(u(13u));`;

function words(total: number, x: Shape, O: number, y: Shape, kernel: readonly [number, number], win: Window2d): Word[] {
  return [u32(total), ...[x[0], x[1], x[2], x[3], O, y[2], y[3], kernel[0], kernel[1], ...win.stride, ...win.padding].map(u32), f32(-Infinity)];
}

function spec(name: string, inputs: string[], outShape: Shape, w: Word[], body: string, limits: KernelLimits): KernelSpec {
  const wg = groupSize(limits);
  const total = sizeOf(outShape);
  return {
    key: `${name}_naive/${wg}`,
    code: `${bindings(inputs, w.length)}\n${perElement(wg, `${DIMS}\n${body}`)}`,
    inputs: inputs.length,
    outShape,
    workgroups: workgroupsFor(total, wg, limits),
    params: packWords(w),
  };
}

/** Input row h of output row oh at tap a (and the same for columns). */
const TAP_LOOPS = (inner: string): string => `  for (var a = 0u; a < kh; a = a + 1u) {
    let h = i32(oh) * sh + i32(a) - ph;
    if (h < 0 || h >= H) { continue; }
    for (var b = 0u; b < kw; b = b + 1u) {
      let w = i32(ow) * sw + i32(b) - pw;
      if (w < 0 || w >= W) { continue; }
${inner}
    }
  }`;

/** Inputs x [N, C, H, W], w [O, C, kh, kw]. */
export function conv2dKernel(xShape: Shape, wShape: Shape, window: Window2d, limits: KernelLimits): KernelSpec {
  const y = conv2dShape(xShape, wShape, window);
  const body = `  let ow = i % Wo; let oh = (i / Wo) % Ho; let o = (i / (Wo * Ho)) % O; let n = i / (Wo * Ho * O);
  var acc = 0.0;
  for (var c = 0u; c < C; c = c + 1u) {
${TAP_LOOPS('      acc = acc + xs[((n * C + c) * u32(H) + u32(h)) * u32(W) + u32(w)] * ws[((o * C + c) * kh + a) * kw + b];')}
  }
  out[i] = acc;`;
  return spec('conv2d', ['xs', 'ws'], y, words(sizeOf(y), xShape, wShape[0], y, [wShape[2], wShape[3]], window), body, limits);
}

/** Inputs dy, w; output shaped like x. */
export function conv2dGradXKernel(dyShape: Shape, wShape: Shape, xShape: Shape, window: Window2d, limits: KernelLimits): KernelSpec {
  const body = `  let w = i32(i % u32(W)); let h = i32((i / u32(W)) % u32(H)); let c = (i / u32(W * H)) % C; let n = i / (u32(W * H) * C);
  var acc = 0.0;
  for (var o = 0u; o < O; o = o + 1u) {
    for (var a = 0u; a < kh; a = a + 1u) {
      let th = h + ph - i32(a);
      if (th < 0 || th % sh != 0 || u32(th / sh) >= Ho) { continue; }
      let oh = u32(th / sh);
      for (var b = 0u; b < kw; b = b + 1u) {
        let tw = w + pw - i32(b);
        if (tw < 0 || tw % sw != 0 || u32(tw / sw) >= Wo) { continue; }
        let ow = u32(tw / sw);
        acc = acc + dys[((n * O + o) * Ho + oh) * Wo + ow] * ws[((o * C + c) * kh + a) * kw + b];
      }
    }
  }
  out[i] = acc;`;
  return spec('conv2d_grad_x', ['dys', 'ws'], xShape, words(sizeOf(xShape), xShape, wShape[0], dyShape, [wShape[2], wShape[3]], window), body, limits);
}

/** Inputs dy, x; output shaped like w. */
export function conv2dGradWKernel(dyShape: Shape, xShape: Shape, wShape: Shape, window: Window2d, limits: KernelLimits): KernelSpec {
  const body = `  let b = i % kw; let a = (i / kw) % kh; let c = (i / (kw * kh)) % C; let o = i / (kw * kh * C);
  var acc = 0.0;
  for (var n = 0u; n < N; n = n + 1u) {
    for (var oh = 0u; oh < Ho; oh = oh + 1u) {
      let h = i32(oh) * sh + i32(a) - ph;
      if (h < 0 || h >= H) { continue; }
      for (var ow = 0u; ow < Wo; ow = ow + 1u) {
        let w = i32(ow) * sw + i32(b) - pw;
        if (w < 0 || w >= W) { continue; }
        acc = acc + dys[((n * O + o) * Ho + oh) * Wo + ow] * xs[((n * C + c) * u32(H) + u32(h)) * u32(W) + u32(w)];
      }
    }
  }
  out[i] = acc;`;
  return spec('conv2d_grad_w', ['dys', 'xs'], wShape, words(sizeOf(wShape), xShape, wShape[0], dyShape, [wShape[2], wShape[3]], window), body, limits);
}

/** Statements leaving in (bh, bw) the first maximum of output (pc, oh, ow)'s window (-1 if it has no valid tap) and its value in bv. */
const ARGMAX = `  var bv = uf(14u);
  var bh = -1;
  var bw = -1;
${TAP_LOOPS(`      let v = xs[pc * u32(H * W) + u32(h * W + w)];
      if (bh < 0 || v > bv) { bv = v; bh = h; bw = w; }`)}`;

/** Input x; a max window entirely in padding gives -Infinity, as on the CPU. */
export function pool2dKernel(pool: PoolKind, xShape: Shape, window: Window2d, limits: KernelLimits): KernelSpec {
  const y = pool2dShape(xShape, window);
  const body = `  let ow = i % Wo; let oh = (i / Wo) % Ho; let pc = i / (Wo * Ho);
${pool === 'max' ? `${ARGMAX}\n  out[i] = bv;` : `  var acc = 0.0;
${TAP_LOOPS('      acc = acc + xs[pc * u32(H * W) + u32(h * W + w)];')}
  out[i] = acc / f32(kh * kw);`}`;
  return spec(`pool2d_${pool}`, ['xs'], y, words(sizeOf(y), xShape, xShape[1], y, window.kernel, window), body, limits);
}

/** Inputs x, dy; output shaped like x. */
export function pool2dGradKernel(pool: PoolKind, xShape: Shape, dyShape: Shape, window: Window2d, limits: KernelLimits): KernelSpec {
  const per = pool === 'max'
    ? `${ARGMAX.replace(/^/gm, '    ')}
        if (bh == hx && bw == wx) { acc = acc + dys[(pc * Ho + oh) * Wo + ow]; }`
    : '        acc = acc + dys[(pc * Ho + oh) * Wo + ow] / f32(kh * kw);';
  const body = `  let wx = i32(i % u32(W)); let hx = i32((i / u32(W)) % u32(H)); let pc = i / u32(W * H);
  var acc = 0.0;
  for (var ta = 0u; ta < kh; ta = ta + 1u) {
    let th = hx + ph - i32(ta);
    if (th < 0 || th % sh != 0 || u32(th / sh) >= Ho) { continue; }
    let oh = u32(th / sh);
    for (var tb = 0u; tb < kw; tb = tb + 1u) {
      let tw = wx + pw - i32(tb);
      if (tw < 0 || tw % sw != 0 || u32(tw / sw) >= Wo) { continue; }
      let ow = u32(tw / sw);
${per}
    }
  }
  out[i] = acc;`;
  return spec(`pool2d_grad_${pool}`, ['xs', 'dys'], xShape, words(sizeOf(xShape), xShape, xShape[1], dyShape, window.kernel, window), body, limits);
}
