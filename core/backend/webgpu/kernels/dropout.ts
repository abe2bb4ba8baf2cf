/**
 * Dropout's mask drawn on the GPU: the counter-based hash of
 * core/tensor/counter-random.ts in WGSL u32 arithmetic (`*` and `+` wrap mod
 * 2^32, `>>` on u32 is logical), so every element's bits, and so the mask,
 * equal the CPU backend's bit for bit.
 */
import { type Shape, sizeOf } from '../../../tensor/shape.js';
import type { KernelLimits, KernelSpec } from '../kernel-spec.js';
import { bindings, f32, groupSize, packWords, perElement, u32, workgroupsFor } from '../wgsl.js';

/** lowbias32, as `mix32` in counter-random.ts. */
const MIX32 = `
fn mix32(v: u32) -> u32 {
  var x = v;
  x ^= x >> 16u;
  x *= 0x7feb352du;
  x ^= x >> 15u;
  x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}`;

/** Words: 0 the element count, 1 the draw's key, 2 the threshold (both u32), 3 the scale (f32). */
export function dropoutMaskKernel(shape: Shape, key: number, threshold: number, scale: number, limits: KernelLimits): KernelSpec {
  const wg = groupSize(limits);
  const n = sizeOf(shape);
  const body = '  let k = u(1u);\n  let bits = mix32(mix32(i ^ k) + k);\n  out[i] = select(0.0, uf(3u), bits >= u(2u));';
  return {
    key: `dropout_mask/${wg}`,
    code: `${bindings([], 4)}\n${MIX32}\n${perElement(wg, body)}`,
    inputs: 0,
    outShape: shape,
    workgroups: workgroupsFor(n, wg, limits),
    params: packWords([u32(n), u32(key), u32(threshold), f32(scale)]),
  };
}
