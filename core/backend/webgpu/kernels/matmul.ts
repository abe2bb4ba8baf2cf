/**
 * Batched matmul as WGSL, with the CPU backend's semantics (`matmul` in
 * cpu/matmul.ts): out = op(a) · op(b) over the last two dims, op transposing
 * when asked, batched over the leading dims with NumPy broadcasting.
 *
 * Two kernels:
 * - tiled: a workgroup computes a TM x TN tile of C; each thread holds RM x RN
 *   accumulators (a register tile) and, per k step, reads RM/4 vec4s of A and
 *   RN/4 vec4s of B from workgroup memory, where both tiles are stored k-major
 *   so those reads are whole vec4s whatever the operands' layout. Global loads
 *   are vec4 when the operand's contiguous dim is a multiple of 4 (then its
 *   binding is declared `array<vec4<f32>>`: the same dense f32 buffer, read 16
 *   bytes at a time), scalar otherwise; each operand and the store choose
 *   separately, and the choice is in the key.
 * - simple: one output per thread, for products too small to fill a tile
 *   (an XOR layer's 4 x 2), or with a side under 4.
 *
 * Sizes and batch strides travel in the uniform, so one pipeline per variant
 * serves every shape; only transposition, vectorisation and the tiling are
 * baked into the code.
 */
import { type KernelLimits, type KernelSpec, packParams, splitWorkgroups } from '../kernel-spec.js';
import { broadcastStrides } from '../../cpu/elementwise.js';
import { matmulShape } from '../../cpu/matmul.js';
import { type Shape, sizeOf } from '../../../tensor/shape.js';

/** A register-tiled layout: WX x WY threads, each computing RM x RN outputs; TK is the k depth of a shared tile. */
export interface MatmulTiling {
  readonly wx: number;
  readonly wy: number;
  /** Rows per thread, a multiple of 4. */
  readonly rm: number;
  /** Columns per thread, a multiple of 4. */
  readonly rn: number;
  readonly tk: number;
}

/**
 * Tilings in order of preference; the first that fits the adapter's limits is
 * used. The first won on SwiftShader (bench/webgpu-matmul-kernel.ts has the
 * figures; a CPU emulation, so only the ranking means anything): 8 x 8 outputs
 * per thread read 4 vec4s from workgroup memory per 16 multiply-adds of vec4s,
 * where 4 x 4 reads 2 per 4. Untested on a real GPU, where a 64 x 64 tile
 * also leaves few workgroups for a small product (a 128 x 256 layer: 8).
 */
export const MATMUL_TILINGS: readonly MatmulTiling[] = [
  { wx: 8, wy: 8, rm: 8, rn: 8, tk: 16 },
  { wx: 8, wy: 8, rm: 4, rn: 4, tk: 16 },
  { wx: 4, wy: 4, rm: 4, rn: 4, tk: 4 },
];

/** Below this many multiply-adds (or with a side under 4) the simple kernel runs. */
const SIMPLE_MAX_WORK = 32 * 32 * 32;
const SIMPLE_WORKGROUP = 64;
/** Batch dims the uniform carries; the engine's MAX_RANK of 6 leaves at most 4. */
const BATCH_RANK = 4;

/** Sizes and per-batch offsets of one matmul call. */
interface MatmulDims {
  readonly outShape: Shape;
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly batches: number;
  readonly params: ArrayBuffer;
}

function matmulDims(aShape: Shape, bShape: Shape, transA: boolean, transB: boolean): MatmulDims {
  if (aShape.length < 2 || bShape.length < 2) {
    throw new RangeError(`matmul needs operands of rank 2 or more, got [${aShape.join(', ')}] and [${bShape.join(', ')}]`);
  }
  const outShape = matmulShape(aShape, bShape, transA, transB);
  const batchShape = outShape.slice(0, -2);
  if (batchShape.length > BATCH_RANK) throw new RangeError(`matmul supports at most ${BATCH_RANK} batch dims, got ${batchShape.length}`);
  const M = outShape[outShape.length - 2];
  const N = outShape[outShape.length - 1];
  const K = transA ? aShape[aShape.length - 2] : aShape[aShape.length - 1];
  const aMat = K * M;
  const bMat = K * N;
  const pad = BATCH_RANK - batchShape.length;
  const dims = [...new Array<number>(pad).fill(1), ...batchShape];
  const aStr = [...new Array<number>(pad).fill(0), ...broadcastStrides(aShape.slice(0, -2), batchShape).map((s) => s * aMat)];
  const bStr = [...new Array<number>(pad).fill(0), ...broadcastStrides(bShape.slice(0, -2), batchShape).map((s) => s * bMat)];
  const batches = sizeOf(batchShape);
  const u32 = (v: number) => ({ u32: v });
  const params = packParams([M, N, K, batches, ...dims, ...aStr, ...bStr].map(u32));
  return { outShape, M, N, K, batches, params };
}

