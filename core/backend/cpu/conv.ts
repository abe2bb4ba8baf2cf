/** Direct NCHW convolution and pooling loops (reference speed is enough for the examples). */
import type { PoolKind, Window2d } from '../backend.js';
import type { Shape } from '../../tensor/shape.js';
import type { HostArray } from '../../tensor/tensor.js';

function outDim(size: number, k: number, s: number, p: number): number {
  return Math.floor((size + 2 * p - k) / s) + 1;
}

export function conv2dShape(x: Shape, w: Shape, win: Window2d): Shape {
  return [x[0], w[0], outDim(x[2], w[2], win.stride[0], win.padding[0]), outDim(x[3], w[3], win.stride[1], win.padding[1])];
}

export function pool2dShape(x: Shape, win: Window2d): Shape {
  return [x[0], x[1], outDim(x[2], win.kernel[0], win.stride[0], win.padding[0]), outDim(x[3], win.kernel[1], win.stride[1], win.padding[1])];
}

/** Visits every (output position, kernel tap) pair that lands inside the input. */
function taps(
  H: number, W: number, Ho: number, Wo: number, win: Window2d,
  visit: (outPos: number, inPos: number, tap: number) => void,
): void {
  const [kh, kw] = win.kernel;
  const [sh, sw] = win.stride;
  const [ph, pw] = win.padding;
  for (let oh = 0; oh < Ho; oh++) {
    for (let ow = 0; ow < Wo; ow++) {
      for (let i = 0; i < kh; i++) {
        const ih = oh * sh - ph + i;
        if (ih < 0 || ih >= H) continue;
        for (let j = 0; j < kw; j++) {
          const iw = ow * sw - pw + j;
          if (iw < 0 || iw >= W) continue;
          visit(oh * Wo + ow, ih * W + iw, i * kw + j);
        }
      }
    }
  }
}

export function conv2d(x: HostArray, xs: Shape, w: HostArray, ws: Shape, win: Window2d, out: HostArray): void {
  const [N, C, H, W] = xs as [number, number, number, number];
  const [O, , kh, kw] = ws as [number, number, number, number];
  const win2: Window2d = { ...win, kernel: [kh, kw] };
  const [, , Ho, Wo] = conv2dShape(xs, ws, win) as [number, number, number, number];
  const acc = new Float64Array(Ho * Wo);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      acc.fill(0);
      for (let c = 0; c < C; c++) {
        const xo = (n * C + c) * H * W;
        const wo = (o * C + c) * kh * kw;
        taps(H, W, Ho, Wo, win2, (op, ip, t) => {
          acc[op] += x[xo + ip] * w[wo + t];
        });
      }
      out.set(acc, (n * O + o) * Ho * Wo);
    }
  }
}

export function conv2dGradX(dy: HostArray, w: HostArray, ws: Shape, xs: Shape, win: Window2d, out: HostArray): void {
  const [N, C, H, W] = xs as [number, number, number, number];
  const [O, , kh, kw] = ws as [number, number, number, number];
  const win2: Window2d = { ...win, kernel: [kh, kw] };
  const [, , Ho, Wo] = conv2dShape(xs, ws, win) as [number, number, number, number];
  out.fill(0);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const yo = (n * O + o) * Ho * Wo;
      for (let c = 0; c < C; c++) {
        const xo = (n * C + c) * H * W;
        const wo = (o * C + c) * kh * kw;
        taps(H, W, Ho, Wo, win2, (op, ip, t) => {
          out[xo + ip] += dy[yo + op] * w[wo + t];
        });
      }
    }
  }
}

export function conv2dGradW(dy: HostArray, x: HostArray, xs: Shape, ws: Shape, win: Window2d, out: HostArray): void {
  const [N, C, H, W] = xs as [number, number, number, number];
  const [O, , kh, kw] = ws as [number, number, number, number];
  const win2: Window2d = { ...win, kernel: [kh, kw] };
  const [, , Ho, Wo] = conv2dShape(xs, ws, win) as [number, number, number, number];
  const acc = new Float64Array(out.length);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const yo = (n * O + o) * Ho * Wo;
      for (let c = 0; c < C; c++) {
        const xo = (n * C + c) * H * W;
        const wo = (o * C + c) * kh * kw;
        taps(H, W, Ho, Wo, win2, (op, ip, t) => {
          acc[wo + t] += dy[yo + op] * x[xo + ip];
        });
      }
    }
  }
  out.set(acc);
}

/** Max pooling ignores padded positions; average pooling counts them (PyTorch's count_include_pad). */
export function pool2d(kind: PoolKind, x: HostArray, xs: Shape, win: Window2d, out: HostArray): void {
  const [N, C, H, W] = xs as [number, number, number, number];
  const [, , Ho, Wo] = pool2dShape(xs, win) as [number, number, number, number];
  const area = win.kernel[0] * win.kernel[1];
  const acc = new Float64Array(Ho * Wo);
  for (let p = 0; p < N * C; p++) {
    const xo = p * H * W;
    acc.fill(kind === 'max' ? -Infinity : 0);
    taps(H, W, Ho, Wo, win, (op, ip) => {
      const v = x[xo + ip];
      if (kind === 'avg') acc[op] += v;
      else if (v > acc[op]) acc[op] = v;
    });
    for (let i = 0; i < acc.length; i++) out[p * Ho * Wo + i] = kind === 'avg' ? acc[i] / area : acc[i];
  }
}

/** Max routes each output's gradient to the first maximum of its window; average spreads it evenly. */
export function pool2dGrad(kind: PoolKind, x: HostArray, xs: Shape, dy: HostArray, win: Window2d, out: HostArray): void {
  const [N, C, H, W] = xs as [number, number, number, number];
  const [, , Ho, Wo] = pool2dShape(xs, win) as [number, number, number, number];
  const area = win.kernel[0] * win.kernel[1];
  const best = new Float64Array(Ho * Wo);
  const at = new Int32Array(Ho * Wo);
  out.fill(0);
  for (let p = 0; p < N * C; p++) {
    const xo = p * H * W;
    const yo = p * Ho * Wo;
    if (kind === 'avg') {
      taps(H, W, Ho, Wo, win, (op, ip) => {
        out[xo + ip] += dy[yo + op] / area;
      });
      continue;
    }
    best.fill(-Infinity);
    at.fill(-1);
    taps(H, W, Ho, Wo, win, (op, ip) => {
      const v = x[xo + ip];
      if (at[op] === -1 || v > best[op]) {
        best[op] = v;
        at[op] = ip;
      }
    });
    for (let op = 0; op < at.length; op++) if (at[op] >= 0) out[xo + at[op]] += dy[yo + op];
  }
}
