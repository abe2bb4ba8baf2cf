/**
 * Where the WebAssembly matmul starts to beat the TypeScript one (float32): both kernels on the
 * same small shapes, timed alternately. Sets MIN_MACS in core/backend/cpu/wasm/matmul.ts.
 * Run: npx tsx bench/matmul-crossover.ts
 */
import { matmul } from '../core/backend/cpu/matmul.js';
import { matmulWasm } from '../core/backend/cpu/wasm/matmul.js';
import { Rng } from '../core/tensor/random.js';
import { measurePair } from './measure.js';

/** n x k x m: squares, then the shapes of small networks' forward and backward passes. */
const SHAPES: readonly (readonly [number, number, number])[] = [
  [2, 2, 2], [4, 4, 4], [6, 6, 6], [4, 8, 8], [8, 8, 4], [8, 8, 8], [12, 12, 12], [16, 16, 16], [24, 24, 24], [32, 32, 32], [64, 64, 64],
  [4, 2, 8], [4, 8, 1], // XOR 2-8-1, batch 4
  [300, 2, 100], [300, 100, 3], [100, 300, 3], // spiral 2-100-3, full batch
  [32, 16, 16], [16, 32, 16], [64, 8, 8],
];

function random(n: number, rng: Rng): Float32Array {
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = rng.uniform(-1, 1);
  return d;
}

const rng = new Rng(1);
console.log('n x k x m          macs     ts µs   wasm µs   ts/wasm');
for (const [n, k, m] of SHAPES) {
  const a = random(n * k, rng);
  const b = random(k * m, rng);
  const out = new Float32Array(n * m);
  const t = measurePair(
    () => matmul(a, [n, k], b, [k, m], false, false, out),
    () => matmulWasm(a, [n, k], b, [k, m], false, false, out),
    { warmup: 2000, minReps: 20001, maxReps: 20001, budgetMs: 0 },
  );
  const row = [`${n} x ${k} x ${m}`.padEnd(14), String(n * k * m).padStart(9), (t.oursMs * 1e3).toFixed(2).padStart(9), (t.peerMs * 1e3).toFixed(2).padStart(9), `${(t.oursMs / t.peerMs).toFixed(2)}x`.padStart(9)];
  console.log(row.join(' '));
}
