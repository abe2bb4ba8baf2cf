/** The MNIST digits: the real package data through the Node loader, and digitsFromRaw. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetProvider, loadMnistRaw } from '../../core/cli/digits-loader.js';
import { type Dataset, DatasetError, classCounts } from '../../core/data/dataset.js';
import { digitsFromRaw } from '../../core/data/digits.js';
import { makeDataset } from '../../core/data/make-dataset.js';

const PIXELS = 784;
let raw: Float32Array[];

beforeAll(async () => {
  raw = await loadMnistRaw();
});

/** The row of `ds` holding the first (only) image of class c, when samples is 1. */
function rowOf(ds: Dataset, c: number): Float32Array {
  const i = ds.labels.indexOf(c);
  const d = ds.features.shape[1];
  return ds.features.data.subarray(i * d, (i + 1) * d) as Float32Array;
}

function meanBlocks(img: ArrayLike<number>, side: number): number[] {
  const half = side / 2;
  const out: number[] = [];
  for (let y = 0; y < half; y++) {
    for (let x = 0; x < half; x++) {
      const at = (yy: number, xx: number) => img[yy * side + xx];
      out.push((at(2 * y, 2 * x) + at(2 * y, 2 * x + 1) + at(2 * y + 1, 2 * x) + at(2 * y + 1, 2 * x + 1)) / 4);
    }
  }
  return out;
}

describe('loadMnistRaw', () => {
  it('reads 10 classes of about 1000 28x28 images with pixels in [0, 1]', () => {
    expect(raw).toHaveLength(10);
    for (const pixels of raw) {
      expect(pixels.length % PIXELS).toBe(0);
      const n = pixels.length / PIXELS;
      expect(n).toBeGreaterThan(800);
      expect(n).toBeLessThan(1200);
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of pixels) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      expect(lo).toBe(0);
      expect(hi).toBe(1);
    }
  });

  it('reads once per process', async () => {
    expect(await loadMnistRaw()).toBe(raw);
    expect(await loadDatasetProvider({ name: 'digits' })).toEqual({ digitsRaw: raw });
    expect(await loadDatasetProvider({ name: 'moons' })).toEqual({});
  });
});

describe('digitsFromRaw on the real data', () => {
  it('takes every image at full size, shuffled, ten named classes', () => {
    const ds = digitsFromRaw(raw, { size: 28, seed: 1 });
    const perClass = raw.map((p) => p.length / PIXELS);
    const n = perClass.reduce((a, b) => a + b, 0);
    expect(n).toBeGreaterThan(9000);
    expect(ds.features.shape).toEqual([n, PIXELS]);
    expect(ds.sampleShape).toEqual([1, 28, 28]);
    expect(ds.numClasses).toBe(10);
    expect(ds.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(classCounts(ds)).toEqual(perClass);
    expect(Array.from(ds.labels.subarray(0, 50)).every((y) => y === 0)).toBe(false);
  });

  it('a 1 lights fewer pixels than an 8 on average', () => {
    const ds = digitsFromRaw(raw, { size: 28, samples: 300, seed: 0 });
    const lit = [0, 0];
    for (let i = 0; i < ds.labels.length; i++) {
      const slot = ds.labels[i] === 1 ? 0 : ds.labels[i] === 8 ? 1 : -1;
      if (slot < 0) continue;
      for (let p = 0; p < PIXELS; p++) if (ds.features.data[i * PIXELS + p] > 0.5) lit[slot]++;
    }
    expect(lit[0] / 300).toBeLessThan(lit[1] / 300);
  });

  it('pools 28 -> 14 by the mean of 2x2 blocks and 14 -> 7 likewise', () => {
    const d28 = digitsFromRaw(raw, { size: 28, samples: 1, seed: 2 });
    const d14 = digitsFromRaw(raw, { size: 14, samples: 1, seed: 2 });
    const d7 = digitsFromRaw(raw, { size: 7, samples: 1, seed: 2 });
    expect(d14.features.shape).toEqual([10, 196]);
    expect(d14.sampleShape).toEqual([1, 14, 14]);
    expect(d7.features.shape).toEqual([10, 49]);
    for (let c = 0; c < 10; c++) {
      expect(Array.from(rowOf(d28, c))).toEqual(Array.from(raw[c].subarray(0, PIXELS)));
      const want14 = meanBlocks(raw[c].subarray(0, PIXELS), 28);
      rowOf(d14, c).forEach((v, i) => expect(v).toBeCloseTo(want14[i], 6));
      const want7 = meanBlocks(rowOf(d14, c), 14);
      rowOf(d7, c).forEach((v, i) => expect(v).toBeCloseTo(want7[i], 6));
    }
  });

  it('caps each class at the first `samples` images', () => {
    const ds = digitsFromRaw(raw, { size: 28, samples: 3, seed: 4 });
    expect(classCounts(ds)).toEqual(new Array(10).fill(3));
    for (let i = 0; i < 30; i++) {
      const c = ds.labels[i];
      const row = Array.from(ds.features.data.subarray(i * PIXELS, (i + 1) * PIXELS));
      const matches = [0, 1, 2].filter((k) => row.every((v, p) => v === raw[c][k * PIXELS + p]));
      expect(matches).toHaveLength(1);
    }
  });

  it('is reproducible from the seed, and another seed reorders', () => {
    const a = digitsFromRaw(raw, { size: 7, samples: 50, seed: 8 });
    const b = digitsFromRaw(raw, { size: 7, samples: 50, seed: 8 });
    const c = digitsFromRaw(raw, { size: 7, samples: 50, seed: 9 });
    expect(Buffer.from(a.features.data.buffer).equals(Buffer.from(b.features.data.buffer))).toBe(true);
    expect(a.labels).toEqual(b.labels);
    expect(a.labels).not.toEqual(c.labels);
  });

  it('is what makeDataset gives with the provider', () => {
    const ds = makeDataset({ name: 'digits', size: 7, samples: 20, seed: 3 }, { digitsRaw: raw });
    expect(ds.features.data).toEqual(digitsFromRaw(raw, { size: 7, samples: 20, seed: 3 }).features.data);
    expect(ds.features.shape).toEqual([200, 49]);
  });
});

describe('digitsFromRaw input checks', () => {
  const blank = () => Array.from({ length: 10 }, () => new Float32Array(PIXELS));

  it('wants ten classes of whole 28x28 images with pixels in [0, 1]', () => {
    expect(() => digitsFromRaw(blank().slice(0, 9), { size: 14, seed: 0 })).toThrow(
      new DatasetError('dataset digits: expected raw data for 10 classes, got 9'),
    );
    const short = blank();
    short[4] = new Float32Array(700);
    expect(() => digitsFromRaw(short, { size: 14, seed: 0 })).toThrow('dataset digits: class 4 has 700 values, not a positive multiple of 784 (28x28)');
    const bright = blank();
    bright[2][5] = 255;
    expect(() => digitsFromRaw(bright, { size: 7, seed: 0 })).toThrow('dataset digits: class 2 image 0 has pixel value 255; pixels must be in [0, 1]');
    expect(() => digitsFromRaw(blank(), { size: 10 as 14, seed: 0 })).toThrow('dataset digits: size must be one of 28, 14, 7');
  });
});
