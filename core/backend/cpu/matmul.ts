/**
 * Blocked matrix multiply. Operands are addressed through (row, column)
 * strides, so a transposed operand is read in place rather than copied.
 * A 4x4 register tile of C accumulates over a block of k; blocks of k and of
 * C's columns keep the touched parts of A and B in cache.
 */
import { broadcastShapes, type Shape, sizeOf, stridesOf } from '../../tensor/shape.js';
import type { HostArray } from '../../tensor/tensor.js';
import { broadcastStrides } from './elementwise.js';

const KC = 256;
const NC = 128;

/** One operand: data, offset, and strides between rows (i or k) and columns (k or j). */
interface Operand {
  readonly d: HostArray;
  readonly off: number;
  readonly rs: number;
  readonly cs: number;
}

/** C[n x m] (contiguous at cOff) = A[n x k] · B[k x m]. */
export function gemm(A: Operand, B: Operand, C: HostArray, cOff: number, n: number, k: number, m: number): void {
  const a = A.d;
  const b = B.d;
  const sai = A.rs;
  const sak = A.cs;
  const sbk = B.rs;
  const sbj = B.cs;
  if (k === 0) {
    C.fill(0, cOff, cOff + n * m);
    return;
  }
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kl = Math.min(KC, k - k0);
    const first = k0 === 0;
    for (let j0 = 0; j0 < m; j0 += NC) {
      const j1 = Math.min(m, j0 + NC);
      let i = 0;
      for (; i + 4 <= n; i += 4) {
        const pa = A.off + i * sai + k0 * sak;
        let j = j0;
        for (; j + 4 <= j1; j += 4) {
          let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
          let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
          let p0 = pa;
          let pb = B.off + k0 * sbk + j * sbj;
          for (let kk = 0; kk < kl; kk++) {
            const a0 = a[p0], a1 = a[p0 + sai], a2 = a[p0 + 2 * sai], a3 = a[p0 + 3 * sai];
            const b0 = b[pb], b1 = b[pb + sbj], b2 = b[pb + 2 * sbj], b3 = b[pb + 3 * sbj];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            p0 += sak;
            pb += sbk;
          }
          const r0 = cOff + i * m + j, r1 = r0 + m, r2 = r1 + m, r3 = r2 + m;
          if (first) {
            C[r0] = c00; C[r0 + 1] = c01; C[r0 + 2] = c02; C[r0 + 3] = c03;
            C[r1] = c10; C[r1 + 1] = c11; C[r1 + 2] = c12; C[r1 + 3] = c13;
            C[r2] = c20; C[r2 + 1] = c21; C[r2 + 2] = c22; C[r2 + 3] = c23;
            C[r3] = c30; C[r3 + 1] = c31; C[r3 + 2] = c32; C[r3 + 3] = c33;
          } else {
            C[r0] += c00; C[r0 + 1] += c01; C[r0 + 2] += c02; C[r0 + 3] += c03;
            C[r1] += c10; C[r1 + 1] += c11; C[r1 + 2] += c12; C[r1 + 3] += c13;
            C[r2] += c20; C[r2 + 1] += c21; C[r2 + 2] += c22; C[r2 + 3] += c23;
            C[r3] += c30; C[r3 + 1] += c31; C[r3 + 2] += c32; C[r3 + 3] += c33;
          }
        }
        // Leftover columns: a 4x1 tile.
        for (; j < j1; j++) {
          let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
          let p0 = pa;
          let pb = B.off + k0 * sbk + j * sbj;
          for (let kk = 0; kk < kl; kk++) {
            const bv = b[pb];
            c0 += a[p0] * bv; c1 += a[p0 + sai] * bv; c2 += a[p0 + 2 * sai] * bv; c3 += a[p0 + 3 * sai] * bv;
            p0 += sak;
            pb += sbk;
          }
          const r0 = cOff + i * m + j;
          if (first) {
            C[r0] = c0; C[r0 + m] = c1; C[r0 + 2 * m] = c2; C[r0 + 3 * m] = c3;
          } else {
            C[r0] += c0; C[r0 + m] += c1; C[r0 + 2 * m] += c2; C[r0 + 3 * m] += c3;
          }
        }
      }
      // Leftover rows: 1x1 tiles.
      for (; i < n; i++) {
        for (let j = j0; j < j1; j++) {
          let c = 0;
          let p0 = A.off + i * sai + k0 * sak;
          let pb = B.off + k0 * sbk + j * sbj;
          for (let kk = 0; kk < kl; kk++) {
            c += a[p0] * b[pb];
            p0 += sak;
            pb += sbk;
          }
          if (first) C[cOff + i * m + j] = c;
          else C[cOff + i * m + j] += c;
        }
      }
    }
  }
}

/** Output shape of a (batched) matmul, or a message naming both shapes. */
export function matmulShape(a: Shape, b: Shape, transA: boolean, transB: boolean): Shape {
  const [n, ka] = transA ? [a[a.length - 1], a[a.length - 2]] : [a[a.length - 2], a[a.length - 1]];
  const [kb, m] = transB ? [b[b.length - 1], b[b.length - 2]] : [b[b.length - 2], b[b.length - 1]];
  if (ka !== kb) throw new RangeError(`inner dimensions differ (${ka} vs ${kb})`);
  const batch = broadcastShapes(a.slice(0, -2), b.slice(0, -2));
  return [...batch, n, m];
}

export function matmul(a: HostArray, aShape: Shape, b: HostArray, bShape: Shape, transA: boolean, transB: boolean, out: HostArray): void {
  const outShape = matmulShape(aShape, bShape, transA, transB);
  const ar = aShape.length;
  const br = bShape.length;
  const n = outShape[outShape.length - 2];
  const m = outShape[outShape.length - 1];
  const k = transA ? aShape[ar - 2] : aShape[ar - 1];
  const aRows = aShape[ar - 1]; // row stride of a as stored
  const bRows = bShape[br - 1];
  const batchShape = outShape.slice(0, -2);
  const batches = sizeOf(batchShape);
  const sa = broadcastStrides(aShape.slice(0, -2), batchShape);
  const sb = broadcastStrides(bShape.slice(0, -2), batchShape);
  const aMat = aShape[ar - 2] * aShape[ar - 1];
  const bMat = bShape[br - 2] * bShape[br - 1];
  const bStrides = stridesOf(batchShape);
  for (let t = 0; t < batches; t++) {
    let ao = 0;
    let bo = 0;
    let rem = t;
    for (let d = 0; d < batchShape.length; d++) {
      const idx = Math.floor(rem / bStrides[d]);
      rem -= idx * bStrides[d];
      ao += idx * sa[d];
      bo += idx * sb[d];
    }
    const A: Operand = transA ? { d: a, off: ao * aMat, rs: 1, cs: aRows } : { d: a, off: ao * aMat, rs: aRows, cs: 1 };
    const B: Operand = transB ? { d: b, off: bo * bMat, rs: 1, cs: bRows } : { d: b, off: bo * bMat, rs: bRows, cs: 1 };
    gemm(A, B, out, t * n * m, n, k, m);
  }
}
