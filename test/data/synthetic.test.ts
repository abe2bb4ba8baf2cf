/**
 * The 2-D generators: reproducibility, shapes, balance, and the geometry each
 * one promises (spiral formula, circle and moon radii, blob centres).
 */
import { describe, expect, it } from 'vitest';
import { type Dataset, DatasetError, classCounts } from '../../core/data/dataset.js';
import { makeBlobs, makeCircles, makeMoons, makeSpiral, makeXor } from '../../core/data/synthetic.js';

function bytes(ds: Dataset): Buffer {
  return Buffer.concat([Buffer.from(ds.features.data.buffer), Buffer.from(ds.labels.buffer)]);
}

function point(ds: Dataset, i: number): [number, number] {
  return [ds.features.data[2 * i], ds.features.data[2 * i + 1]];
}

const GENERATORS: readonly [string, (seed: number) => Dataset][] = [
  ['xor', (seed) => makeXor({ samples: 40, noise: 0.1, seed })],
  ['circles', (seed) => makeCircles({ seed })],
  ['moons', (seed) => makeMoons({ seed })],
  ['spiral', (seed) => makeSpiral({ seed })],
  ['blobs', (seed) => makeBlobs({ seed })],
];

describe.each(GENERATORS)('%s', (name, make) => {
  it('gives identical bytes for the same seed and different bytes for another', () => {
    expect(bytes(make(7)).equals(bytes(make(7)))).toBe(true);
    expect(bytes(make(7)).equals(bytes(make(8)))).toBe(false);
  });

  it('is a well-formed 2-D dataset', () => {
    const ds = make(1);
    const n = ds.labels.length;
    expect(ds.name).toBe(name);
    expect(ds.sampleShape).toEqual([2]);
    expect(ds.features.shape).toEqual([n, 2]);
    expect(ds.features.data).toBeInstanceOf(Float32Array);
    expect(ds.features.data.every(Number.isFinite)).toBe(true);
    for (const y of ds.labels) expect(Number.isInteger(y) && y >= 0 && y < ds.numClasses).toBe(true);
    expect(classCounts(ds).every((c) => c > 0)).toBe(true);
  });
});

describe('xor', () => {
  it('is the four corners labelled a xor b by default', () => {
    const ds = makeXor();
    expect(Array.from(ds.features.data)).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect(Array.from(ds.labels)).toEqual([0, 1, 1, 0]);
    expect(ds.numClasses).toBe(2);
  });

  it('draws noisy copies of the corners, balanced', () => {
    const ds = makeXor({ samples: 400, noise: 0.1, seed: 3 });
    expect(ds.features.shape).toEqual([400, 2]);
    expect(classCounts(ds)).toEqual([200, 200]);
    for (let i = 0; i < 400; i++) {
      const [x, y] = point(ds, i);
      const a = Math.round(x);
      const b = Math.round(y);
      expect(Math.abs(x - a) + Math.abs(y - b)).toBeLessThan(1);
      expect(ds.labels[i]).toBe(a ^ b);
    }
  });

  it('rejects fewer than 4 samples and negative noise', () => {
    expect(() => makeXor({ samples: 3 })).toThrow(new DatasetError('dataset xor: samples must be >= 4'));
    expect(() => makeXor({ noise: -0.1 })).toThrow('dataset xor: noise must be >= 0');
  });
});

describe('circles', () => {
  it('puts samples // 2 points on the unit circle (class 0) and the rest on radius factor (class 1), evenly spaced', () => {
    const ds = makeCircles({ samples: 201, noise: 0, factor: 0.3, seed: 5 });
    expect(classCounts(ds)).toEqual([100, 101]);
    const angles: number[][] = [[], []];
    for (let i = 0; i < 201; i++) {
      const [x, y] = point(ds, i);
      expect(Math.hypot(x, y)).toBeCloseTo(ds.labels[i] === 0 ? 1 : 0.3, 6);
      angles[ds.labels[i]].push((Math.atan2(y, x) + 2 * Math.PI) % (2 * Math.PI));
    }
    for (const a of angles) {
      a.sort((p, q) => p - q);
      for (let i = 1; i < a.length; i++) expect(a[i] - a[i - 1]).toBeCloseTo((2 * Math.PI) / a.length, 5);
    }
  });

  it('keeps the mean radius of each circle under noise', () => {
    const ds = makeCircles({ samples: 2000, noise: 0.05, seed: 2 });
    const sums = [0, 0];
    for (let i = 0; i < 2000; i++) sums[ds.labels[i]] += Math.hypot(...point(ds, i));
    expect(sums[0] / 1000).toBeCloseTo(1, 1);
    expect(sums[1] / 1000).toBeCloseTo(0.5, 1);
  });

  it('is shuffled', () => {
    const labels = Array.from(makeCircles({ samples: 100, seed: 1 }).labels);
    expect(labels.slice(0, 50)).not.toEqual(new Array(50).fill(0));
  });
});

