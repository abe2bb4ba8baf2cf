/**
 * Matrix multiply for the CPU backend, organised like a BLAS gemm (Goto/BLIS):
 * C's columns are cut into panels of NC, k into blocks of KC and C's rows into
 * blocks of MC; a KC x NC panel of B and an MC x KC block of A are copied
 * ("packed") into small float64 scratch buffers laid out in the exact order a
 * register-tiled micro-kernel reads them, and the micro-kernel computes one
 * MR x NR tile of C at a time from those buffers.
 *
 * Why packing, in JavaScript:
 * - The micro-kernel only ever sees Float64Array, so V8 compiles its hot loop
 *   for one element kind. Reading the float32 and float64 operands directly
 *   makes every load polymorphic once both precisions have run in a process
 *   (the gradient checker's float64 backend beside the float32 one), which
 *   measured about 25% slower.
 * - A transposed operand is read through its strides while packing only, so
 *   transA/transB cost nothing in the hot loop and no transposed copy of a
 *   whole operand is ever made.
 * - Edge tiles are zero-padded in the scratch, so the micro-kernel has no
 *   bounds logic; only the store of a tile into C is clipped.
 */
import { broadcastShapes, type Shape, sizeOf, stridesOf } from '../../tensor/shape.js';
import type { HostArray } from '../../tensor/tensor.js';
import { broadcastStrides } from './elementwise.js';

/**
 * Register tile: 3 rows x 4 columns of C. Measured on x64 (AMD Zen 5, Node
 * 20), the hot loop is bound by instruction count, mostly the bounds-checked
 * typed-array loads that V8 does not hoist, so the shape matters little:
 * 3 x 4, 4 x 3, 2 x 6, 4 x 4 and 4 x 8 came within a few percent, 3 x 4
 * ahead. Its 12 accumulators plus 3 values of A, one of B and a product
 * nearly fit x64's 16 float registers, where 4 x 4 and 4 x 8 spill
 * accumulators on every k step; unrolling k only added spills.
 */
const MR = 3;
const NR = 4;
/** Depth of a k block: one NR-wide sliver of packed B (KC * NR doubles = 8 KiB) stays in L1. */
const KC = 256;
/** Rows of A per packed block (MC * KC doubles = 144 KiB, in L2); a multiple of MR. */
const MC = 72;
/** Columns of B per packed panel (KC * NC doubles = 512 KiB, in L2/L3); a multiple of NR. */
const NC = 256;

/** One operand: data, offset of its matrix, and strides between rows (i or k) and columns (k or j). */
interface Operand {
  readonly d: HostArray;
  readonly off: number;
  readonly rs: number;
  readonly cs: number;
}

// Scratch shared by every call: the backend runs one kernel at a time on one
// thread, and a Web Worker gets its own copy of this module.
const packedA = new Float64Array(MC * KC);
const packedB = new Float64Array(KC * NC);
const tile = new Float64Array(MR * NR);
let rowAcc = new Float64Array(0);

/**
 * tile = (MR x kc sliver of packed A) · (kc x NR sliver of packed B).
 * Each k step reads MR values of A then streams NR values of B, one at a
 * time, so that few registers hold operands and the rest hold accumulators.
 */
function microKernel(pa: Float64Array, ia: number, pb: Float64Array, ib: number, kc: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = pa[ia], a1 = pa[ia + 1], a2 = pa[ia + 2];
    let b = pb[ib];
    c00 += a0 * b; c10 += a1 * b; c20 += a2 * b;
    b = pb[ib + 1];
    c01 += a0 * b; c11 += a1 * b; c21 += a2 * b;
    b = pb[ib + 2];
    c02 += a0 * b; c12 += a1 * b; c22 += a2 * b;
    b = pb[ib + 3];
    c03 += a0 * b; c13 += a1 * b; c23 += a2 * b;
    ia += MR;
    ib += NR;
  }
  tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
  tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
  tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
}

