/**
 * `npm run bench:cli`: the command line's start-up and its training step, each against a peer
 * measured in the same run (the ratios carry across machines).
 *
 * Start-up: `bpstudio validate assets/examples/add-mul.bpgraph` from the build (dist/cli, built
 * here first) and from the sources through tsx, against `node -e 0`; alternating, 7 runs each,
 * medians. Training: ms per step of Trainer.run (what `bpstudio train` runs) against the engine
 * alone (bench/train-step.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';
import { benchTrainStep } from './train-step.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 7;
const validate = [path.join(ROOT, 'bin', 'bpstudio.mjs'), 'validate', path.join(ROOT, 'assets/examples/add-mul.bpgraph')];

execFileSync(process.execPath, [path.join(ROOT, 'bin', 'build-cli.mjs')], { stdio: 'inherit' });
const sides = {
  'node -e 0': { args: ['-e', '0'], env: process.env },
  'bpstudio validate (build)': { args: validate, env: process.env },
  'bpstudio validate (sources, tsx)': { args: validate, env: { ...process.env, BPSTUDIO_FROM_SOURCE: '1' } },
};
const times = new Map<string, number[]>(Object.keys(sides).map((k) => [k, []]));
for (let i = 0; i < RUNS; i++) {
  for (const [name, { args, env }] of Object.entries(sides)) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { env });
    if (r.status !== 0) throw new Error(`${name}: exit ${r.status}: ${r.stderr}`);
    times.get(name)?.push(performance.now() - t0);
  }
}
const base = median(times.get('node -e 0') ?? []);
console.log(`${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), Node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`);
console.log(`\nStart-up, median of ${RUNS} alternating runs`);
console.log('| command | wall | / node -e 0 |');
console.log('|---|---|---|');
for (const [name, ts] of times) console.log(`| ${name} | ${median(ts).toFixed(0)} ms | ${(median(ts) / base).toFixed(2)} |`);

const row = await benchTrainStep();
console.log(`\nTraining step, MLP 784-256-10, batch 128, sgd (median of ${row.steps} alternating steps)`);
console.log('| Trainer.run (bpstudio train) | engine alone (Session + Optimizer) | trainer / engine |');
console.log('|---|---|---|');
console.log(`| ${row.trainerMs.toFixed(1)} ms | ${row.engineMs.toFixed(1)} ms | ${(row.trainerMs / row.engineMs).toFixed(2)} |`);
console.log(`epoch-end measure (eval over the ${row.trainRows} training rows, once per ${row.stepsPerEpoch} steps): ${row.measureMs.toFixed(0)} ms, ${(row.measureMs / row.stepsPerEpoch).toFixed(1)} ms a step amortised`);
