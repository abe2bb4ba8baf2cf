/**
 * Replayed steps (core/engine/replay.ts): a run made again with `reuse` comes from a recording of
 * its kernels, and must give exactly what running the ops again gives, on every kernel path,
 * whatever the graph (every compute op, dropout's draws, batchnorm's running statistics, params
 * changed in place between steps), while making no tensor and no kernel call of its own.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import type { ReplayBackend } from '../../core/backend/backend.js';
import { Session, type StepResult } from '../../core/engine/executor.js';
import { allOps } from '../../core/ops/registry.js';
import { Kernels } from '../../core/ops/kernels.js';
import { createTrainer } from '../../core/train/trainer.js';
import type { GraphDoc } from '../../core/graph/types.js';
import { Rng } from '../../core/tensor/random.js';
import type { HostTensor } from '../../core/tensor/tensor.js';
import { countingBackend } from './counting-backend.js';
import { randomGraphs } from './random-graphs.js';
import { batchnormNet, mlp } from '../train/graphs.js';

const COMPUTE_OPS = allOps().filter((op) => op.kind === 'compute').map((op) => op.name);
const GRAPHS = randomGraphs(0x7e9a, COMPUTE_OPS, 4, 2);
const RUNS = 5;
const KERNELS = ['js', 'auto'] as const;

/** Every value and gradient of a run, as bits. */
function snapshot(backend: ReplayBackend, r: StepResult): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const n of r.plan.nodes) {
    const v = r.value(n.id);
    const g = r.grad(n.id);
    if (v) out[`${n.id}`] = [...backend.readSync(v)];
    if (g) out[`d${n.id}`] = [...backend.readSync(g)];
  }
  return out;
}

/** Inputs fed a new batch each run: float inputs scaled, class indices and other whole numbers kept. */
function feedsFor(doc: GraphDoc, run: number): Record<string, HostTensor> {
  const feeds: Record<string, HostTensor> = {};
  for (const n of doc.nodes) {
    if (n.op !== 'input') continue;
    const v = n.attrs?.['value'] as { shape: number[]; data: number[] } | undefined;
    if (!v) continue;
    const whole = v.data.every((x) => Number.isInteger(x));
    feeds[n.id] = { shape: v.shape, data: Float32Array.from(v.data, (x) => (whole ? x : x * (1 + 0.125 * run))) };
  }
  return feeds;
}

/** RUNS runs of `doc`, each followed by an SGD step on every param, as bits. */
function series(doc: GraphDoc, backend: ReplayBackend, reuse: boolean): Record<string, number[]>[] {
  const s = new Session(doc, backend, { seed: 3 });
  try {
    const out: Record<string, number[]>[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = s.run({ feeds: feedsFor(doc, i), reuse });
      out.push(snapshot(backend, r));
      for (const id of s.paramIds) {
        const grad = r.grad(id);
        if (!grad) continue;
        const hyper = { lr: 0.05, weightDecay: 0, momentum: 0, beta1: 0, beta2: 0, eps: 0, t: i + 1 };
        backend.run({ kind: 'update', rule: 'sgd', param: s.param(id), grad, state: [], hyper });
      }
      r.release();
    }
    return out;
  } finally {
    s.dispose();
  }
}

describe('a replayed step gives the bits of running its ops again', () => {
  for (const kernels of KERNELS) {
    it.each(GRAPHS.map((g) => [g.name, g.doc] as const))(`%s (${kernels} kernels)`, (_, doc) => {
      const expected = series(doc, createCpuBackend({ kernels }), false);
      const b = countingBackend({ kernels, replay: true }) as ReturnType<typeof countingBackend> & ReplayBackend;
      expect(series(doc, b, true)).toEqual(expected);
      // Runs 3 to 5 were replays: kernels were prepared once, at the second run.
      expect(b.counts.prepared).toBeGreaterThan(0);
    });
  }
});

