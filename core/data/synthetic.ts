/**
 * Two-dimensional toy datasets (xor, circles, moons, spiral, blobs). Each is a
 * pure function of its options and seed: one Rng drives every random draw, in
 * a fixed order, so the same options give the same bytes everywhere.
 */
import { Rng } from '../tensor/random.js';
import { type Dataset, type DatasetOptionSpecs, type OptionValues, SEED_OPTION, buildDataset, linspace, permutation, resolveOptions } from './dataset.js';

const MAX_SAMPLES = 100_000;
const MAX_PER_CLASS = 10_000;

export const XOR_OPTIONS = {
  samples: { type: 'int', default: 4, min: 4, max: MAX_SAMPLES, description: 'Number of points; beyond 4, copies of the corners cycle (0,0), (0,1), (1,0), (1,1).' },
  noise: { type: 'number', default: 0, min: 0, max: 1, description: 'Standard deviation of Gaussian noise added to each coordinate.' },
  seed: SEED_OPTION,
} as const satisfies DatasetOptionSpecs;

/**
 * XOR on the corners of the unit square: label = a xor b. Point i is corner i mod 4
 * in the order (0,0), (0,1), (1,0), (1,1), so the classes stay balanced; rows are not shuffled.
 */
export function makeXor(opts: OptionValues<typeof XOR_OPTIONS> = {}): Dataset {
  const o = resolveOptions('xor', XOR_OPTIONS, opts);
  const rng = new Rng(o.seed);
  const x = new Float64Array(o.samples * 2);
  const y = new Float64Array(o.samples);
  for (let i = 0; i < o.samples; i++) {
    const a = (i >> 1) & 1;
    const b = i & 1;
    x[2 * i] = a + (o.noise > 0 ? o.noise * rng.normal() : 0);
    x[2 * i + 1] = b + (o.noise > 0 ? o.noise * rng.normal() : 0);
    y[i] = a ^ b;
  }
  return buildDataset('xor', x, y, 2, [2]);
}

export const CIRCLES_OPTIONS = {
  samples: { type: 'int', default: 200, min: 2, max: MAX_SAMPLES, description: 'Total number of points (half on each circle; the inner one gets the odd one).' },
  noise: { type: 'number', default: 0.05, min: 0, max: 1, description: 'Standard deviation of Gaussian noise added to each coordinate.' },
  factor: { type: 'number', default: 0.5, min: 0, max: 0.95, description: 'Radius of the inner circle relative to the outer one (radius 1).' },
  seed: SEED_OPTION,
} as const satisfies DatasetOptionSpecs;

/**
 * scikit-learn's make_circles: `samples // 2` points evenly spaced on the unit circle
 * (label 0) and the rest on a circle of radius `factor` (label 1), shuffled, then noise added.
 */
export function makeCircles(opts: OptionValues<typeof CIRCLES_OPTIONS> = {}): Dataset {
  const o = resolveOptions('circles', CIRCLES_OPTIONS, opts);
  const nOut = Math.floor(o.samples / 2);
  const nIn = o.samples - nOut;
  const x = new Float64Array(o.samples * 2);
  const y = new Float64Array(o.samples);
  const ring = (offset: number, n: number, radius: number, label: number) => {
    for (let i = 0; i < n; i++) {
      // endpoint=False spacing, as in make_circles
      const t = (2 * Math.PI * i) / n;
      x[2 * (offset + i)] = radius * Math.cos(t);
      x[2 * (offset + i) + 1] = radius * Math.sin(t);
      y[offset + i] = label;
    }
  };
  ring(0, nOut, 1, 0);
  ring(nOut, nIn, o.factor, 1);
  return shuffledWithNoise('circles', x, y, 2, o.noise, new Rng(o.seed));
}

export const MOONS_OPTIONS = {
  samples: { type: 'int', default: 200, min: 2, max: MAX_SAMPLES, description: 'Total number of points (half in each moon; the lower one gets the odd one).' },
  noise: { type: 'number', default: 0.1, min: 0, max: 1, description: 'Standard deviation of Gaussian noise added to each coordinate.' },
  seed: SEED_OPTION,
} as const satisfies DatasetOptionSpecs;

/**
 * scikit-learn's make_moons: the upper half of the unit circle (label 0) and a lower
 * half circle centred at (1, 0.5) (label 1), shuffled, then noise added.
 */
