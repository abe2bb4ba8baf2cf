/**
 * The engine's WebAssembly heap: one memory that every kernel module imports (see
 * bin/wasm-kernels.mjs), with an allocator for tensors' storage and the kernels' scratch.
 *
 * Where SharedArrayBuffer exists (Node; cross-origin-isolated pages and workers) the memory is
 * shared, and float32 tensors live in it: a kernel is handed their addresses and touches no
 * copy. Growing a shared memory never detaches the views made before (each keeps its old
 * length over the same bytes), which is what lets a tensor's Float32Array stay valid while the
 * heap grows under it; and threads can work on the same tensors. Where SharedArrayBuffer is
 * missing the memory is unshared, growing it detaches every view, so tensors stay ordinary
 * arrays and kernels copy their operands in (see {@link Staging}).
 */

import { decodeBase64 } from '../../../graph/base64.js';

/** The part of the WebAssembly API used here; core/ is typed without the DOM's declarations. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  Memory: new (desc: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
}

export const PAGE = 65536;
/** The heap's ceiling: 1 GiB (the modules allow wasm32's 4 GiB; this leaves address space to the rest). */
const MAX_PAGES = 16384;
/** Allocations are rounded to a cache line, so every block starts 64-byte aligned (and v128 loads are aligned). */
const ALIGN = 64;
/** Grown at least by this fraction of the current size, so a growing graph does not grow it per tensor. */
const GROWTH = 0.25;
/** A block of at least this size is never handed out for tensor storage: such tensors stay ordinary arrays. */
const MAX_TENSOR_BYTES = 256 * 1024 * 1024;

/** Base64 binaries of one kernel module (see bin/wasm-kernels.mjs). */
export interface ModuleSource {
  readonly shared: string;
  readonly plain: string;
}

/** What a block freed by the garbage collector returns to. */
interface Freed {
  readonly ptr: number;
  readonly bytes: number;
}

export class WasmHeap {
  readonly memory: WasmMemory;
  /** Whether the memory is shared: tensors live in it and threads may run on it. */
  readonly shared: boolean;
  private readonly wasm: WasmApi;
  private readonly modules = new Map<ModuleSource, object>();
  /** Every buffer object the memory has had: views of a shared memory keep the one they were made on. */
  private readonly buffers: (ArrayBuffer | SharedArrayBuffer)[] = [];
  private f32View: Float32Array;
  /** End of the blocks handed out so far; everything above is free. */
  private top = ALIGN;
  /** Free blocks below `top`, sorted by address, never adjacent (freeing merges them). */
  private readonly freeStart: number[] = [];
  private readonly freeBytes: number[] = [];
  /** Tensor storage comes back here when its array is garbage collected. */
  private readonly collected: { register(target: object, held: Freed): void } | null;

  constructor(wasm: WasmApi, shared: boolean) {
    this.wasm = wasm;
    this.shared = shared;
    this.memory = new wasm.Memory({ initial: 32, maximum: MAX_PAGES, shared });
    this.f32View = new Float32Array(this.memory.buffer);
    this.buffers.push(this.memory.buffer);
    const Registry = (globalThis as { FinalizationRegistry?: new (cb: (held: Freed) => void) => { register(target: object, held: Freed): void } }).FinalizationRegistry;
    this.collected = Registry ? new Registry((held) => this.free(held.ptr, held.bytes)) : null;
  }

  /** A float32 view of the whole memory as it is now (re-made after the memory grows). */
  f32(): Float32Array {
    if (this.f32View.buffer !== this.memory.buffer) this.noteGrowth();
    return this.f32View;
  }

  private noteGrowth(): void {
    this.f32View = new Float32Array(this.memory.buffer);
    if (this.shared) this.buffers.push(this.memory.buffer);
  }

  /** An instance of a kernel module on this memory (each caller, thread or not, its own). */
  instantiate(source: ModuleSource): unknown {
    // Math.exp and Math.log for the kernels that import them (softmax): JavaScript's own, so
    // that they round as the TypeScript kernels' calls do.
    return new this.wasm.Instance(this.compiled(source), { env: { memory: this.memory }, math: { exp: Math.exp, log: Math.log } }).exports;
  }

