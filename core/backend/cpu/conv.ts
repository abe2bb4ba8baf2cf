/**
 * Direct NCHW convolution and pooling loops. Each loop runs kernel tap by
 * kernel tap over the output rectangle that tap lands inside the input for,
 * so the innermost loops are plain strided array walks with no bounds tests.
 */
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

/**
 * One kernel tap (i, j) and the outputs it reaches: rows [oh0, oh1) and
 * columns [ow0, ow1). Output (oh, ow) reads input (oh·sh + di, ow·sw + dj).
 */
export interface Tap {
  readonly tap: number;
  readonly oh0: number;
  readonly oh1: number;
  readonly ow0: number;
  readonly ow1: number;
  readonly di: number;
  readonly dj: number;
}

/** First and one-past-last output index whose input index o·s + d lies in [0, size). */
function span(size: number, out: number, s: number, d: number): [number, number] {
  const lo = Math.max(0, Math.ceil(-d / s));
  const hi = Math.min(out, Math.floor((size - 1 - d) / s) + 1);
  return [lo, Math.max(lo, hi)];
}

/** Taps in row-major window order, so a visit per output follows its window's order. */
export function tapsOf(H: number, W: number, Ho: number, Wo: number, win: Window2d): Tap[] {
  const [kh, kw] = win.kernel;
  const [sh, sw] = win.stride;
  const [ph, pw] = win.padding;
  const taps: Tap[] = [];
  for (let i = 0; i < kh; i++) {
    const [oh0, oh1] = span(H, Ho, sh, i - ph);
    for (let j = 0; j < kw; j++) {
      const [ow0, ow1] = span(W, Wo, sw, j - pw);
      if (oh0 < oh1 && ow0 < ow1) taps.push({ tap: i * kw + j, oh0, oh1, ow0, ow1, di: i - ph, dj: j - pw });
    }
  }
  return taps;
}

export interface ConvDims {
  readonly N: number;
  readonly C: number;
  readonly H: number;
  readonly W: number;
  readonly O: number;
  readonly K: number;
  readonly Ho: number;
  readonly Wo: number;
  readonly taps: Tap[];
}

export function convDims(xs: Shape, ws: Shape, win: Window2d): ConvDims {
  const [N, C, H, W] = xs as [number, number, number, number];
  const [O, , kh, kw] = ws as [number, number, number, number];
  const [, , Ho, Wo] = conv2dShape(xs, ws, win) as [number, number, number, number];
  return { N, C, H, W, O, K: kh * kw, Ho, Wo, taps: tapsOf(H, W, Ho, Wo, { ...win, kernel: [kh, kw] }) };
}

export function conv2d(x: HostArray, xs: Shape, w: HostArray, ws: Shape, win: Window2d, out: HostArray): void {
  const { N, C, H, W, O, K, Ho, Wo, taps } = convDims(xs, ws, win);
  const [sh, sw] = win.stride;
  const acc = new Float64Array(Ho * Wo);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      acc.fill(0);
      for (let c = 0; c < C; c++) {
        const xo = (n * C + c) * H * W;
        const wo = (o * C + c) * K;
        for (const t of taps) {
          const wv = w[wo + t.tap];
          for (let oh = t.oh0; oh < t.oh1; oh++) {
            const xr = xo + (oh * sh + t.di) * W + t.dj;
            const ar = oh * Wo;
            for (let ow = t.ow0; ow < t.ow1; ow++) acc[ar + ow] += wv * x[xr + ow * sw];
          }
        }
      }
      out.set(acc, (n * O + o) * Ho * Wo);
    }
  }
}

export function conv2dGradX(dy: HostArray, w: HostArray, ws: Shape, xs: Shape, win: Window2d, out: HostArray): void {
  const { N, C, H, W, O, K, Ho, Wo, taps } = convDims(xs, ws, win);
  const [sh, sw] = win.stride;
  const acc = new Float64Array(out.length);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const yo = (n * O + o) * Ho * Wo;
      for (let c = 0; c < C; c++) {
        const xo = (n * C + c) * H * W;
        const wo = (o * C + c) * K;
        for (const t of taps) {
          const wv = w[wo + t.tap];
          for (let oh = t.oh0; oh < t.oh1; oh++) {
            const xr = xo + (oh * sh + t.di) * W + t.dj;
            const yr = yo + oh * Wo;
            for (let ow = t.ow0; ow < t.ow1; ow++) acc[xr + ow * sw] += wv * dy[yr + ow];
          }
        }
      }
    }
  }
  out.set(acc);
}