describe('moons', () => {
  it('puts class 0 on the upper unit half circle and class 1 on the lower one centred at (1, 0.5)', () => {
    const ds = makeMoons({ samples: 101, noise: 0, seed: 4 });
    expect(classCounts(ds)).toEqual([50, 51]);
    const xs: number[][] = [[], []];
    for (let i = 0; i < 101; i++) {
      const [x, y] = point(ds, i);
      if (ds.labels[i] === 0) {
        expect(Math.hypot(x, y)).toBeCloseTo(1, 6);
        expect(y).toBeGreaterThanOrEqual(-1e-7);
      } else {
        expect(Math.hypot(x - 1, y - 0.5)).toBeCloseTo(1, 6);
        expect(y).toBeLessThanOrEqual(0.5 + 1e-7);
      }
      xs[ds.labels[i]].push(x);
    }
    // linspace(0, pi, n) includes both ends: each moon spans its full width.
    expect(Math.min(...xs[0])).toBeCloseTo(-1, 6);
    expect(Math.max(...xs[0])).toBeCloseTo(1, 6);
    expect(Math.min(...xs[1])).toBeCloseTo(0, 6);
    expect(Math.max(...xs[1])).toBeCloseTo(2, 6);
  });
});

describe('spiral', () => {
  it('follows the cs231n formula exactly when noise is 0', () => {
    const n = 50;
    const k = 4;
    const ds = makeSpiral({ classes: k, pointsPerClass: n, noise: 0 });
    expect(ds.features.shape).toEqual([n * k, 2]);
    expect(ds.numClasses).toBe(k);
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < n; i++) {
        const row = j * n + i;
        const r = i / (n - 1);
        const t = j * 4 + (4 * i) / (n - 1);
        const [x, y] = point(ds, row);
        expect(x).toBeCloseTo(r * Math.sin(t), 6);
        expect(y).toBeCloseTo(r * Math.cos(t), 6);
        expect(ds.labels[row]).toBe(j);
      }
    }
  });

  it('puts a single point per class at the origin, as linspace(0, 1, 1) = [0]', () => {
    const ds = makeSpiral({ classes: 2, pointsPerClass: 1 });
    expect(Array.from(ds.features.data, Math.abs)).toEqual([0, 0, 0, 0]);
    expect(Array.from(ds.labels)).toEqual([0, 1]);
  });

  it('perturbs only the angle: radii stay on linspace(0, 1, N)', () => {
    const ds = makeSpiral({ seed: 9 });
    expect(classCounts(ds)).toEqual([100, 100, 100]);
    let moved = 0;
    const clean = makeSpiral({ noise: 0 });
    for (let row = 0; row < 300; row++) {
      expect(Math.hypot(...point(ds, row))).toBeCloseTo((row % 100) / 99, 6);
      if (Math.abs(ds.features.data[2 * row] - clean.features.data[2 * row]) > 1e-6) moved++;
    }
    expect(moved).toBeGreaterThan(250);
  });
});

describe('blobs', () => {
  it('centres class j at angle 2 pi j / K on a circle of radius spread, with the given std', () => {
    const k = 4;
    const ds = makeBlobs({ classes: k, pointsPerClass: 500, std: 0.3, spread: 5, seed: 11 });
    expect(classCounts(ds)).toEqual([500, 500, 500, 500]);
    const sum = Array.from({ length: k }, () => [0, 0, 0]);
    for (let i = 0; i < ds.labels.length; i++) {
      const [x, y] = point(ds, i);
      const s = sum[ds.labels[i]];
      s[0] += x;
      s[1] += y;
    }
    for (let j = 0; j < k; j++) {
      expect(sum[j][0] / 500).toBeCloseTo(5 * Math.cos((2 * Math.PI * j) / k), 1);
      expect(sum[j][1] / 500).toBeCloseTo(5 * Math.sin((2 * Math.PI * j) / k), 1);
    }
    let sq = 0;
    for (let i = 0; i < ds.labels.length; i++) {
      const j = ds.labels[i];
      sq += (ds.features.data[2 * i] - 5 * Math.cos((2 * Math.PI * j) / k)) ** 2;
    }
    expect(Math.sqrt(sq / ds.labels.length)).toBeCloseTo(0.3, 1);
  });
});

describe('option checks', () => {
  it('names the dataset, the option and the rule', () => {
    expect(() => makeSpiral({ classes: 2.5 })).toThrow('dataset spiral: classes must be an integer');
    expect(() => makeBlobs({ std: Number.NaN })).toThrow('dataset blobs: std must be a finite number');
    expect(() => makeCircles({ factor: 1 })).toThrow('dataset circles: factor must be <= 0.95');
    expect(() => makeMoons({ samples: 1e9 })).toThrow('dataset moons: samples must be <= 100000');
    expect(() => makeMoons({ nosie: 1 } as Record<string, number>)).toThrow('dataset moons: unknown option "nosie" (it takes samples, noise, seed)');
    expect(() => makeMoons({ toString: 1 } as Record<string, number>)).toThrow('dataset moons: unknown option "toString"');
  });
});
