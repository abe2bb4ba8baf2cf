/**
 * Synthetic data for the training views' demo page (dev only): runs with
 * noisy decaying loss, a spiral with a soft nearest-neighbour boundary,
 * rendered digits, and the diagnostics of a 10-layer tanh net at three inits
 * (computed for real with core's health checks).
 */
import type { BoundaryGrid, DatasetView, Diagnostics, LayerHealth, ParamHealth, PredictionsView } from '../../core/studio/protocol.js';
import { layerHealth, norm } from '../../core/studio/health.js';
import { datasetView } from '../../core/studio/visuals.js';
import { makeSpiral } from '../../core/data/synthetic.js';
import { newRun, type RunHistory } from '../model/train-history.js';

/** A small deterministic generator, so screenshots repeat. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function demoRun(run: number, label: string, steps: number, lr0: number, dropAt: number | null, seed: number): RunHistory {
  const h = newRun(run, label);
  const r = rng(seed);
  for (let s = 1; s <= steps; s++) {
    const lr = dropAt !== null && s >= dropAt ? lr0 / 10 : lr0;
    const base = 0.05 + 1.05 * Math.exp(-s / (steps / 6)) + (dropAt !== null && s >= dropAt ? -0.02 : 0);
    h.steps.push(s);
    h.loss.push(Math.max(1e-4, base * (1 + (r() - 0.5) * 0.6) + (r() < 0.0005 ? 0.8 : 0)));
    h.lr.push(lr);
    const every = Math.max(1, Math.floor(steps / 30));
    if (s % every === 0) {
      const l = base * 0.95;
      h.records.push({ step: s, epoch: s / every, loss: l, accuracy: Math.min(1, 1 - l * 0.55), valLoss: l * 1.15 + 0.02, valAccuracy: Math.min(1, 1 - l * 0.62 - 0.02), lr });
    }
  }
  if (dropAt !== null) h.events.push({ step: dropAt, text: `optimizer.lr ${lr0} → ${lr0 / 10}` });
  h.version = 1;
  return h;
}

export function spiralView(): DatasetView {
  const train = makeSpiral({ classes: 3, pointsPerClass: 100, seed: 1 });
  const val = makeSpiral({ classes: 3, pointsPerClass: 20, seed: 7 });
  return datasetView(train, val);
}

/** Class probabilities from a soft k-nearest-neighbour vote: a plausible trained boundary. */
export function softBoundary(view: DatasetView, size = 72): BoundaryGrid {
  const f = view.shown.features;
  const lab = view.shown.labels;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of f) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const pad = (hi - lo) * 0.1;
  const [x0, x1] = [lo - pad, hi + pad];
  const K = view.numClasses;
  const values = new Float32Array(size * size * K);
  for (let j = 0; j < size; j++)
    for (let i = 0; i < size; i++) {
      const x = x0 + ((i + 0.5) / size) * (x1 - x0);
      const y = x0 + ((j + 0.5) / size) * (x1 - x0);
      const score = new Array<number>(K).fill(0);
      for (let p = 0; p < lab.length; p++) score[lab[p]] += Math.exp(-((f[2 * p] - x) ** 2 + (f[2 * p + 1] - y) ** 2) / 0.006);
      const s = score.reduce((a, b) => a + b, 0) + 1e-3;
      for (let c = 0; c < K; c++) values[(j * size + i) * K + c] = (score[c] + 1e-3 / K) / s;
    }
  return { step: 1200, size, x0, x1, y0: x0, y1: x1, classes: K, kind: 'probability', values };
}

