/**
 * The counter-based generator behind dropout masks: the documented u32
 * algorithm (checked against a BigInt rendering of its text and pinned
 * vectors, which a GPU kernel must reproduce), reproducibility, keep-rate and
 * independence between draws and between neighbouring elements.
 */
import { describe, expect, it } from 'vitest';
import { counterBits, CounterRng, dropoutMask, dropoutThreshold, mix32 } from '../../core/tensor/counter-random.js';

/** The module comment's algorithm, written again with BigInt arithmetic mod 2^32. */
const M = 0xffffffffn;
const mul = (a: bigint, b: bigint) => (a * b) & M;
function mixRef(v: bigint): bigint {
  let x = v & M;
  x ^= x >> 16n;
  x = mul(x, 0x7feb352dn);
  x ^= x >> 15n;
  x = mul(x, 0x846ca68bn);
  x ^= x >> 16n;
  return x;
}
function bitsRef(s: number, c: number, i: number): number {
  const key = mixRef((mixRef(BigInt(s) ^ 0x9e3779b9n) + BigInt(c)) & M);
  return Number(mixRef((mixRef(BigInt(i) ^ key) + key) & M));
}

const kept = (m: Float64Array) => m.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);

describe('counter-based bits', () => {
  it('follow the documented u32 algorithm exactly', () => {
    for (const [s, c] of [[0, 0], [1, 7], [0xffffffff, 0xffffffff], [0x5eed, 123456]]) {
      for (const i of [0, 1, 2, 1000, 0xfffffffe]) expect(counterBits(s, c, i)).toBe(bitsRef(s, c, i));
    }
    expect(mix32(0)).toBe(0);
    expect(mix32(1)).toBe(Number(mixRef(1n)));
  });

  it('are pinned: a kernel computing them must give these', () => {
    expect([0, 1, 2, 3].map((i) => counterBits(0, 0, i))).toEqual([1716039760, 3788342329, 404341872, 1879530478]);
    expect([0, 1, 2, 3].map((i) => counterBits(42, 3, i))).toEqual([3182706558, 333206427, 1582414001, 4030961853]);
  });
});

describe('dropoutMask', () => {
  it('is the same for the same seed and counter, and differs with either', () => {
    const a = dropoutMask(7, 3, 1000, 0.5);
    expect(dropoutMask(7, 3, 1000, 0.5)).toEqual(a);
    expect(dropoutMask(7, 4, 1000, 0.5)).not.toEqual(a);
    expect(dropoutMask(8, 3, 1000, 0.5)).not.toEqual(a);
  });

  it('keeps a fraction 1 − p, scaled by 1 / (1 − p)', () => {
    const n = 1_000_000;
    for (const p of [0.1, 0.5, 0.9]) {
      const m = dropoutMask(1, 0, n, p);
      // 4 standard deviations of a binomial fraction at n = 1e6 is at most 0.002.
      expect(Math.abs(kept(m) / n - (1 - p))).toBeLessThan(0.002);
      expect(m.every((v) => v === 0 || v === 1 / (1 - p))).toBe(true);
    }
    expect(kept(dropoutMask(1, 0, 1000, 0))).toBe(1000);
  });

  it('draws independently: between counters, between seeds, and between neighbouring elements', () => {
    const n = 200_000;
    const p = 0.5;
    const a = dropoutMask(1, 0, n, p);
    for (const b of [dropoutMask(1, 1, n, p), dropoutMask(2, 0, n, p)]) {
      let both = 0;
      for (let i = 0; i < n; i++) if (a[i] !== 0 && b[i] !== 0) both++;
      expect(Math.abs(both / n - 0.25)).toBeLessThan(0.005);
    }
    let pairs = 0;
    for (let i = 0; i + 1 < n; i++) if (a[i] !== 0 && a[i + 1] !== 0) pairs++;
    expect(Math.abs(pairs / (n - 1) - 0.25)).toBeLessThan(0.005);
  });

  it('drops below a threshold of ceil(p · 2^32), clamped to a u32', () => {
    expect(dropoutThreshold(0)).toBe(0);
    expect(dropoutThreshold(0.5)).toBe(2 ** 31);
    expect(dropoutThreshold(1 - 2 ** -40)).toBe(0xffffffff);
    const m = dropoutMask(3, 9, 64, 0.25);
    m.forEach((v, i) => expect(v !== 0).toBe(counterBits(3, 9, i) >= 2 ** 30));
  });
});

describe('CounterRng', () => {
  it('hands out counters in order under one seed, wrapping at 2^32', () => {
    const r = new CounterRng(-1, 0xfffffffe);
    expect(r.seed).toBe(0xffffffff);
    expect([r.next(), r.next(), r.next()]).toEqual([0xfffffffe, 0xffffffff, 0]);
  });
});
