/**
 * `npm run bench`: ours against TensorFlow.js in one process (tfjs-backend-cpu,
 * and tfjs-backend-wasm for the matmul). Prints the matmul table, the MLP
 * training-step table and a line saying when and on what machine the figures
 * were taken.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { benchMatmul, type MatmulRow } from './matmul-bench.js';
import { benchMlpStep } from './mlp-step.js';
import { CLOCK } from './measure.js';
import { initTfjsWasm } from './tfjs-wasm.js';

const pad = (s: string, w: number) => s.padStart(w);
const fix = (x: number, d: number) => x.toFixed(d);

function printMatmul(rows: readonly MatmulRow[]): void {
  console.log('matmul, square, float32 (GFLOP/s, median); ours-ts timed against tfjs-cpu, ours-wasm against tfjs-wasm (single-threaded)');
  const head = ['size', 'ours-ts', 'tfjs-cpu', 'ts/cpu', 'ours-wasm', 'tfjs-wasm', 'wasm/wasm', 'reps', 'max|diff|'];
  const widths = [6, 8, 9, 8, 10, 10, 10, 5, 10];
  console.log(head.map((h, i) => pad(h, widths[i])).join(' '));
  for (const r of rows) {
    const cells = [
      String(r.size),
      fix(r.tsGflops, 2),
      fix(r.tfjsCpuGflops, 2),
      `${fix(r.tsGflops / r.tfjsCpuGflops, 2)}x`,
      fix(r.wasmGflops, 2),
      fix(r.tfjsWasmGflops, 2),
      `${fix(r.wasmGflops / r.tfjsWasmGflops, 2)}x`,
      String(r.reps),
      r.maxDiff.toExponential(1),
    ];
    console.log(cells.map((c, i) => pad(c, widths[i])).join(' '));
  }
}

async function main(): Promise<void> {
  // Production mode only silences tfjs's warnings (in tfjs 4.22 that is all the
  // PROD flag does), here the "install tfjs-node" banner that would otherwise
  // land in the middle of the table.
  tf.enableProdMode();
  await initTfjsWasm();
  await tf.setBackend('cpu');
  await tf.ready();
  const started = Date.now();

  const sizes = (process.env['BENCH_MATMUL_SIZES'] ?? '256,512,1024').split(',').map(Number);
  const rows: MatmulRow[] = [];
  for (const size of sizes) rows.push(await benchMatmul(size));
  printMatmul(rows);

  // BENCH_MATMUL_ONLY=1 (and BENCH_MATMUL_SIZES=256,512) for a quick look at the kernels.
  if (!process.env['BENCH_MATMUL_ONLY']) {
    console.log('');
    console.log('MLP 784-256-10 training step, batch 128, sgd (ms per step, median); ours timed against each tfjs backend in turn');
    const loss = (l: readonly [number, number]) => `${fix(l[0], 3)} -> ${fix(l[1], 3)}`;
    console.log(`${pad('tfjs', 9)} ${pad('ours', 8)} ${pad('tfjs', 8)} ${pad('tfjs/ours', 10)} ${pad('reps', 5)}  loss first -> last (ours | tfjs)`);
    for (const peer of ['cpu', 'wasm']) {
      await tf.setBackend(peer);
      const mlp = benchMlpStep();
      console.log(`${pad(peer, 9)} ${pad(fix(mlp.oursMs, 2), 8)} ${pad(fix(mlp.peerMs, 2), 8)} ${pad(`${fix(mlp.peerMs / mlp.oursMs, 2)}x`, 10)} ${pad(String(mlp.reps), 5)}  ${loss(mlp.oursLoss)} | ${loss(mlp.peerLoss)}`);
    }
    await tf.setBackend('cpu');
  }

  console.log('');
  const cpus = os.cpus();
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`${new Date().toISOString()}  ${cpus[0]?.model ?? 'unknown cpu'}, ${cpus.length} cores (load ${load}), node ${process.version}, tfjs ${tf.version_core}, ${CLOCK} clock, ${secs} s`);
}

await main();
