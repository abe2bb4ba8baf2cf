/**
 * `npm run bench`: ours against TensorFlow.js in one process (tfjs-backend-cpu,
 * and tfjs-backend-wasm single-threaded). Prints the matmul table (square, and
 * the transposed products of a dense layer's backward pass), the training-step
 * table (the MLP 784-256-10, the spiral net 2-100-3 and a small conv net,
 * against each tfjs backend), `bpstudio train` on the digits example run as a
 * separate process, the trainer's overhead, memory, forward and backward of
 * f = (x + y) z; then the same workloads in a cross-origin-isolated Chromium
 * worker (./chromium-cpu.ts), where tfjs-wasm also runs on threads, and ours
 * with them; and a line saying when and on what machine the figures were
 * taken. Writes them all to bench/results.json and into the README's results
 * section.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { BACKWARD_CASES, benchMatmul, type MatmulRow, squareCase } from './matmul-bench.js';
import { benchCliTrain } from './cli-train.js';
import { benchConvStep, CONV_WORKLOAD, tfjsConvUnsupported } from './conv-step.js';
import { benchAddMul } from './add-mul-step.js';
import { benchMemory } from './memory.js';
import { type AllocationRow, benchAllocation } from './allocation.js';
import { benchMlpStep, MLP, SPIRAL } from './mlp-step.js';
import { benchTrainStep } from './train-step.js';
import { chromiumCpuRows, chromiumCpuTable } from './chromium-cpu.js';
import { createCpuBackend } from '../core/backend/cpu/cpu-backend.js';
import { defaultThreadWorkers } from '../core/backend/cpu/wasm/threads.js';
import { matmulLabel, type StepResult, withResults, type BenchResults } from './results.js';
import { CLOCK } from './measure.js';
import { initTfjsWasm } from './tfjs-wasm.js';

const pad = (s: string, w: number) => s.padStart(w);
const fix = (x: number, d: number) => x.toFixed(d);

function printMatmul(rows: readonly MatmulRow[]): void {
  console.log('matmul, float32 (GFLOP/s, median); ours-ts timed against tfjs-cpu, ours-wasm (one thread, then on threads) against tfjs-wasm (single-threaded)');
  const head = ['product', 'ours-ts', 'tfjs-cpu', 'ts/cpu', 'ours-wasm', 'tfjs-wasm', 'wasm/wasm', 'threaded', 'thr/wasm', 'reps', 'max|diff|'];
  const widths = [34, 8, 9, 8, 10, 10, 10, 12, 9, 5, 10];
  console.log(head.map((h, i) => pad(h, widths[i])).join(' '));
  for (const r of rows) {
    const cells = [
      matmulLabel(r),
      fix(r.tsGflops, 2),
      fix(r.tfjsCpuGflops, 2),
      `${fix(r.tsGflops / r.tfjsCpuGflops, 2)}x`,
      fix(r.wasmGflops, 2),
      fix(r.tfjsWasmGflops, 2),
      `${fix(r.wasmGflops / r.tfjsWasmGflops, 2)}x`,
      r.threaded ? `${fix(r.threaded.gflops, 2)} (${r.threaded.threads}t)` : '-',
      r.threaded ? `${fix(r.threaded.gflops / r.threaded.tfjsWasmGflops, 2)}x` : '-',
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

  // Our thread pool started before anything is timed (it starts in the background): our rows are
  // single-threaded against single-threaded tfjs, plus rows on threads where processors allow.
  const workers = defaultThreadWorkers();
  if (workers > 0 && !(await createCpuBackend({ threads: workers }).threadPool?.started())) throw new Error('the CPU backend\'s worker threads did not start');
  const sizes = (process.env['BENCH_MATMUL_SIZES'] ?? '128,256,512,1024').split(',').map(Number);
  const rows: MatmulRow[] = [];
  for (const c of [...sizes.map(squareCase), ...BACKWARD_CASES]) rows.push(await benchMatmul(c, workers));
  printMatmul(rows);

  // BENCH_MATMUL_ONLY=1 (and BENCH_MATMUL_SIZES=256,512) for a quick look at the kernels.
  const steps: StepResult[] = [];
  let addMul: BenchResults['addMul'];
  let trainer: BenchResults['trainer'];
  let cliTrain: BenchResults['cliTrain'];
  let memory: BenchResults['memory'];
  let allocation: AllocationRow[] | undefined;
  if (!process.env['BENCH_MATMUL_ONLY']) {
    console.log('');
    console.log('Training step, sgd (ms per step, median); ours timed against each tfjs backend in turn');
    const loss = (l: readonly [number, number]) => `${fix(l[0], 3)} -> ${fix(l[1], 3)}`;
    console.log(`${pad('workload', 42)} ${pad('tfjs', 5)} ${pad('ours', 9)} ${pad('tfjs', 9)} ${pad('tfjs/ours', 10)} ${pad('reps', 5)}  loss first -> last (ours | tfjs)`);
    const single = { threads: 0 };
    const workloads: [string, () => ReturnType<typeof benchConvStep>, readonly ('cpu' | 'wasm')[]][] = [
      ['MLP 784-256-10, batch 128', () => benchMlpStep(MLP, undefined, single), ['cpu', 'wasm']],
      ['spiral 2-100-3, 300 points', () => benchMlpStep(SPIRAL, undefined, single), ['cpu', 'wasm']],
      [CONV_WORKLOAD, benchConvStep, ['cpu', 'wasm']],
    ];
    if (workers > 0) workloads.push([`MLP 784-256-10, batch 128, ours on ${workers + 1} threads`, () => benchMlpStep(MLP, undefined, { threads: workers }), ['wasm']]);
    for (const [workload, bench, peers] of workloads) {
      for (const peer of peers) {
        await tf.setBackend(peer);
        const unsupported = workload === CONV_WORKLOAD ? tfjsConvUnsupported() : undefined;
        if (unsupported) {
          steps.push({ workload, peer: `tfjs-${peer}`, unsupported });
          console.log(`${pad(workload, 42)} ${pad(peer, 5)}  not run: ${unsupported}`);
          continue;
        }
        const r = bench();
        steps.push({ workload, peer: `tfjs-${peer}`, oursMs: r.oursMs, peerMs: r.peerMs, reps: r.reps, oursLoss: r.oursLoss, peerLoss: r.peerLoss });
        console.log(`${pad(workload, 42)} ${pad(peer, 5)} ${pad(fix(r.oursMs, 3), 9)} ${pad(fix(r.peerMs, 3), 9)} ${pad(`${fix(r.peerMs / r.oursMs, 2)}x`, 10)} ${pad(String(r.reps), 5)}  ${loss(r.oursLoss)} | ${loss(r.peerLoss)}`);
      }
    }
    await tf.setBackend('cpu');
    // The same MLP step as `bpstudio train` takes it (Trainer.run on 28x28 digits), against the engine alone.
    const ts = await benchTrainStep(60);
    const wasmMlp = steps.find((r) => r.workload === 'MLP 784-256-10, batch 128' && r.peer === 'tfjs-wasm');
    trainer = { trainerMs: ts.trainerMs, engineMs: ts.engineMs, tfjsWasmMs: wasmMlp && 'peerMs' in wasmMlp ? wasmMlp.peerMs : NaN };
    console.log('');
    console.log(`MLP step through Trainer.run (bpstudio train): ${fix(ts.trainerMs, 3)} ms, the engine alone ${fix(ts.engineMs, 3)} ms (trainer / engine ${fix(ts.trainerMs / ts.engineMs, 2)}); tfjs-wasm's step above ${fix(trainer.tfjsWasmMs, 3)} ms (${fix(trainer.tfjsWasmMs / ts.trainerMs, 2)}x ours through the trainer)`);
    cliTrain = await benchCliTrain();
    const c = cliTrain;
    console.log('');
    console.log(`bpstudio train ${c.file}, the whole process (median of ${c.runs} alternating runs): ${c.steps[0]} steps ${fix(c.wallMs[0] / 1000, 2)} s wall, ${fix(c.cpuMs[0] / 1000, 2)} s CPU; ${c.steps[1]} steps ${fix(c.wallMs[1] / 1000, 2)} s wall, ${fix(c.cpuMs[1] / 1000, 2)} s CPU (loss ${loss(c.loss)}, val accuracy ${fix(c.valAccuracy * 100, 1)}%)`);
    console.log(`  per step (${CLOCK} clock): ${fix(c.msPerStep, 3)} ms over the whole ${c.steps[1]}-step process, ${fix(c.marginalMsPerStep, 3)} ms each past the first ${c.steps[0]}; the same step in process: ours ${fix(c.engineMs, 3)} ms, tfjs-wasm ${fix(c.tfjsWasmMs, 3)} ms (${c.peerWorkload}; loss ${loss(c.engineLoss)} | ${loss(c.peerLoss)})`);
    console.log(`  tfjs-wasm step / bpstudio train per step: ${fix(c.tfjsWasmMs / c.msPerStep, 2)}x whole process, ${fix(c.tfjsWasmMs / c.marginalMsPerStep, 2)}x past the first ${c.steps[0]}`);
    const mem = await benchMemory(MLP);
    memory = mem;
    console.log('');
    console.log(`memory over ${mem.steps} MLP steps, after a 100-step warm-up: WebAssembly heap ${fix(mem.wasmHeapMb, 2)} MB (ends at ${fix(mem.wasmHeapEndMb, 1)} MB), typed-array storage ${fix(mem.arrayBuffersMb, 2)} MB (ends at ${fix(mem.arrayBuffersEndMb, 1)} MB), JS heap ${fix(mem.heapMb, 2)} MB, resident ${fix(mem.rssMb, 2)} MB`);
    allocation = await benchAllocation();
    console.log('');
    console.log('A steady-state step, replayed against the same engine running its ops one by one: bytes allocated in the JS heap per step by the engine alone and by Trainer.step (medians), ms per Trainer.step (median)');
    for (const a of allocation) {
      console.log(`  ${pad(a.workload, 50)} ${pad(String(a.kernels), 3)} kernels: engine ${pad(String(a.engineBytes), 6)} B, trainer step ${pad(String(a.replayedBytes), 6)} B replayed, ${pad(String(a.opByOpBytes), 7)} B op by op; ${fix(a.replayedMs, 3)} ms against ${fix(a.opByOpMs, 3)} ms (${fix(a.opByOpMs / a.replayedMs, 2)}x)`);
    }
    const am = benchAddMul(readFileSync(new URL('../assets/examples/add-mul.bpgraph', import.meta.url), 'utf8'));
    addMul = { oursUs: am.oursUs, peerUs: am.peerUs, peer: 'tfjs-cpu' };
    console.log('');
    console.log(`f = (x + y) z forward and backward: ours ${fix(am.oursUs, 2)} µs, tfjs-cpu tf.grads ${fix(am.peerUs, 2)} µs; gradients ${am.ours.join(', ')} | ${am.peer.join(', ')}`);
  }
  // The same workloads in Chromium (BENCH_NO_CHROMIUM=1 leaves them out), where tfjs-wasm has threads.
  let chromium: BenchResults['chromium'];
  if (!process.env['BENCH_NO_CHROMIUM']) {
    console.log('');
    console.log('In Chromium, a dedicated worker of a cross-origin-isolated page per pairing:');
    chromium = await chromiumCpuRows({ sizes, steps: !process.env['BENCH_MATMUL_ONLY'], log: (line) => console.log(`  ${line}`) });
    console.log('skipped' in chromium ? `Chromium: skipped: ${chromium.skipped}` : chromiumCpuTable(chromium));
  }

  console.log('');
  const cpus = os.cpus();
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`${new Date().toISOString()}  ${cpus[0]?.model ?? 'unknown cpu'}, ${cpus.length} cores (load ${load}), node ${process.version}, tfjs ${tf.version_core}, ${CLOCK} clock, ${secs} s`);
  const results: BenchResults = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
    machine: `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, load ${load}`,
    node: process.version.slice(1),
    tfjs: tf.version_core,
    clock: CLOCK,
    matmul: rows,
    steps,
    ...(addMul && { addMul }),
    ...(trainer && { trainer }),
    ...(cliTrain && { cliTrain }),
    ...(memory && { memory }),
    ...(allocation && { allocation }),
    ...(chromium && { chromium }),
  };
  // A partial run (BENCH_MATMUL_ONLY, other sizes, no Chromium) is printed only: the file and the README keep the full one.
  if (process.env['BENCH_MATMUL_ONLY'] || process.env['BENCH_MATMUL_SIZES'] || process.env['BENCH_NO_CHROMIUM']) return;
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  const readme = new URL('../README.md', import.meta.url);
  writeFileSync(readme, withResults(readFileSync(readme, 'utf8'), results));
  console.log('wrote bench/results.json and the README\'s results section');
}

await main();