export function conv2dGradW(dy: HostArray, x: HostArray, xs: Shape, ws: Shape, win: Window2d, out: HostArray): void {
  const { N, C, H, W, O, K, Ho, Wo, taps } = convDims(xs, ws, win);
  const [sh, sw] = win.stride;
  const acc = new Float64Array(out.length);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const yo = (n * O + o) * Ho * Wo;
      for (let c = 0; c < C; c++) {
        const xo = (n * C + c) * H * W;
        const wo = (o * C + c) * K;
        for (const t of taps) {
          let s = 0;
          for (let oh = t.oh0; oh < t.oh1; oh++) {
            const xr = xo + (oh * sh + t.di) * W + t.dj;
            const yr = yo + oh * Wo;
            for (let ow = t.ow0; ow < t.ow1; ow++) s += dy[yr + ow] * x[xr + ow * sw];
          }
          acc[wo + t.tap] += s;
        }
      }
    }
  }
  out.set(acc);
}

/** Max pooling ignores padded positions; average pooling counts them (PyTorch's count_include_pad). */
export function pool2d(kind: PoolKind, x: HostArray, xs: Shape, win: Window2d, out: HostArray): void {
  const [N, C, H, W] = xs as [number, number, number, number];
  const [, , Ho, Wo] = pool2dShape(xs, win) as [number, number, number, number];
  const [sh, sw] = win.stride;
  const taps = tapsOf(H, W, Ho, Wo, win);
  const area = win.kernel[0] * win.kernel[1];
  const acc = new Float64Array(Ho * Wo);
  for (let p = 0; p < N * C; p++) {
    const xo = p * H * W;
    acc.fill(kind === 'max' ? -Infinity : 0);
    for (const t of taps) {
      for (let oh = t.oh0; oh < t.oh1; oh++) {
        const xr = xo + (oh * sh + t.di) * W + t.dj;
        const ar = oh * Wo;
        if (kind === 'avg') {
          for (let ow = t.ow0; ow < t.ow1; ow++) acc[ar + ow] += x[xr + ow * sw];
        } else {
          for (let ow = t.ow0; ow < t.ow1; ow++) {
            const v = x[xr + ow * sw];
            if (v > acc[ar + ow]) acc[ar + ow] = v;
          }
        }
      }
    }
    for (let i = 0; i < acc.length; i++) out[p * Ho * Wo + i] = kind === 'avg' ? acc[i] / area : acc[i];
  }
}

/** Max routes each output's gradient to the first maximum of its window; average spreads it evenly. */
export function pool2dGrad(kind: PoolKind, x: HostArray, xs: Shape, dy: HostArray, win: Window2d, out: HostArray): void {
  const [N, C, H, W] = xs as [number, number, number, number];
  const [, , Ho, Wo] = pool2dShape(xs, win) as [number, number, number, number];
  const [sh, sw] = win.stride;
  const taps = tapsOf(H, W, Ho, Wo, win);
  const area = win.kernel[0] * win.kernel[1];
  const best = new Float64Array(Ho * Wo);
  const at = new Int32Array(Ho * Wo);
  const acc = new Float64Array(out.length);
  for (let p = 0; p < N * C; p++) {
    const xo = p * H * W;
    const yo = p * Ho * Wo;
    if (kind === 'avg') {
      for (const t of taps) {
        for (let oh = t.oh0; oh < t.oh1; oh++) {
          const xr = xo + (oh * sh + t.di) * W + t.dj;
          const yr = yo + oh * Wo;
          for (let ow = t.ow0; ow < t.ow1; ow++) acc[xr + ow * sw] += dy[yr + ow] / area;
        }
      }
      continue;
    }
    best.fill(-Infinity);
    at.fill(-1);
    // Taps come in window order and only a strictly larger value replaces, so the first maximum wins.
    for (const t of taps) {
      for (let oh = t.oh0; oh < t.oh1; oh++) {
        const xr = xo + (oh * sh + t.di) * W + t.dj;
        const br = oh * Wo;
        for (let ow = t.ow0; ow < t.ow1; ow++) {
          const v = x[xr + ow * sw];
          if (at[br + ow] === -1 || v > best[br + ow]) {
            best[br + ow] = v;
            at[br + ow] = xr + ow * sw;
          }
        }
      }
    }
    for (let op = 0; op < at.length; op++) if (at[op] >= 0) acc[at[op]] += dy[yo + op];
  }
  out.set(acc);
}
