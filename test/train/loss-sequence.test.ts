/**
 * The trainer's numbers, pinned: the losses of the first 50 steps and the epoch records of three
 * examples. A change that only makes training faster must leave every one of them bit for bit as
 * it was, on each kernel path of the CPU backend:
 * - 'js' (every kernel in TypeScript): fixtures/first-50-steps.json, recorded before the training
 *   loop was made leaner;
 * - 'wasm-simd' (float32 matmuls in WebAssembly SIMD, which sums in float32 where the TypeScript
 *   kernel sums in float64, so the numbers differ in the last bits): first-50-steps-wasm-simd.json.
 *   xor-mlp's matmuls are below the WebAssembly kernel's crossover, so its numbers are the same.
 * A deliberate change to a kernel's summation order re-records the fixture of its path (and
 * says why in the commit): BPSTUDIO_RECORD_PINS=wasm-simd npx vitest run test/train/loss-sequence.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { wasmMatmulAvailable } from '../../core/backend/cpu/wasm/matmul.js';
import { loadMnistRaw } from '../../core/cli/digits-loader.js';
import { createTrainer, type EpochRecord } from '../../core/train/trainer.js';
import { countingBackend } from '../engine/counting-backend.js';
import { loadExample } from '../examples/example-helpers.js';

interface Recorded {
  readonly losses: readonly number[];
  /** The records advance() made during the 50 steps, then measureNow()'s. */
  readonly records: readonly EpochRecord[];
}

const STEPS = 50;
const EXAMPLES = ['xor-mlp', 'spiral-relu-net', 'digits-mlp'];

const PATHS = [
  { name: 'js', kernels: 'js', file: 'first-50-steps.json', available: true },
  { name: 'wasm-simd', kernels: 'auto', file: 'first-50-steps-wasm-simd.json', available: wasmMatmulAvailable() },
] as const;

for (const path of PATHS) {
  const RECORD = process.env['BPSTUDIO_RECORD_PINS'] === path.name;
  const url = new URL(`./fixtures/${path.file}`, import.meta.url);
  const fixture: Record<string, Recorded> = RECORD ? {} : (JSON.parse(readFileSync(url, 'utf8')) as Record<string, Recorded>);

  /** `async`: the backend without readSync, so run() pipelines its reads as on WebGPU. */
  async function trainer(name: string, async = false) {
    const doc = loadExample(name);
    const backend = async ? countingBackend({ async: true, kernels: path.kernels }) : createCpuBackend({ kernels: path.kernels });
    return createTrainer(doc, backend, name === 'digits-mlp' ? { digitsRaw: await loadMnistRaw() } : {});
  }

  describe.skipIf(!path.available)(`the first 50 steps are as recorded (${path.name} kernels)`, () => {
    for (const name of EXAMPLES) {
      it(`${name}: step losses and epoch records through advance`, async () => {
        const t = await trainer(name);
        try {
          const losses: number[] = [];
          const records: EpochRecord[] = [];
          for (let i = 0; i < STEPS; i++) {
            const { report, record } = await t.advance();
            losses.push(report.loss);
            if (record) records.push(record);
          }
          records.push(await t.measureNow());
          if (RECORD) {
            fixture[name] = { losses, records };
            if (Object.keys(fixture).length === EXAMPLES.length) writeFileSync(url, `${JSON.stringify(fixture, null, 1)}\n`);
            return;
          }
          // toEqual compares numbers with Object.is: the same bits, not merely close.
          expect(losses).toEqual(fixture[name].losses);
          expect(records).toEqual(fixture[name].records);
        } finally {
          t.dispose();
        }
      }, 20_000);

      it.skipIf(RECORD).each([false, true])(`${name}: the same history through run, as bpstudio train takes it (reads pipelined: %s)`, async (async) => {
        const t = await trainer(name, async);
        try {
          const losses: number[] = [];
          const { history } = await t.run({ steps: STEPS, onProgress: (p) => void (p.type === 'step' && losses.push(p.report.loss)) });
          expect(losses).toEqual(fixture[name].losses);
          // run() measures a partial last epoch itself, as measureNow did after advance(); an epoch
          // that ended on the last step was recorded already (measureNow measured it a second time).
          const recorded = fixture[name].records;
          const endedOnEpoch = recorded.length > 1 && recorded.at(-2)?.step === STEPS;
          expect(history).toEqual(endedOnEpoch ? recorded.slice(0, -1) : recorded);
        } finally {
          t.dispose();
        }
      }, 20_000);
    }
  });
}
