/**
 * The float32 matmul in WebAssembly SIMD (./matmul.wat, assembled at build time into
 * ./generated/matmul-wasm.ts by bin/build-wasm.mjs). The module has its own memory: the operands
 * are copied in above its packing scratch, the product computed there and copied out. The memory
 * grows to the largest call seen and is kept, so a training step's matmuls allocate nothing.
 *
 * The module is compiled synchronously on first use (`new WebAssembly.Module`), which Node and
 * workers allow for any size; the CPU backend never runs on a page's main thread. Where
 * WebAssembly or its SIMD is missing the module does not validate, and every call answers
 * false so that the caller runs the TypeScript kernel.
 */
import type { Shape } from '../../../tensor/shape.js';
import { planMatmul } from '../matmul.js';
import { MATMUL_WASM_BASE64 } from './generated/matmul-wasm.js';

/** What the kernel module exports (see matmul.wat). Pointers are byte addresses, strides in elements. */
interface MatmulExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly heap_base: { readonly value: number };
  gemm(a: number, ars: number, acs: number, b: number, brs: number, bcs: number, c: number, n: number, k: number, m: number): void;
}

/** The part of the WebAssembly API used here; core/ is typed without the DOM's declarations. */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

const PAGE = 65536;
/** Beyond this much memory (operands and product together) the TypeScript kernel runs instead. */
const MAX_BYTES = 1 << 30;
/** Smallest n * k * m for which the WebAssembly kernel is used (see {@link wasmMatmulPays}). */
const MIN_MACS = 256;

/** undefined: not loaded yet; null: unavailable here. */
let kernel: MatmulExports | null | undefined;
let view = new Float32Array(0);

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function load(): MatmulExports | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return null;
  try {
    const bytes = decodeBase64(MATMUL_WASM_BASE64);
    // False where SIMD is not supported: the module uses v128 throughout.
    if (!wasm.validate(bytes)) return null;
    kernel = new wasm.Instance(new wasm.Module(bytes), {}).exports as MatmulExports;
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Whether this engine runs the WebAssembly SIMD matmul (compiling it on first ask). */
export function wasmMatmulAvailable(): boolean {
  return load() !== null;
}

/** A float32 view of the module's memory, at least `bytes` long (growing the memory), or null. */
function memoryOf(k: MatmulExports, bytes: number): Float32Array | null {
  const have = k.memory.buffer.byteLength;
  if (bytes > have) {
    try {
      k.memory.grow(Math.ceil((bytes - have) / PAGE));
    } catch {
      return null;
    }
  }
  // Growing detaches the old buffer; the view follows the current one.
  if (view.buffer !== k.memory.buffer) view = new Float32Array(k.memory.buffer);
  return view;
}

/**
 * Whether an n x k x m matmul runs faster here than in TypeScript. A call costs about 0.4 µs
 * more (copies, the call into WebAssembly); bench/matmul-crossover.ts found TypeScript ahead at
 * 2 x 2 x 2 and at 4 x 8 x 1, both within 20% at 64-216 multiply-adds, WebAssembly 1.2-1.6x
 * ahead at 256 (4 x 8 x 8, 8 x 8 x 4), 1.8x at 8 x 8 x 8 and 4-10x from 16 x 16 x 16 on.
 */
export function wasmMatmulPays(n: number, k: number, m: number): boolean {
  return n * k * m >= MIN_MACS;
}

/** `bytes` rounded up to a multiple of 64 (a cache line), so every operand starts aligned. */
const align = (bytes: number) => (bytes + 63) & ~63;

/**
 * out = op(a) · op(b), batched with broadcasting, exactly as ../matmul.ts's `matmul` but in
 * float32 arithmetic. Returns false, having written nothing, when the module is unavailable or
 * the operands would not fit its memory; the caller then runs the TypeScript kernel.
 */
export function matmulWasm(a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, transA: boolean, transB: boolean, out: Float32Array): boolean {
  const k = load();
  if (k === null) return false;
  const p = planMatmul(aShape, bShape, transA, transB);
  if (out.length === 0) return true;
  if (p.k === 0) {
    out.fill(0);
    return true;
  }
  const aPtr = align(k.heap_base.value);
  const bPtr = align(aPtr + a.length * 4);
  const cPtr = align(bPtr + b.length * 4);
  const end = cPtr + out.length * 4;
  if (end > MAX_BYTES) return false;
  const mem = memoryOf(k, end);
  if (mem === null) return false;
  mem.set(a, aPtr >> 2);
  mem.set(b, bPtr >> 2);
  const size = p.n * p.m;
  for (let t = 0; t < p.aOffsets.length; t++) {
    k.gemm(aPtr + p.aOffsets[t] * 4, p.aRs, p.aCs, bPtr + p.bOffsets[t] * 4, p.bRs, p.bCs, cPtr + t * size * 4, p.n, p.k, p.m);
  }
  out.set(mem.subarray(cPtr >> 2, (cPtr >> 2) + out.length));
  return true;
}
