/**
 * `npm run bench`: ours against tfjs-backend-cpu in one process. Prints the
 * matmul table, the MLP training-step table and a line saying when and on
 * what machine the figures were taken.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { benchMatmul, type MatmulRow } from './matmul-bench.js';
import { benchMlpStep } from './mlp-step.js';

const pad = (s: string, w: number) => s.padStart(w);
const fix = (x: number, d: number) => x.toFixed(d);

function printMatmul(rows: readonly MatmulRow[]): void {
  console.log('matmul, square, float32 (GFLOP/s, median)');
  console.log(`${pad('size', 6)} ${pad('ours', 8)} ${pad('tfjs', 8)} ${pad('ours/tfjs', 10)} ${pad('reps', 5)} ${pad('max|diff|', 10)}`);
  for (const r of rows) {
    const cells = [pad(String(r.size), 6), pad(fix(r.oursGflops, 2), 8), pad(fix(r.peerGflops, 2), 8), pad(`${fix(r.oursGflops / r.peerGflops, 2)}x`, 10), pad(String(r.reps), 5), pad(r.maxDiff.toExponential(1), 10)];
    console.log(cells.join(' '));
  }
}

async function main(): Promise<void> {
  // Production mode only silences tfjs's warnings (in tfjs 4.22 that is all the
  // PROD flag does), here the "install tfjs-node" banner that would otherwise
  // land in the middle of the table.
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
  const started = Date.now();

  printMatmul([256, 512, 1024].map(benchMatmul));

  console.log('');
  console.log('MLP 784-256-10 training step, batch 128, sgd (ms per step, median)');
  const mlp = benchMlpStep();
  const loss = (l: readonly [number, number]) => `${fix(l[0], 3)} -> ${fix(l[1], 3)}`;
  console.log(`${pad('ours', 8)} ${pad('tfjs', 8)} ${pad('tfjs/ours', 10)} ${pad('reps', 5)}  loss first -> last (ours | tfjs)`);
  console.log(`${pad(fix(mlp.oursMs, 2), 8)} ${pad(fix(mlp.peerMs, 2), 8)} ${pad(`${fix(mlp.peerMs / mlp.oursMs, 2)}x`, 10)} ${pad(String(mlp.reps), 5)}  ${loss(mlp.oursLoss)} | ${loss(mlp.peerLoss)}`);

  console.log('');
  const cpus = os.cpus();
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`${new Date().toISOString()}  ${cpus[0]?.model ?? 'unknown cpu'}, ${cpus.length} cores, node ${process.version}, tfjs ${tf.version_core}, ${secs} s`);
}

await main();