/** Packs rows i0..i0+mc, k k0..k0+kc of A as MR-row slivers, k-major, zero-padding the last sliver. */
function packA(A: Operand, i0: number, mc: number, k0: number, kc: number): void {
  const { d, rs, cs } = A;
  let q = 0;
  for (let i = i0; i < i0 + mc; i += MR) {
    const rows = Math.min(MR, i0 + mc - i);
    let src = A.off + i * rs + k0 * cs;
    for (let p = 0; p < kc; p++, src += cs) {
      let r = 0;
      for (; r < rows; r++) packedA[q + r] = d[src + r * rs];
      // Zeros rather than stale values: padded lanes are computed though never
      // stored, and a stale denormal there would slow the arithmetic down.
      for (; r < MR; r++) packedA[q + r] = 0;
      q += MR;
    }
  }
}

/** Packs k k0..k0+kc, columns j0..j0+nc of B as NR-column slivers, k-major, zero-padding the last sliver. */
function packB(B: Operand, k0: number, kc: number, j0: number, nc: number): void {
  const { d, rs, cs } = B;
  let q = 0;
  for (let j = j0; j < j0 + nc; j += NR) {
    const cols = Math.min(NR, j0 + nc - j);
    let src = B.off + k0 * rs + j * cs;
    for (let p = 0; p < kc; p++, src += rs) {
      let c = 0;
      for (; c < cols; c++) packedB[q + c] = d[src + c * cs];
      for (; c < NR; c++) packedB[q + c] = 0;
      q += NR;
    }
  }
}

/** Writes (first k block) or adds the valid rows x cols of `tile` into C at `at` (row stride m). */
function storeTile(C: HostArray, at: number, m: number, rows: number, cols: number, first: boolean): void {
  for (let r = 0; r < rows; r++, at += m) {
    const t = r * NR;
    if (first) for (let c = 0; c < cols; c++) C[at + c] = tile[t + c];
    else for (let c = 0; c < cols; c++) C[at + c] += tile[t + c];
  }
}

/**
 * C[n x m] (contiguous at cOff) = A[n x k] · B[k x m] for fewer than MR rows or
 * NR columns, where a packed panel would be used too few times to repay its
 * copy (a single sample through a layer, a matrix times a vector).
 */
function gemmThin(A: Operand, B: Operand, C: HostArray, cOff: number, n: number, k: number, m: number): void {
  const { d: a, rs: sai, cs: sak } = A;
  const { d: b, rs: sbk, cs: sbj } = B;
  if (m < NR) {
    // Few columns: one dot product per element of C.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        let pa = A.off + i * sai;
        let pb = B.off + j * sbj;
        for (let p = 0; p < k; p++, pa += sak, pb += sbk) s += a[pa] * b[pb];
        C[cOff + i * m + j] = s;
      }
    }
    return;
  }
  // Few rows: add up B's rows, scaled by the row of A (contiguous reads of an
  // untransposed B), in a float64 accumulator so float32 C rounds only once.
  if (rowAcc.length < m) rowAcc = new Float64Array(m);
  const acc = rowAcc;
  for (let i = 0; i < n; i++) {
    acc.fill(0, 0, m);
    for (let p = 0; p < k; p++) {
      const av = a[A.off + i * sai + p * sak];
      const row = B.off + p * sbk;
      for (let j = 0; j < m; j++) acc[j] += av * b[row + j * sbj];
    }
    for (let j = 0; j < m; j++) C[cOff + i * m + j] = acc[j];
  }
}