  /** The compiled module (compiled once), for a thread to instantiate on this memory. */
  compiled(source: ModuleSource): object {
    let mod = this.modules.get(source);
    if (!mod) {
      mod = new this.wasm.Module(decodeBase64(this.shared ? source.shared : source.plain));
      this.modules.set(source, mod);
    }
    return mod;
  }

  /** The byte address of a block of `bytes` (rounded up to 64), or -1 when the heap is full. Its contents are not cleared. */
  alloc(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    // First fit: the free list is short (the backend's pool reuses storage before it gets here).
    for (let i = 0; i < this.freeStart.length; i++) {
      if (this.freeBytes[i] < size) continue;
      const ptr = this.freeStart[i];
      if (this.freeBytes[i] === size) {
        this.freeStart.splice(i, 1);
        this.freeBytes.splice(i, 1);
      } else {
        this.freeStart[i] += size;
        this.freeBytes[i] -= size;
      }
      return ptr;
    }
    const end = this.top + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const need = Math.ceil((end - have) / PAGE);
      const pages = Math.min(Math.max(need, Math.ceil((have / PAGE) * GROWTH)), MAX_PAGES - have / PAGE);
      if (pages < need) return -1;
      try {
        this.memory.grow(pages);
      } catch {
        return -1;
      }
      this.noteGrowth();
    }
    const ptr = this.top;
    this.top = end;
    return ptr;
  }

  /** Returns a block from {@link alloc} (its size as asked for then). */
  free(ptr: number, bytes: number): void {
    let start = ptr;
    let size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let i = 0;
    while (i < this.freeStart.length && this.freeStart[i] < start) i++;
    // Merge with the free neighbours on either side.
    if (i > 0 && this.freeStart[i - 1] + this.freeBytes[i - 1] === start) {
      i--;
      start = this.freeStart[i];
      size += this.freeBytes[i];
      this.freeStart.splice(i, 1);
      this.freeBytes.splice(i, 1);
    }
    if (i < this.freeStart.length && start + size === this.freeStart[i]) {
      size += this.freeBytes[i];
      this.freeStart.splice(i, 1);
      this.freeBytes.splice(i, 1);
    }
    if (start + size === this.top) {
      this.top = start;
      return;
    }
    this.freeStart.splice(i, 0, start);
    this.freeBytes.splice(i, 0, size);
  }

  /**
   * Float32 storage for a tensor (zeroed unless `zero` is false), in the heap, or null where tensors do not live here
   * (an unshared memory, a full heap, or a tensor too large). The block is freed when the array
   * is garbage collected, so storage nobody can reach any more is reused.
   */
  tensorArray(n: number, zero = true): Float32Array | null {
    if (!this.shared || this.collected === null || n === 0 || n * 4 >= MAX_TENSOR_BYTES) return null;
    const ptr = this.alloc(n * 4);
    if (ptr < 0) return null;
    const view = new Float32Array(this.memory.buffer, ptr, n);
    // Fresh memory is zero, but a reused block holds what its last tensor left.
    if (zero) view.fill(0);
    this.collected.register(view, { ptr, bytes: n * 4 });
    return view;
  }

  /** The byte address of `data` when it lives in this heap, else -1. */
  addressOf(data: Float32Array): number {
    const buf = data.buffer;
    if (this.shared) {
      // Newest first: most views are made on the latest buffer.
      for (let i = this.buffers.length - 1; i >= 0; i--) if (this.buffers[i] === buf) return data.byteOffset;
      return -1;
    }
    return buf === this.memory.buffer ? data.byteOffset : -1;
  }

  /** Bytes the memory holds now (what it has grown to). */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }
}

/** A block of scratch for one kind of kernel, grown to the largest asked for and kept. */
export class Scratch {
  private ptr = -1;
  private bytes = 0;

  constructor(private readonly heap: WasmHeap) {}

  /** Returns the block to the heap. */
  release(): void {
    if (this.ptr >= 0) this.heap.free(this.ptr, this.bytes);
    this.ptr = -1;
    this.bytes = 0;
  }