/** Uniform struct and the helper that turns a flat batch index into element offsets of a and b. */
const PARAMS_WGSL = /* wgsl */ `
struct Params { M: u32, N: u32, K: u32, batches: u32, dims: vec4<u32>, aStr: vec4<u32>, bStr: vec4<u32> }

fn batchOffsets(t: u32) -> vec2<u32> {
  var rem = t;
  var off = vec2<u32>(0u, 0u);
  for (var d = 3i; d >= 0i; d--) {
    let i = rem % p.dims[d];
    rem = rem / p.dims[d];
    off += i * vec2<u32>(p.aStr[d], p.bStr[d]);
  }
  return off;
}`;

function bindings(vecA: boolean, vecB: boolean, vecC: boolean): string {
  const t = (v: boolean) => (v ? 'array<vec4<f32>>' : 'array<f32>');
  return `@group(0) @binding(0) var<storage, read> a: ${t(vecA)};
@group(0) @binding(1) var<storage, read> b: ${t(vecB)};
@group(0) @binding(2) var<storage, read_write> c: ${t(vecC)};
@group(0) @binding(3) var<uniform> p: Params;`;
}

/** One output per thread; a and b read through their strides. */
function simpleMatmul(d: MatmulDims, transA: boolean, transB: boolean, limits: KernelLimits): KernelSpec {
  // WebGPU guarantees 128 invocations (256 outside compatibility mode), so this only catches a malformed `limits`.
  if (limits.maxInvocationsPerWorkgroup < SIMPLE_WORKGROUP) {
    throw new RangeError(`matmul needs ${SIMPLE_WORKGROUP} invocations per workgroup; the adapter allows ${limits.maxInvocationsPerWorkgroup}`);
  }
  const aAt = transA ? 'k * p.M + i' : 'i * p.K + k';
  const bAt = transB ? 'j * p.K + k' : 'k * p.N + j';
  const code = /* wgsl */ `${PARAMS_WGSL}
${bindings(false, false, false)}

@compute @workgroup_size(${SIMPLE_WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let idx = (wg.x + wg.y * nwg.x) * ${SIMPLE_WORKGROUP}u + lid;
  let per = p.M * p.N;
  if (per == 0u || idx >= per * p.batches) { return; }
  let off = batchOffsets(idx / per);
  let r = idx % per;
  let i = r / p.N;
  let j = r % p.N;
  var s = 0.0;
  for (var k = 0u; k < p.K; k++) {
    s += a[off.x + ${aAt}] * b[off.y + ${bAt}];
  }
  c[idx] = s;
}`;
  const groups = Math.ceil((d.batches * d.M * d.N) / SIMPLE_WORKGROUP);
  return {
    key: `matmul:simple:${transA ? 't' : 'n'}${transB ? 't' : 'n'}`,
    code,
    inputs: 2,
    outShape: d.outShape,
    workgroups: splitWorkgroups(groups, limits),
    params: d.params,
  };
}

/** Bytes of workgroup memory a tiling needs. */
function sharedBytes(t: MatmulTiling): number {
  return 4 * t.tk * (t.wy * t.rm + t.wx * t.rn);
}

function fits(t: MatmulTiling, limits: KernelLimits): boolean {
  return t.wx * t.wy <= limits.maxInvocationsPerWorkgroup && sharedBytes(t) <= limits.maxWorkgroupStorageSize;
}

/**
 * WGSL that fills the shared tile `s` (k-major, vec4 groups of 4 rows or
 * columns) from an operand whose tile spans `rows` (the M or N side) by TK.
 * `kMajor`: the operand is stored k-major (A transposed, B plain), so its
 * contiguous dim is the M/N side and a vec4 load lands whole in the tile;
 * otherwise its contiguous dim is k and a vec4 load scatters into 4 tile rows.
 */