/** C[n x m] (contiguous at cOff) = A[n x k] · B[k x m]; A and B are read through their strides. */
export function gemm(A: Operand, B: Operand, C: HostArray, cOff: number, n: number, k: number, m: number): void {
  if (n === 0 || m === 0) return;
  if (k === 0) {
    C.fill(0, cOff, cOff + n * m);
    return;
  }
  if (n < MR || m < NR) {
    gemmThin(A, B, C, cOff, n, k, m);
    return;
  }
  for (let j0 = 0; j0 < m; j0 += NC) {
    const nc = Math.min(NC, m - j0);
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = Math.min(KC, k - k0);
      packB(B, k0, kc, j0, nc);
      for (let i0 = 0; i0 < n; i0 += MC) {
        const mc = Math.min(MC, n - i0);
        packA(A, i0, mc, k0, kc);
        // One sliver of B stays in L1 while every sliver of the A block passes it.
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            microKernel(packedA, ir * kc, packedB, jr * kc, kc);
            storeTile(C, cOff + (i0 + ir) * m + j0 + jr, m, Math.min(MR, mc - ir), cols, k0 === 0);
          }
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

/**
 * A (batched) matmul's geometry: out[t] (n x m, at t * n * m) = op(a[t]) · op(b[t]), where
 * op(a[t]) is read at offset `aOffsets[t]` of a with strides (aRs, aCs) between its rows and
 * columns, and likewise for b. Leading dims broadcast NumPy-style, so an offset may repeat.
 */
export interface MatmulPlan {
  readonly n: number;
  readonly k: number;
  readonly m: number;
  readonly aOffsets: readonly number[];
  readonly bOffsets: readonly number[];
  readonly aRs: number;
  readonly aCs: number;
  readonly bRs: number;
  readonly bCs: number;
}

/** The {@link MatmulPlan} of op(a) · op(b); throws as {@link matmulShape} does. */
export function planMatmul(aShape: Shape, bShape: Shape, transA: boolean, transB: boolean): MatmulPlan {
  const outShape = matmulShape(aShape, bShape, transA, transB);
  const ar = aShape.length;
  const br = bShape.length;
  const aRow = aShape[ar - 1]; // row stride of a as stored
  const bRow = bShape[br - 1];
  const batchShape = outShape.slice(0, -2);
  const batches = sizeOf(batchShape);
  const sa = broadcastStrides(aShape.slice(0, -2), batchShape);
  const sb = broadcastStrides(bShape.slice(0, -2), batchShape);
  const aMat = aShape[ar - 2] * aRow;
  const bMat = bShape[br - 2] * bRow;
  const strides = stridesOf(batchShape);
  const aOffsets: number[] = [];
  const bOffsets: number[] = [];
  for (let t = 0; t < batches; t++) {
    let ao = 0;
    let bo = 0;
    let rem = t;
    for (let d = 0; d < batchShape.length; d++) {
      const idx = Math.floor(rem / strides[d]);
      rem -= idx * strides[d];
      ao += idx * sa[d];
      bo += idx * sb[d];
    }
    aOffsets.push(ao * aMat);
    bOffsets.push(bo * bMat);
  }
  return {
    n: outShape[outShape.length - 2],
    k: transA ? aShape[ar - 2] : aRow,
    m: outShape[outShape.length - 1],
    aOffsets,
    bOffsets,
    ...(transA ? { aRs: 1, aCs: aRow } : { aRs: aRow, aCs: 1 }),
    ...(transB ? { bRs: 1, bCs: bRow } : { bRs: bRow, bCs: 1 }),
  };
}

/**
 * out = op(a) · op(b) over the last two dims, where op transposes when asked,
 * batched over the leading dims with NumPy broadcasting. `out` must have
 * {@link matmulShape}'s size; it is fully overwritten. Operands are read in
 * place, never copied whole.
 */
export function matmul(a: HostArray, aShape: Shape, b: HostArray, bShape: Shape, transA: boolean, transB: boolean, out: HostArray): void {
  matmulPlan(a, aShape, b, bShape, transA, transB, out)();
}

/** {@link matmul} on these arrays with its operands laid out now: a function that runs it and allocates nothing. */
export function matmulPlan(a: HostArray, aShape: Shape, b: HostArray, bShape: Shape, transA: boolean, transB: boolean, out: HostArray): () => void {
  const p = planMatmul(aShape, bShape, transA, transB);
  const As: Operand[] = p.aOffsets.map((off) => ({ d: a, off, rs: p.aRs, cs: p.aCs }));
  const Bs: Operand[] = p.bOffsets.map((off) => ({ d: b, off, rs: p.bRs, cs: p.bCs }));
  const { n, k, m } = p;
  return () => {
    for (let t = 0; t < As.length; t++) gemm(As[t], Bs[t], out, t * n * m, n, k, m);
  };
}
