/**
 * The trainer's numbers, pinned: the losses of the first 50 steps and the epoch records of three
 * examples, recorded before the training loop was made leaner (fixtures/first-50-steps.json).
 * A change that only makes training faster must leave every one of them bit for bit as it was.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { loadMnistRaw } from '../../core/cli/digits-loader.js';
import { createTrainer, type EpochRecord } from '../../core/train/trainer.js';
import { countingBackend } from '../engine/counting-backend.js';
import { loadExample } from '../examples/example-helpers.js';

interface Recorded {
  readonly losses: readonly number[];
  /** The records advance() made during the 50 steps, then measureNow()'s. */
  readonly records: readonly EpochRecord[];
}

const FIXTURE = JSON.parse(readFileSync(new URL('./fixtures/first-50-steps.json', import.meta.url), 'utf8')) as Record<string, Recorded>;
const STEPS = 50;

/** `async`: the CPU backend without readSync, so run() pipelines its reads as on WebGPU. */
async function trainer(name: string, async = false) {
  const doc = loadExample(name);
  const backend = async ? countingBackend({ async: true }) : createCpuBackend();
  return createTrainer(doc, backend, name === 'digits-mlp' ? { digitsRaw: await loadMnistRaw() } : {});
}

describe('the first 50 steps are as recorded', () => {
  for (const name of ['xor-mlp', 'spiral-relu-net', 'digits-mlp']) {
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
        // toEqual compares numbers with Object.is: the same bits, not merely close.
        expect(losses).toEqual(FIXTURE[name].losses);
        expect(records).toEqual(FIXTURE[name].records);
      } finally {
        t.dispose();
      }
    }, 20_000);

    it.each([false, true])(`${name}: the same history through run, as bpstudio train takes it (reads pipelined: %s)`, async (async) => {
      const t = await trainer(name, async);
      try {
        const losses: number[] = [];
        const { history } = await t.run({ steps: STEPS, onProgress: (p) => void (p.type === 'step' && losses.push(p.report.loss)) });
        expect(losses).toEqual(FIXTURE[name].losses);
        // run() measures a partial last epoch itself, as measureNow did after advance(); an epoch
        // that ended on the last step was recorded already (measureNow measured it a second time).
        const recorded = FIXTURE[name].records;
        const endedOnEpoch = recorded.length > 1 && recorded.at(-2)?.step === STEPS;
        expect(history).toEqual(endedOnEpoch ? recorded.slice(0, -1) : recorded);
      } finally {
        t.dispose();
      }
    }, 20_000);
  }
});