describe('a replayed step', () => {
  const doc = mlp({ sizes: [2, 16, 16, 3], dropout: 0.25, training: { dataset: { name: 'spiral' } } });
  const feeds = (seed: number): Record<string, HostTensor> => {
    const rng = new Rng(seed);
    return { x: { shape: [8, 2], data: Float32Array.from({ length: 16 }, () => rng.uniform(-1, 1)) }, y: { shape: [8], data: Float32Array.from({ length: 8 }, () => rng.int(3)) } };
  };

  it('makes no tensor and runs no kernel but its prepared ones', () => {
    const b = countingBackend({ replay: true });
    const s = new Session(doc, b, { seed: 1, feedShapes: { x: [8, 2], y: [8] } });
    for (let i = 0; i < 2; i++) s.run({ mode: 'train', feeds: feeds(i), reuse: true }).release();
    const live = b.live.size;
    const prepared = b.counts.prepared;
    expect(prepared).toBeGreaterThan(10);
    b.reset();
    for (let i = 2; i < 10; i++) s.run({ mode: 'train', feeds: feeds(i), reuse: true }).release();
    expect(b.counts.runs).toEqual({});
    expect(b.counts.uploads).toBe(0);
    expect(b.counts.prepared).toBe(0);
    expect(b.live.size).toBe(live);
    s.dispose();
  });

  it('throws when a result is read after a later run has overwritten it', async () => {
    const s = new Session(doc, createCpuBackend(), { seed: 1, feedShapes: { x: [8, 2], y: [8] } });
    const results = [0, 1, 2].map((i) => s.run({ mode: 'train', feeds: feeds(i), reuse: true }));
    expect(() => results[1].output).toThrow(/stale/);
    expect(() => results[1].grad('W1')).toThrow(/stale/);
    await expect(results[2].read(results[2].output)).resolves.toBeDefined();
    s.dispose();
  });

  it('is dropped when params are replaced, and the next runs read the new ones', () => {
    const run = (reuse: boolean) => {
      const backend = createCpuBackend();
      const s = new Session(doc, backend, { seed: 1, feedShapes: { x: [8, 2], y: [8] } });
      const losses: number[] = [];
      for (let i = 0; i < 6; i++) {
        if (i === 3) s.setParam('W2', { shape: [16, 16], data: Float32Array.from({ length: 256 }, (_, j) => Math.sin(j) / 4) });
        const r = s.run({ mode: 'train', feeds: feeds(i), reuse });
        losses.push(backend.readSync(r.output)[0]);
        r.release();
      }
      s.dispose();
      return losses;
    };
    expect(run(true)).toEqual(run(false));
  });

  it('keeps a few replays, one per batch shape, and frees the oldest past them', () => {
    const sized = (rows: number, seed: number): Record<string, HostTensor> => {
      const rng = new Rng(seed);
      return { x: { shape: [rows, 2], data: Float32Array.from({ length: rows * 2 }, () => rng.uniform(-1, 1)) }, y: { shape: [rows], data: Float32Array.from({ length: rows }, () => rng.int(3)) } };
    };
    const run = (reuse: boolean) => {
      const backend = createCpuBackend();
      const s = new Session(doc, backend, { seed: 1, feedShapes: { x: [8, 2], y: [8] } });
      const losses: number[] = [];
      // Seven batch shapes, each run often enough to be replayed, in turn: more than a session keeps.
      for (let round = 0; round < 4; round++) {
        for (let rows = 2; rows <= 8; rows++) {
          const r = s.run({ mode: 'train', feeds: sized(rows, round * 10 + rows), reuse });
          losses.push(backend.readSync(r.output)[0]);
          r.release();
        }
      }
      s.dispose();
      return losses;
    };
    expect(run(true)).toEqual(run(false));
  });

  it('is refused when an op uploads during the step, and that step runs op by op', () => {
    const k = new Kernels(createCpuBackend());
    k.record();
    k.upload([2], [1, 2]);
    expect(k.endRecording()).toEqual({ spoiled: 'an op uploaded a tensor of shape [2] during the step' });
    k.record();
    k.input([2], [1, 2]);
    expect(k.endRecording()).toEqual({ calls: [] });
    k.dispose();
  });
});

describe('training with replayed steps gives the bits of training op by op', () => {
  // 300 rows in batches of 64: every epoch ends on a batch of 44, a second replay.
  const bn = batchnormNet({ dataset: { name: 'spiral' }, batchSize: 64, epochs: 3, predictions: 'logits', optimizer: { lr: 0.1, momentum: 0.9 } });
  const dropoutAdam = mlp({
    sizes: [2, 32, 32, 3],
    dropout: 0.3,
    training: { dataset: { name: 'spiral' }, batchSize: 64, epochs: 3, optimizer: { type: 'adam', lr: 0.01 } },
  });

  for (const kernels of KERNELS) {
    it.each([
      ['batchnorm, momentum, a partial last batch', bn],
      ['dropout, adam', dropoutAdam],
    ] as const)(`%s (${kernels} kernels)`, async (_, doc) => {
      const train = async (replay: boolean) => {
        const backend = countingBackend({ kernels, replay });
        const t = createTrainer(doc, backend);
        const losses: number[] = [];
        const { history } = await t.run({ onProgress: (p) => void (p.type === 'step' && losses.push(p.report.loss)) });
        const exported = await t.exportGraph();
        t.dispose();
        return { losses, history, exported, prepared: backend.counts.prepared };
      };
      const plain = await train(false);
      const replayed = await train(true);
      expect(replayed.prepared).toBeGreaterThan(0);
      expect(replayed.losses).toEqual(plain.losses);
      expect(replayed.history).toEqual(plain.history);
      // Params and batchnorm's running statistics, as the saved file has them.
      expect(replayed.exported).toEqual(plain.exported);
    });
  }
});