export function makeMoons(opts: OptionValues<typeof MOONS_OPTIONS> = {}): Dataset {
  const o = resolveOptions('moons', MOONS_OPTIONS, opts);
  const nOut = Math.floor(o.samples / 2);
  const nIn = o.samples - nOut;
  const x = new Float64Array(o.samples * 2);
  const y = new Float64Array(o.samples);
  const tOut = linspace(0, Math.PI, nOut);
  for (let i = 0; i < nOut; i++) {
    x[2 * i] = Math.cos(tOut[i]);
    x[2 * i + 1] = Math.sin(tOut[i]);
  }
  const tIn = linspace(0, Math.PI, nIn);
  for (let i = 0; i < nIn; i++) {
    const r = nOut + i;
    x[2 * r] = 1 - Math.cos(tIn[i]);
    x[2 * r + 1] = 1 - Math.sin(tIn[i]) - 0.5;
    y[r] = 1;
  }
  return shuffledWithNoise('moons', x, y, 2, o.noise, new Rng(o.seed));
}

export const SPIRAL_OPTIONS = {
  classes: { type: 'int', default: 3, min: 2, max: 10, description: 'Number of arms (classes), K.' },
  pointsPerClass: { type: 'int', default: 100, min: 1, max: MAX_PER_CLASS, description: 'Points on each arm, N.' },
  noise: { type: 'number', default: 0.2, min: 0, max: 2, description: 'Standard deviation of the noise added to each angle.' },
  seed: SEED_OPTION,
} as const satisfies DatasetOptionSpecs;

/**
 * The K-class spiral of the cs231n notes: for class j, r = linspace(0, 1, N),
 * t = linspace(4j, 4(j+1), N) + noise * randn(N), x = [r sin t, r cos t].
 * Rows stay grouped by class, in that order, as in the notes.
 */
export function makeSpiral(opts: OptionValues<typeof SPIRAL_OPTIONS> = {}): Dataset {
  const o = resolveOptions('spiral', SPIRAL_OPTIONS, opts);
  const rng = new Rng(o.seed);
  const n = o.pointsPerClass;
  const x = new Float64Array(n * o.classes * 2);
  const y = new Float64Array(n * o.classes);
  const r = linspace(0, 1, n);
  for (let j = 0; j < o.classes; j++) {
    const t = linspace(j * 4, (j + 1) * 4, n);
    for (let i = 0; i < n; i++) {
      const row = j * n + i;
      const ti = t[i] + rng.normal() * o.noise;
      x[2 * row] = r[i] * Math.sin(ti);
      x[2 * row + 1] = r[i] * Math.cos(ti);
      y[row] = j;
    }
  }
  return buildDataset('spiral', x, y, o.classes, [2]);
}

export const BLOBS_OPTIONS = {
  classes: { type: 'int', default: 3, min: 2, max: 10, description: 'Number of blobs (classes).' },
  pointsPerClass: { type: 'int', default: 100, min: 1, max: MAX_PER_CLASS, description: 'Points in each blob.' },
  std: { type: 'number', default: 0.5, min: 0, max: 5, description: 'Standard deviation of each blob.' },
  spread: { type: 'number', default: 2, min: 0, max: 20, description: 'Radius of the circle the blob centres sit on.' },
  seed: SEED_OPTION,
} as const satisfies DatasetOptionSpecs;

/**
 * Isotropic Gaussian blobs. The centres are not random: class j sits at angle 2πj/K on a
 * circle of radius `spread` around the origin, so every pair of blobs is equally far
 * apart and a seed changes only the points. Rows are shuffled.
 */
export function makeBlobs(opts: OptionValues<typeof BLOBS_OPTIONS> = {}): Dataset {
  const o = resolveOptions('blobs', BLOBS_OPTIONS, opts);
  const rng = new Rng(o.seed);
  const total = o.classes * o.pointsPerClass;
  const x = new Float64Array(total * 2);
  const y = new Float64Array(total);
  for (let j = 0; j < o.classes; j++) {
    const angle = (2 * Math.PI * j) / o.classes;
    const cx = o.spread * Math.cos(angle);
    const cy = o.spread * Math.sin(angle);
    for (let i = 0; i < o.pointsPerClass; i++) {
      const row = j * o.pointsPerClass + i;
      x[2 * row] = cx + o.std * rng.normal();
      x[2 * row + 1] = cy + o.std * rng.normal();
      y[row] = j;
    }
  }
  return buildDataset('blobs', x, y, o.classes, [2], permutation(total, rng));
}

/** sklearn's order of work: shuffle the rows, then add the noise. */
function shuffledWithNoise(name: string, x: Float64Array, y: Float64Array, numClasses: number, noise: number, rng: Rng): Dataset {
  const order = permutation(y.length, rng);
  const shuffled = new Float64Array(x.length);
  for (let i = 0; i < order.length; i++) {
    shuffled[2 * i] = x[2 * order[i]] + (noise > 0 ? noise * rng.normal() : 0);
    shuffled[2 * i + 1] = x[2 * order[i] + 1] + (noise > 0 ? noise * rng.normal() : 0);
  }
  const labels = new Float64Array(y.length);
  for (let i = 0; i < order.length; i++) labels[i] = y[order[i]];
  return buildDataset(name, shuffled, labels, numClasses, [2]);
}
