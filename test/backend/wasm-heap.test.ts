/**
 * The WebAssembly heap's allocator (core/backend/cpu/wasm/heap.ts): blocks are aligned and
 * disjoint, freed blocks merge and are reused, views made before the shared memory grows stay
 * valid, and tensor storage comes back zeroed even from a reused block.
 */
import { describe, expect, it } from 'vitest';
import { PAGE, WasmHeap, type WasmApi } from '../../core/backend/cpu/wasm/heap.js';

const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

describe('the WebAssembly heap', () => {
  it('hands out aligned, disjoint blocks, and reuses and merges freed ones', () => {
    const heap = new WasmHeap(wasm, true);
    const a = heap.alloc(100);
    const b = heap.alloc(1000);
    const c = heap.alloc(10);
    for (const p of [a, b, c]) expect(p % 64).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 128);
    expect(c).toBeGreaterThanOrEqual(b + 1024);
    heap.free(a, 100);
    heap.free(b, 1000);
    // a and b merged: a block of both fits where a was.
    expect(heap.alloc(1100)).toBe(a);
    heap.free(c, 10);
    // c was the top block: freeing it lowers the top, so the next block starts there.
    expect(heap.alloc(64)).toBe(c);
  });

  it('grows the memory on demand, and views made before stay valid', () => {
    const heap = new WasmHeap(wasm, true);
    const before = heap.tensorArray(1000);
    expect(before).not.toBeNull();
    before!.fill(7);
    const size = heap.byteLength;
    const big = heap.tensorArray(size / 4);
    expect(big).not.toBeNull();
    expect(heap.byteLength).toBeGreaterThan(size);
    expect(before!.every((v) => v === 7)).toBe(true);
    expect(heap.addressOf(before!)).toBe(before!.byteOffset);
    expect(heap.addressOf(big!)).toBe(big!.byteOffset);
    expect(heap.addressOf(new Float32Array(4))).toBe(-1);
  });

  it('zeroes tensor storage made from a reused block', () => {
    const heap = new WasmHeap(wasm, true);
    const ptr = heap.alloc(4096);
    new Float32Array(heap.memory.buffer, ptr, 1024).fill(3);
    heap.free(ptr, 4096);
    const t = heap.tensorArray(1024)!;
    expect(t.byteOffset).toBe(ptr);
    expect(t.every((v) => v === 0)).toBe(true);
  });

  it('keeps tensors out of an unshared memory, whose growth would detach them', () => {
    const heap = new WasmHeap(wasm, false);
    expect(heap.tensorArray(100)).toBeNull();
    expect(heap.alloc(3 * PAGE)).toBeGreaterThan(0);
  });

  it('answers -1 past its ceiling rather than throwing', () => {
    const heap = new WasmHeap(wasm, true);
    expect(heap.alloc(2 ** 31)).toBe(-1);
    expect(heap.tensorArray(2 ** 28)).toBeNull();
  });
});
