/** Reductions, their max-routing gradient, transpose, softmax and one-hot. */
import type { ReduceOp } from '../backend.js';
import { reducedShape, type Shape, sizeOf, stridesOf } from '../../tensor/shape.js';
import type { HostArray } from '../../tensor/tensor.js';
import { broadcastStrides, forEachRow } from './elementwise.js';

/** Reduces `axes` of x into `out` (keepdims layout). Sums accumulate in float64. */
export function reduce(op: ReduceOp, x: HostArray, xShape: Shape, axes: readonly number[], out: HostArray): void {
  const outShape = reducedShape(xShape, axes, true);
  const acc = new Float64Array(out.length).fill(op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity);
  const rank = xShape.length;
  if (rank === 0) {
    out[0] = x[0];
    return;
  }
  const so = broadcastStrides(outShape, xShape);
  const inner = xShape[rank - 1];
  const io = so[rank - 1];
  forEachRow(xShape, so, so, (xo, oo) => {
    if (op === 'sum') {
      if (io === 0) {
        let s = 0;
        for (let i = 0; i < inner; i++) s += x[xo + i];
        acc[oo] += s;
      } else for (let i = 0; i < inner; i++) acc[oo + i] += x[xo + i];
    } else if (op === 'max') {
      for (let i = 0; i < inner; i++) {
        const v = x[xo + i];
        const j = oo + i * io;
        if (v > acc[j] || v !== v) acc[j] = v;
      }
    } else {
      for (let i = 0; i < inner; i++) {
        const v = x[xo + i];
        const j = oo + i * io;
        if (v < acc[j] || v !== v) acc[j] = v;
      }
    }
  });
  out.set(acc);
}

/** Routes dy (keepdims shape) to the first maximum of each reduced group of x. */
export function reduceMaxGrad(x: HostArray, xShape: Shape, dy: HostArray, axes: readonly number[], out: HostArray): void {
  const outShape = reducedShape(xShape, axes, true);
  const best = new Float64Array(sizeOf(outShape)).fill(-Infinity);
  const at = new Int32Array(best.length).fill(-1);
  const rank = xShape.length;
  out.fill(0);
  if (rank === 0) {
    out[0] = dy[0];
    return;
  }
  const so = broadcastStrides(outShape, xShape);
  const inner = xShape[rank - 1];
  const io = so[rank - 1];
  // Row-major visiting order makes "strictly greater" keep the first maximum.
  forEachRow(xShape, so, so, (xo, oo) => {
    for (let i = 0; i < inner; i++) {
      const v = x[xo + i];
      const j = oo + i * io;
      if (at[j] === -1 || v > best[j]) {
        best[j] = v;
        at[j] = xo + i;
      }
    }
  });
  for (let j = 0; j < at.length; j++) if (at[j] >= 0) out[at[j]] = dy[j];
}

export function transpose(x: HostArray, xShape: Shape, perm: readonly number[], out: HostArray): void {
  const sx = stridesOf(xShape);
  const outShape = perm.map((p) => xShape[p]);
  const sp = perm.map((p) => sx[p]);
  const rank = outShape.length;
  if (rank === 0) {
    out[0] = x[0];
    return;
  }
  const inner = outShape[rank - 1];
  const ix = sp[rank - 1];
  forEachRow(outShape, sp, sp, (o, xo) => {
    for (let i = 0; i < inner; i++) out[o + i] = x[xo + i * ix];
  });
}

/** Views `shape` as [outer, n, inner] around `axis`. */
export function around(shape: Shape, axis: number): [number, number, number] {
  const n = shape[axis];
  const inner = sizeOf(shape.slice(axis + 1));
  return [n === 0 ? 0 : sizeOf(shape) / (n * inner), n, inner];
}

export function softmax(x: HostArray, shape: Shape, axis: number, log: boolean, out: HostArray): void {
  const [outer, n, inner] = around(shape, axis);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      let m = -Infinity;
      for (let i = 0; i < n; i++) m = Math.max(m, x[base + i * inner]);
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.exp(x[base + i * inner] - m);
      if (log) {
        const lse = m + Math.log(s);
        for (let i = 0; i < n; i++) out[base + i * inner] = x[base + i * inner] - lse;
      } else {
        for (let i = 0; i < n; i++) out[base + i * inner] = Math.exp(x[base + i * inner] - m) / s;
      }
    }
  }
}

/** softmax: dx = y (dy - Σ dy·y); log_softmax: dx = dy - e^y Σ dy. */
export function softmaxGrad(y: HostArray, dy: HostArray, shape: Shape, axis: number, log: boolean, out: HostArray): void {
  const [outer, n, inner] = around(shape, axis);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      let s = 0;
      for (let i = 0; i < n; i++) s += log ? dy[base + i * inner] : dy[base + i * inner] * y[base + i * inner];
      for (let i = 0; i < n; i++) {
        const k = base + i * inner;
        out[k] = log ? dy[k] - Math.exp(y[k]) * s : y[k] * (dy[k] - s);
      }
    }
  }
}

export function oneHot(indices: HostArray, depth: number, out: HostArray): void {
  out.fill(0);
  for (let i = 0; i < indices.length; i++) {
    const c = indices[i];
    if (Number.isInteger(c) && c >= 0 && c < depth) out[i * depth + c] = 1;
  }
}