  /** The address of at least `bytes` of scratch, or -1 when the heap cannot hold it. */
  get(bytes: number): number {
    if (bytes <= this.bytes) return this.ptr;
    if (this.ptr >= 0) this.heap.free(this.ptr, this.bytes);
    this.ptr = this.heap.alloc(bytes);
    this.bytes = this.ptr < 0 ? 0 : bytes;
    return this.ptr;
  }
}

/**
 * Operands that do not live in the heap, copied into one block of it for a kernel call. A call
 * reserves what it needs with {@link begin}, then places each operand; the block is kept and
 * reused, growing to the largest call seen, so a steady state allocates nothing.
 */
export class Staging {
  private readonly block: Scratch;
  private next = 0;

  constructor(private readonly heap: WasmHeap) {
    this.block = new Scratch(heap);
  }

  /** Makes room for `bytes` of operands (each rounded to 64); false when the heap cannot. */
  begin(bytes: number): boolean {
    // Nothing to stage (every operand lives in the heap): no block needed.
    if (bytes === 0) return true;
    this.next = this.block.get(bytes);
    return this.next >= 0;
  }

  /** The address of `data` for a kernel: its own in the heap, else a copy's. */
  input(data: Float32Array): number {
    const own = this.heap.addressOf(data);
    if (own >= 0) return own;
    const at = this.take(data.length);
    this.heap.f32().set(data, at >> 2);
    return at;
  }

  /** The address a kernel writes `out` to: its own in the heap, else a block to copy back with {@link output}. */
  outputAddress(out: Float32Array): number {
    const own = this.heap.addressOf(out);
    return own >= 0 ? own : this.take(out.length);
  }

  /** Copies a kernel's result back into `out` when it was written elsewhere. */
  output(out: Float32Array, at: number): void {
    if (this.heap.addressOf(out) === at && at >= 0) return;
    out.set(this.heap.f32().subarray(at >> 2, (at >> 2) + out.length));
  }

  private take(n: number): number {
    const at = this.next;
    this.next += Math.ceil((n * 4) / 64) * 64;
    return at;
  }
}

/** Bytes {@link Staging.begin} needs for operands of these lengths (in floats). */
export function stagedBytes(...lengths: number[]): number {
  let bytes = 0;
  for (const n of lengths) bytes += Math.ceil((n * 4) / 64) * 64;
  return bytes;
}

/** undefined: not made yet; null: no WebAssembly SIMD here. */
let theHeap: WasmHeap | null | undefined;

/** Bytes the engine's heap has grown to (0 before it is made, or where there is none): what tensors living there take. */
export function wasmHeapBytes(): number {
  return theHeap?.byteLength ?? 0;
}

/**
 * The engine's heap, made on first use: shared where SharedArrayBuffer exists, unshared
 * elsewhere; null where WebAssembly or its SIMD is missing (the kernels all use v128), and the
 * TypeScript kernels run instead.
 */
export function wasmHeap(probe: ModuleSource): WasmHeap | null {
  if (theHeap !== undefined) return theHeap;
  theHeap = null;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return null;
  // A page that is not cross-origin isolated may still make a shared memory (Chromium allows
  // it) but cannot send it to a worker; and its SharedArrayBuffer global is gone. Node has no
  // such flag and always shares.
  const shared = typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
  try {
    if (!wasm.validate(decodeBase64(shared ? probe.shared : probe.plain))) return null;
    theHeap = new WasmHeap(wasm, shared);
  } catch {
    theHeap = null;
  }
  return theHeap;
}

/**
 * A loader for a module of kernels on tensors in the shared heap: made on first call, by `make`
 * from the module's exports; null where there is no shared heap (an unshared one would need
 * every operand copied in and out, which costs about what TypeScript takes for such an op) or
 * the module fails to instantiate. The kernels then decline and TypeScript runs.
 */
export function sharedKernels<T>(source: ModuleSource, make: (exports: Record<string, unknown>, heap: WasmHeap) => T): () => T | null {
  let loaded: T | null | undefined;
  return () => {
    if (loaded !== undefined) return loaded;
    loaded = null;
    const heap = wasmHeap(source);
    if (heap === null || !heap.shared) return null;
    try {
      loaded = make(heap.instantiate(source) as Record<string, unknown>, heap);
    } catch {
      loaded = null;
    }
    return loaded;
  };
}