function loadTile(name: string, s: string, kMajor: boolean, vec: boolean, rows: number, tk: number, threads: number, size: string, base: string, off: string): string {
  const rows4 = rows / 4;
  const lines: string[] = [];
  const loop = (count: number, body: string) =>
    `  for (var l = lid; l < ${count}u; l += ${threads}u) {\n${body}\n  }`;
  if (kMajor && vec) {
    lines.push(loop(tk * rows4, `    let kk = l / ${rows4}u; let q = l % ${rows4}u;
    let gk = k0 + kk; let g = ${base} + q * 4u;
    var v = vec4<f32>(0.0);
    if (gk < p.K && g < ${size}) { v = ${name}[(${off} + gk * ${size} + g) / 4u]; }
    ${s}[kk * ${rows4}u + q] = v;`));
  } else if (kMajor) {
    lines.push(loop(tk * rows, `    let kk = l / ${rows}u; let r = l % ${rows}u;
    let gk = k0 + kk; let g = ${base} + r;
    var v = 0.0;
    if (gk < p.K && g < ${size}) { v = ${name}[${off} + gk * ${size} + g]; }
    ${s}[kk * ${rows4}u + r / 4u][r % 4u] = v;`));
  } else if (vec) {
    const tk4 = tk / 4;
    lines.push(loop(rows * tk4, `    let r = l / ${tk4}u; let kq = l % ${tk4}u;
    let gk = k0 + kq * 4u; let g = ${base} + r;
    var v = vec4<f32>(0.0);
    if (gk < p.K && g < ${size}) { v = ${name}[(${off} + g * p.K + gk) / 4u]; }
    let at = kq * 4u * ${rows4}u + r / 4u; let lane = r % 4u;
    ${s}[at][lane] = v.x;
    ${s}[at + ${rows4}u][lane] = v.y;
    ${s}[at + ${2 * rows4}u][lane] = v.z;
    ${s}[at + ${3 * rows4}u][lane] = v.w;`));
  } else {
    lines.push(loop(rows * tk, `    let r = l / ${tk}u; let kk = l % ${tk}u;
    let gk = k0 + kk; let g = ${base} + r;
    var v = 0.0;
    if (gk < p.K && g < ${size}) { v = ${name}[${off} + g * p.K + gk]; }
    ${s}[kk * ${rows4}u + r / 4u][r % 4u] = v;`));
  }
  return lines.join('\n');
}

