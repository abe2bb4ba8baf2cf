/**
 * Which counter each dropout draws in a Session: one per dropout node per run,
 * in plan order, under a seed derived from the session's; rngSeed restarts the
 * counter, so repeated evaluations (the gradient checker) see the same masks.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { Session } from '../../core/engine/executor.js';
import type { GraphDoc } from '../../core/graph/types.js';
import { dropoutMask } from '../../core/tensor/counter-random.js';

const N = 64;
const P = 0.5;

/** x (all ones) → dropout d1 → dropout d2 → sum, in train mode. */
const twoDropouts: GraphDoc = {
  format: 'backprop-studio/graph',
  version: 1,
  mode: 'train',
  nodes: [
    { id: 'x', op: 'input', attrs: { value: { shape: [N], data: new Array<number>(N).fill(1) } } },
    { id: 'd1', op: 'dropout', attrs: { p: P } },
    { id: 'd2', op: 'dropout', attrs: { p: P } },
    { id: 'loss', op: 'sum' },
  ],
  edges: [
    { from: 'x', to: 'd1', port: 'x' },
    { from: 'd1', to: 'd2', port: 'x' },
    { from: 'd2', to: 'loss', port: 'x' },
  ],
  output: 'loss',
};

async function masks(s: Session, rngSeed?: number): Promise<number[][]> {
  const r = s.run({ ...(rngSeed !== undefined && { rngSeed }) });
  const d1 = [...(await r.read(r.value('d1')!)).data];
  const d2 = [...(await r.read(r.value('d2')!)).data];
  r.release();
  return [d1, d2];
}

describe('dropout draws in a session', () => {
  it('uses counter 0, 1, ... in plan order under the session seed, each run taking the next', async () => {
    const seed = 5;
    const s = new Session(twoDropouts, createCpuBackend({ precision: 'float64' }), { seed });
    const stream = (seed ^ 0x5eed) >>> 0;
    const expectRun = async (first: number) => {
      const [d1, d2] = await masks(s);
      const m1 = dropoutMask(stream, first, N, P);
      const m2 = dropoutMask(stream, first + 1, N, P);
      expect(d1).toEqual([...m1]);
      expect(d2).toEqual([...m1].map((v, i) => v * m2[i]));
    };
    await expectRun(0);
    await expectRun(2);
    await expectRun(4);
  });

  it('gives the same masks for the same seed and others for another seed', async () => {
    const run = (seed: number) => masks(new Session(twoDropouts, createCpuBackend(), { seed }));
    expect(await run(1)).toEqual(await run(1));
    expect(await run(1)).not.toEqual(await run(2));
  });

  it('restarts the counter for a run with rngSeed (identical masks on every evaluation)', async () => {
    const s = new Session(twoDropouts, createCpuBackend(), { seed: 1 });
    const a = await masks(s, 99);
    await masks(s);
    expect(await masks(s, 99)).toEqual(a);
    expect(a[0]).toEqual([...dropoutMask(99, 0, N, P)]);
  });
});