/** 40 digits drawn with the system font at 14 × 14, slightly jittered, as a digits DatasetView. */
export function digitsView(): { view: DatasetView; predictions: PredictionsView } {
  const n = 40;
  const side = 14;
  const r = rng(3);
  const c = document.createElement('canvas');
  c.width = side;
  c.height = side;
  const ctx = c.getContext('2d', { willReadFrequently: true });
  const features = new Float32Array(n * side * side);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const d = i % 10;
    labels[i] = d;
    if (!ctx) continue;
    ctx.clearRect(0, 0, side, side);
    ctx.font = `bold ${12 + Math.floor(r() * 2)}px serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(d), 7 + (r() - 0.5) * 2, 8 + (r() - 0.5) * 2);
    const px = ctx.getImageData(0, 0, side, side).data;
    for (let k = 0; k < side * side; k++) features[i * side * side + k] = px[k * 4 + 3] / 255;
  }
  const view: DatasetView = { name: 'digits', numClasses: 10, classNames: Array.from({ length: 10 }, (_, k) => String(k)), sampleShape: [1, side, side], shown: { features, labels, split: new Uint8Array(n).fill(1) }, trainCount: 8000, valCount: 2000 };
  const predicted = Int32Array.from(labels, (l, i) => (i % 7 === 3 ? (l + 5) % 10 : l));
  const confusion = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 170 + Math.floor(r() * 30) : r() < 0.25 ? Math.floor(r() * 14) : 0)));
  confusion[4][9] = 31;
  confusion[7][1] = 18;
  return { view, predictions: { step: 1200, split: 'val', predicted, confusion } };
}

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

/** cs231n's experiment: 10 tanh layers, `width` wide, on unit-gaussian input; forward and backward of mean(h10). */
export function tanhNetDiagnostics(std: (fanIn: number) => number, width = 300, rows = 50): Diagnostics {
  const r = rng(11);
  let h = Float64Array.from({ length: rows * width }, () => normal(r));
  const input = h;
  const acts: Float64Array[] = [];
  const ws: Float64Array[] = [];
  for (let l = 0; l < 10; l++) {
    const s = std(width);
    const w = Float64Array.from({ length: width * width }, () => normal(r) * s);
    const z = new Float64Array(rows * width);
    for (let i = 0; i < rows; i++)
      for (let k = 0; k < width; k++) {
        const a = h[i * width + k];
        if (a === 0) continue;
        for (let j = 0; j < width; j++) z[i * width + j] += a * w[k * width + j];
      }
    h = z.map(Math.tanh);
    acts.push(h);
    ws.push(w);
  }
  // Backward of mean(h10): dh10 = 1/n, through tanh (1 - h²) and the weights (dh_{l-1} = dz W^T).
  let g = new Float64Array(rows * width).fill(1 / (rows * width));
  const layers: LayerHealth[] = [];
  const params: ParamHealth[] = [];
  for (let l = 9; l >= 0; l--) {
    const hl = acts[l];
    layers.unshift(layerHealth(`h${l + 1}`, 'tanh', [rows, width], hl, g));
    const dz = g.map((v, i) => v * (1 - hl[i] * hl[i]));
    const prev = l > 0 ? acts[l - 1] : input;
    const gw = new Float64Array(width * width);
    for (let i = 0; i < rows; i++) for (let k = 0; k < width; k++) for (let j = 0; j < width; j++) gw[k * width + j] += prev[i * width + k] * dz[i * width + j];
    params.unshift({ id: `W${l + 1}`, weightNorm: norm(ws[l]), gradNorm: norm(gw), updateRatio: null, frozen: false });
    const next = new Float64Array(rows * width);
    const w = ws[l];
    for (let i = 0; i < rows; i++) for (let k = 0; k < width; k++) {
      let s = 0;
      for (let j = 0; j < width; j++) s += dz[i * width + j] * w[k * width + j];
      next[i * width + k] = s;
    }
    g = next;
  }
  return { step: 0, params, layers };
}

/** A relu net's diagnostics over 40 probes: norms settle, updates hover near 1e-3, the second layer's ReLUs die off. */
export function reluRunDiagnostics(h: RunHistory): void {
  const r = rng(5);
  for (let t = 0; t < 40; t++) {
    const step = t * 50;
    const decay = Math.exp(-t / 15);
    const params: ParamHealth[] = ['W1', 'b1', 'W2', 'b2', 'W3'].map((id, i) => ({ id, weightNorm: 3 + i + t * 0.02, gradNorm: (0.5 + i * 0.3) * decay * (1 + (r() - 0.5) * 0.4) + 0.01, updateRatio: t === 0 ? null : (i === 1 ? 3e-2 : 1.2e-3) * decay * (1 + (r() - 0.5) * 0.8), frozen: id === 'W3' && t > 30 }));
    const layers = [0, 1].map((k) => {
      const shift = k === 1 ? -0.1 - t * 0.02 : 0.1;
      const v = Float64Array.from({ length: 64 * 16 }, (_, i) => Math.max(0, normal(r) * (1 + k) + shift * (1 + (i % 16) / 4)));
      const g = Float64Array.from({ length: 64 * 16 }, () => normal(r) * 0.02 * decay);
      return layerHealth(`h${k + 1}`, 'relu', [64, 16], v, g);
    });
    h.diagnostics.push({ step, params, layers });
  }
  h.version++;
}