function tiledMatmul(d: MatmulDims, transA: boolean, transB: boolean, t: MatmulTiling, limits: KernelLimits): KernelSpec {
  const { wx, wy, rm, rn, tk } = t;
  if (rm % 4 !== 0 || rn % 4 !== 0 || tk % 4 !== 0) throw new RangeError('matmul tiling: rm, rn and tk must be multiples of 4');
  const TM = wy * rm;
  const TN = wx * rn;
  const threads = wx * wy;
  // A vec4 load needs the operand's contiguous dim to be a multiple of 4, which also aligns every batch offset.
  const vecA = transA ? d.M % 4 === 0 : d.K % 4 === 0;
  const vecB = transB ? d.K % 4 === 0 : d.N % 4 === 0;
  const vecC = d.N % 4 === 0;
  const rg = rm / 4;
  const cg = rn / 4;
  const decl: string[] = [];
  const fma: string[] = [];
  const store: string[] = [];
  for (let r = 0; r < rg; r++) decl.push(`    let a${r} = sA[kk * ${TM / 4}u + ty + ${r * wy}u];`);
  for (let c = 0; c < cg; c++) decl.push(`    let b${c} = sB[kk * ${TN / 4}u + tx + ${c * wx}u];`);
  const lanes = ['x', 'y', 'z', 'w'];
  for (let r = 0; r < rg; r++) {
    for (let q = 0; q < 4; q++) {
      for (let c = 0; c < cg; c++) fma.push(`    acc[${(r * 4 + q) * cg + c}] += a${r}.${lanes[q]} * b${c};`);
      const row = `i0 + (ty + ${r * wy}u) * 4u + ${q}u`;
      for (let c = 0; c < cg; c++) {
        const acc = `acc[${(r * 4 + q) * cg + c}]`;
        const body = vecC
          ? `if (j < p.N) { c[(cOff + i * p.N + j) / 4u] = ${acc}; }`
          : lanes.map((l, e) => `if (j + ${e}u < p.N) { c[cOff + i * p.N + j + ${e}u] = ${acc}.${l}; }`).join(' ');
        store.push(`  { let i = ${row}; let j = j0 + (tx + ${c * wx}u) * 4u; if (i < p.M) { ${body} } }`);
      }
    }
  }
  const code = /* wgsl */ `${PARAMS_WGSL}
${bindings(vecA, vecB, vecC)}

var<workgroup> sA: array<vec4<f32>, ${(tk * TM) / 4}>;
var<workgroup> sB: array<vec4<f32>, ${(tk * TN) / 4}>;

@compute @workgroup_size(${wx}, ${wy}, 1)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_id) lid3: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let tilesN = (p.N + ${TN - 1}u) / ${TN}u;
  let perBatch = tilesN * ((p.M + ${TM - 1}u) / ${TM}u);
  let flat = wg.x + wg.y * nwg.x;
  if (perBatch == 0u || flat >= perBatch * p.batches) { return; }
  let batch = flat / perBatch;
  let tile = flat % perBatch;
  let i0 = (tile / tilesN) * ${TM}u;
  let j0 = (tile % tilesN) * ${TN}u;
  let off = batchOffsets(batch);
  let cOff = batch * p.M * p.N;
  let tx = lid3.x;
  let ty = lid3.y;
  var acc: array<vec4<f32>, ${rm * cg}>;
  for (var k0 = 0u; k0 < p.K; k0 += ${tk}u) {
${loadTile('a', 'sA', transA, vecA, TM, tk, threads, 'p.M', 'i0', 'off.x')}
${loadTile('b', 'sB', !transB, vecB, TN, tk, threads, 'p.N', 'j0', 'off.y')}
    workgroupBarrier();
    // A bound the compiler cannot fold: the last tile stops at K, and the loop
    // is not unrolled TK times (SwiftShader took seconds to compile that).
    let kn = min(${tk}u, p.K - k0);
    for (var kk = 0u; kk < kn; kk++) {
${decl.join('\n')}
${fma.join('\n')}
    }
    workgroupBarrier();
  }
${store.join('\n')}
}`;
  const groups = d.batches * Math.ceil(d.M / TM) * Math.ceil(d.N / TN);
  const v = (x: boolean) => (x ? '4' : '1');
  return {
    key: `matmul:tiled:${wx}x${wy}x${rm}x${rn}x${tk}:${transA ? 't' : 'n'}${transB ? 't' : 'n'}:${v(vecA)}${v(vecB)}${v(vecC)}`,
    code,
    inputs: 2,
    outShape: d.outShape,
    workgroups: splitWorkgroups(groups, limits),
    params: d.params,
  };
}

/**
 * A matmul kernel with a chosen variant: 'simple' (one output per thread) or a
 * tiling. For tests and the benchmark; the backend calls {@link matmulKernel}.
 */
export function matmulKernelWith(aShape: Shape, bShape: Shape, transA: boolean, transB: boolean, limits: KernelLimits, variant: 'simple' | MatmulTiling): KernelSpec {
  const d = matmulDims(aShape, bShape, transA, transB);
  if (variant === 'simple') return simpleMatmul(d, transA, transB, limits);
  if (!fits(variant, limits)) throw new RangeError(`matmul tiling ${JSON.stringify(variant)} exceeds the adapter's limits`);
  return tiledMatmul(d, transA, transB, variant, limits);
}

/**
 * out = op(a) · op(b) (inputs: a, b), batched with broadcasting; the output
 * shape is `matmulShape`'s. Picks the simple kernel for tiny products and the
 * first tiling in {@link MATMUL_TILINGS} that fits `limits` otherwise.
 */
export function matmulKernel(aShape: Shape, bShape: Shape, transA: boolean, transB: boolean, limits: KernelLimits): KernelSpec {
  const d = matmulDims(aShape, bShape, transA, transB);
  const tiling = MATMUL_TILINGS.find((t) => fits(t, limits));
  if (tiling === undefined || d.M < 4 || d.N < 4 || d.M * d.N * d.K <= SIMPLE_MAX_WORK) return simpleMatmul(d, transA, transB, limits);
  return tiledMatmul(d, transA, transB, tiling, limits);
}
