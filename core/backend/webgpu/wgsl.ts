/**
 * WGSL building blocks shared by the kernel generators: the binding
 * declarations of the KernelSpec convention, uniform parameters as a flat
 * array of 32-bit words, a linear thread index that survives a dispatch split
 * over x and y, and strided index arithmetic unrolled for a known rank.
 *
 * Sizes, shapes and strides reach the shaders through the uniform words, never
 * the source, so one pipeline serves every shape of a given rank: a training
 * step compiles a handful of pipelines, and so does the conformance suite.
 */
import { type KernelLimits, packParams, splitWorkgroups } from './kernel-spec.js';

/** A uniform field: integers as u32, anything else as f32 (read with `uf`). */
export type Word = { readonly u32: number } | { readonly f32: number };

export const u32 = (v: number): Word => ({ u32: v });
export const f32 = (v: number): Word => ({ f32: v });

/** Threads per workgroup for one-thread-per-element kernels. */
export function groupSize(limits: KernelLimits): number {
  return Math.min(256, limits.maxInvocationsPerWorkgroup);
}

/** Words of a uniform block `words` long, packed into whole vec4s. */
export function packWords(words: readonly Word[]): ArrayBuffer {
  return packParams(words);
}

/**
 * Declarations for `inputs` read-only arrays, one read-write output `out` and
 * the uniform words `p` (read with `u(i)` as u32 and `uf(i)` as f32).
 */
export function bindings(inputs: readonly string[], words: number, out = 'out'): string {
  const lines = inputs.map((name, i) => `@group(0) @binding(${i}) var<storage, read> ${name}: array<f32>;`);
  lines.push(`@group(0) @binding(${inputs.length}) var<storage, read_write> ${out}: array<f32>;`);
  lines.push(uniformBlock(inputs.length + 1, words));
  return lines.join('\n');
}

/** The uniform words at `binding`, with their accessors. */
export function uniformBlock(binding: number, words: number): string {
  return `struct P { w: array<vec4<u32>, ${Math.max(1, Math.ceil(words / 4))}> };
@group(0) @binding(${binding}) var<uniform> p: P;
fn u(i: u32) -> u32 { return p.w[i / 4u][i % 4u]; }
fn uf(i: u32) -> f32 { return bitcast<f32>(u(i)); }`;
}

/** Builtins every entry point takes; `gid` is the workgroup's linear index across an x/y split. */
const ENTRY_ARGS =
  '@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32';

/** An entry point where each thread handles element `i` < u(0) (word 0 holds the count). */
export function perElement(wg: number, body: string): string {
  return `@compute @workgroup_size(${wg})
fn main(${ENTRY_ARGS}) {
  let i = (wid.x + wid.y * nwg.x) * ${wg}u + li;
  if (i >= u(0u)) { return; }
${body}
}`;
}

/** An entry point where each workgroup handles group `g` < u(0) cooperatively (returns are workgroup-uniform). */
export function perGroup(wg: number, body: string): string {
  return `@compute @workgroup_size(${wg})
fn main(${ENTRY_ARGS}) {
  let g = wid.x + wid.y * nwg.x;
  if (g >= u(0u)) { return; }
${body}
}`;
}

/** Workgroups for `n` threads of `wg` each, split over x and y past the adapter's per-dimension limit. */
export function workgroupsFor(n: number, wg: number, limits: KernelLimits): readonly [number, number, number] {
  return splitWorkgroups(Math.ceil(n / wg), limits);
}

/**
 * Statements declaring `var ${name}: u32` for each operand: the offset of flat
 * row-major index `idx` over a shape of `rank` dims, whose sizes are the words
 * at `shapeAt` and whose operand strides are the words at `at`. Unrolled, since
 * the rank is part of the kernel's key.
 */
export function stridedOffsets(idx: string, rank: number, shapeAt: number, operands: readonly { name: string; at: number }[]): string {
  const lines = operands.map((o) => `  var ${o.name} = 0u;`);
  if (rank === 0) return lines.join('\n');
  const rem = `rem_${operands.map((o) => o.name).join('_')}`;
  lines.push(`  var ${rem} = ${idx};`);
  for (let d = rank - 1; d >= 0; d--) {
    const c = `${rem}_c${d}`;
    if (d === 0) lines.push(`  let ${c} = ${rem};`);
    else lines.push(`  let ${c} = ${rem} % u(${shapeAt + d}u); ${rem} = ${rem} / u(${shapeAt + d}u);`);
    for (const o of operands) lines.push(`  ${o.name} += ${c} * u(${o.at + d}u);`);
  }
  return lines.join('\n');
}

/** Numerically careful scalar functions that WGSL lacks or computes unstably in float32. */
export const MATH_HELPERS = `
fn sigm(x: f32) -> f32 {
  let e = exp(-abs(x));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), x >= 0.0);
}
fn tanhf(x: f32) -> f32 {
  // Past |x| = 15, tanh is ±1 in float32, and some implementations compute it from exp and overflow.
  return select(tanh(clamp(x, -15.0, 15.0)), sign(x), abs(x) > 15.0);
}
fn expm1f(x: f32) -> f32 {
  if (abs(x) < 1e-2) { return x * (1.0 + x * (0.5 + x * (0.16666667 + x * 0.041666668))); }
  return exp(x) - 1.0;
}
fn log1pf(t: f32) -> f32 {
  // Near 0 a series: WGSL bounds log's error near 1 only absolutely (2^-21), too coarse for a small t.
  if (abs(t) < 0.03125) { return t * (1.0 - t * (0.5 - t * (0.33333334 - t * (0.25 - t * (0.2 - t * 0.16666667))))); }
  // Goldberg's trick: the rounding of 1 + t cancels between log(v) and v - 1.
  let v = 1.0 + t;
  if (v == 1.0) { return t; }
  return log(v) * t / (v - 1.0);
}
fn softplusf(x: f32) -> f32 { return max(x, 0.0) + log1pf(exp(-abs(x))); }
fn expf(x: f32) -> f32 {
  // exp overflows float32 past 88.72; WGSL leaves the result of an overflow undefined.
  return exp(min(x, 88.72));
}
fn powf(a: f32, b: f32) -> f32 {
  // WGSL's pow is exp2(b·log2(a)): undefined for a ≤ 0. Math.pow's cases, rebuilt.
  if (b == 0.0) { return 1.0; }
  if (a == 0.0) { return select(1.0 / a, 0.0, b > 0.0); }
  let m = pow(abs(a), b);
  if (a > 0.0) { return m; }
  if (b != floor(b)) { return (a - a) / (a - a); }
  return select(m, -m, b - 2.0 * floor(b * 0.5) == 1.0);
}`;
