/**
 * NAIVE VERSION, a placeholder: one thread per output element, no tiling. The
 * register-tiled generator is written on another branch (`wgkernels`) with
 * this exact signature; on merge, take that branch's file.
 *
 * Batched matmul over broadcast leading dims, operands optionally read
 * transposed in their last two dims. Inputs a, b.
 */
import { type Shape, sizeOf } from '../../../tensor/shape.js';
import { broadcastStrides } from '../../cpu/elementwise.js';
import { matmulShape } from '../../cpu/matmul.js';
import type { KernelLimits, KernelSpec } from '../kernel-spec.js';
import { bindings, groupSize, packWords, perElement, stridedOffsets, u32, workgroupsFor } from '../wgsl.js';

export function matmulKernel(aShape: Shape, bShape: Shape, transA: boolean, transB: boolean, limits: KernelLimits): KernelSpec {
  const wg = groupSize(limits);
  const outShape = matmulShape(aShape, bShape, transA, transB);
  const ar = aShape.length;
  const br = bShape.length;
  const n = outShape[outShape.length - 2];
  const m = outShape[outShape.length - 1];
  const k = transA ? aShape[ar - 2] : aShape[ar - 1];
  const batch = outShape.slice(0, -2);
  const rank = batch.length;
  // Element (i, p) of op(a) is at i·ars + p·acs; (p, j) of op(b) at p·brs + j·bcs.
  const [ars, acs] = transA ? [1, aShape[ar - 1]] : [aShape[ar - 1], 1];
  const [brs, bcs] = transB ? [1, bShape[br - 1]] : [bShape[br - 1], 1];
  const aMat = aShape[ar - 2] * aShape[ar - 1];
  const bMat = bShape[br - 2] * bShape[br - 1];
  const sa = broadcastStrides(aShape.slice(0, -2), batch).map((s) => s * aMat);
  const sb = broadcastStrides(bShape.slice(0, -2), batch).map((s) => s * bMat);
  const total = sizeOf(outShape);
  // Words: total, n, m, k, ars, acs, brs, bcs, batch shape, a's and b's batch strides (in elements).
  const words = [total, n, m, k, ars, acs, brs, bcs, ...batch, ...sa, ...sb];
  const body = `  let nm = u(1u) * u(2u);
  let t = i / nm;
  let row = (i % nm) / u(2u);
  let col = i % u(2u);
${stridedOffsets('t', rank, 8, [{ name: 'ao', at: 8 + rank }, { name: 'bo', at: 8 + 2 * rank }])}
  var acc = 0.0;
  for (var q = 0u; q < u(3u); q = q + 1u) {
    acc = acc + a_in[ao + row * u(4u) + q * u(5u)] * b_in[bo + q * u(6u) + col * u(7u)];
  }
  out[i] = acc;`;
  return {
    key: `matmul_naive/b${rank}/${wg}`,
    code: `${bindings(['a_in', 'b_in'], words.length)}\n${perElement(wg, body)}`,
    inputs: 2,
    outShape,
    workgroups: workgroupsFor(total, wg, limits),
    params: packWords(words.map(u32)),
  };
}
