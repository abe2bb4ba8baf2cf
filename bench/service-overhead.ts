/**
 * `npx tsx bench/service-overhead.ts [example] [steps]`: the editor worker's
 * training loop (EngineService, with the panel's visuals wanted and every
 * message structured-cloned as postMessage would) against Trainer.run, in one
 * Node process, alternating; both timed over the second half of the steps.
 * It isolates the loop's own cost (slices, reports, visuals, diagnostics)
 * from the browser's. Per-part times come from wrapping the service's steps.
 */
import { createCpuBackend } from '../core/backend/cpu/cpu-backend.js';
import { loadDatasetProvider } from '../core/cli/digits-loader.js';
import { loadGraphText } from '../core/graph/load.js';
import type { GraphDoc } from '../core/graph/types.js';
import { EngineService } from '../core/studio/engine-service.js';
import { trainingConfig } from '../core/train/config.js';
import { createTrainer } from '../core/train/trainer.js';
import { exampleText } from '../test/examples/example-helpers.js';

const name = process.argv[2] ?? 'xor-mlp';
const steps = Number(process.argv[3] ?? 100_000);
const r = loadGraphText(exampleText(name));
if (!r.ok) throw new Error('bad example');
const doc: GraphDoc = { ...r.doc, training: { ...r.doc.training, epochs: 1_000_000, steps } };
const provider = await loadDatasetProvider(trainingConfig(doc.training).dataset);

async function cli(): Promise<number> {
  const t = createTrainer(doc, createCpuBackend(), provider);
  const half = Math.floor(steps / 2);
  await t.run({ steps: half });
  const t0 = performance.now();
  await t.run({ steps });
  const ms = performance.now() - t0;
  t.dispose();
  return ((steps - half) * 1000) / ms;
}

async function service(): Promise<{ rate: number; reports: number; visuals: number; bytes: number }> {
  const s = new EngineService({ loadDigitsRaw: async () => provider.digitsRaw ?? [] });
  let mid: { t: number; step: number } | undefined;
  let last = { t: 0, step: 0 };
  let reports = 0;
  let visuals = 0;
  let bytes = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  s.subscribe(
    (p) => {
      reports++;
      const c = structuredClone(p);
      bytes += c.points.step.length * 24 + c.records.length * 64;
      const now = performance.now();
      if (p.phase === 'running' || p.phase === 'done') last = { t: now, step: p.step };
      if (!mid && p.step >= steps / 2) mid = { t: now, step: p.step };
      if (p.phase === 'done' || p.phase === 'error') done();
    },
    (v) => {
      visuals++;
      structuredClone(v);
    },
  );
  await s.setDocument(doc);
  await s.setVisualsWanted({ boundary: true, predictions: true, diagnostics: true });
  await s.start();
  await finished;
  if (!mid) throw new Error('no mid');
  return { rate: ((last.step - mid.step) * 1000) / (last.t - mid.t), reports, visuals, bytes };
}

for (let i = 0; i < 3; i++) {
  const a = await cli();
  const b = await service();
  console.log(`${name} ${steps}: cli ${a.toFixed(0)}/s, service ${b.rate.toFixed(0)}/s, ratio ${(b.rate / a).toFixed(2)}; ${b.reports} reports, ${b.visuals} visuals, ~${(b.bytes / 1e6).toFixed(1)} MB of points and records`);
}
