/** The engine service the editor's worker wraps, driven directly in Node. */
import { describe, expect, it } from 'vitest';
import type { GraphDoc } from '../../core/graph/types.js';
import { EngineService } from '../../core/studio/engine-service.js';
import type { TrainProgress, Visuals } from '../../core/studio/protocol.js';
import { loadExample } from '../examples/example-helpers.js';

/** A service with the example loaded, collecting every report. */
async function open(doc: GraphDoc) {
  const service = new EngineService();
  const reports: TrainProgress[] = [];
  const visuals: Visuals[] = [];
  service.subscribe(
    (p) => reports.push(p),
    (v) => visuals.push(v),
  );
  await service.setDocument(doc);
  const last = () => reports[reports.length - 1];
  const until = async (pred: (p: TrainProgress) => boolean, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!(reports.length > 0 && pred(last()))) {
      if (Date.now() > end) throw new Error(`timed out; last report ${JSON.stringify(last())}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return last();
  };
  const points = () => reports.flatMap((r) => r.points.step);
  return { service, reports, visuals, last, until, points };
}

function withTraining(doc: GraphDoc, patch: Record<string, unknown>): GraphDoc {
  return { ...doc, training: { ...doc.training, ...patch } };
}

describe('EngineService', () => {
  it('trains XOR to 100% in the background, reporting every step once and in order', async () => {
    const e = await open(loadExample('xor-mlp'));
    await e.service.start();
    const done = await e.until((p) => p.phase === 'done');
    expect(done.reason).toBe('epochs');
    const records = e.reports.flatMap((r) => r.records);
    expect(records.at(-1)?.accuracy).toBe(1);
    expect(e.points()).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const trained = await e.service.trainedDocument();
    const w1 = trained?.nodes.find((n) => n.id === 'W1');
    expect(w1?.attrs?.['value']).toBeDefined();
  });

  it('starts a new run after one has finished, going on from its weights', async () => {
    const e = await open(withTraining(loadExample('xor-mlp'), { epochs: 20 }));
    await e.service.start();
    const first = await e.until((p) => p.phase === 'done');
    await e.service.start();
    const second = await e.until((p) => p.run === first.run + 1 && p.phase === 'done');
    expect(second.step).toBe(20);
    expect(second.issue).toBeUndefined();
  });

  it('pauses, steps one mini-batch at a time and resumes', async () => {
    const e = await open(withTraining(loadExample('xor-mlp'), { epochs: 100000 }));
    await e.service.step();
    expect(e.last().step).toBe(1);
    expect(e.last().phase).toBe('paused');
    await e.service.step();
    expect(e.last().step).toBe(2);
    await e.service.start();
    await e.until((p) => p.step > 50);
    await e.service.pause();
    const paused = e.last();
    expect(paused.phase).toBe('paused');
    await new Promise((r) => setTimeout(r, 50));
    expect(e.last().step).toBe(paused.step);
    await e.service.step();
    expect(e.last().step).toBe(paused.step + 1);
    await e.service.stop();
    expect(e.last().phase).toBe('done');
    expect(e.last().reason).toBe('stopped');
  });

  it('leaves the thread idle most of the time while the page says the user is moving the canvas, and still trains', async () => {
    const e = await open(withTraining(loadExample('xor-mlp'), { epochs: 1_000_000 }));
    await e.service.start();
    await e.until((p) => p.step > 100);
    // How often a 1 ms timer chain gets the thread in 400 ms: only between slices when training runs flat out.
    const ticks = async (moving: boolean): Promise<{ ticks: number; steps: number }> => {
      const from = e.last().step;
      const end = performance.now() + 400;
      let n = 0;
      while (performance.now() < end) {
        if (moving) e.service.noteInput();
        await new Promise((r) => setTimeout(r, 1));
        n++;
      }
      return { ticks: n, steps: e.last().step - from };
    };
    const flat = await ticks(false);
    const moving = await ticks(true);
    await e.service.stop();
    expect(moving.ticks).toBeGreaterThan(3 * flat.ticks);
    expect(moving.steps).toBeGreaterThan(0);
  });

  it('takes a new learning rate at the next step and lists the change', async () => {
    const doc = withTraining(loadExample('xor-mlp'), { epochs: 100000 });
    const e = await open(doc);
    await e.service.step();
    await e.service.step();
    const opt = { ...(doc.training?.['optimizer'] as object), lr: 0.05 };
    await e.service.setDocument(withTraining(doc, { optimizer: opt }));
    await e.service.step();
    const lrs = e.reports.flatMap((r) => r.points.lr);
    expect(lrs).toEqual([0.5, 0.5, 0.05]);
    expect(e.reports.flatMap((r) => r.events)).toEqual([{ step: 2, text: 'optimizer.lr 0.5 → 0.05' }]);
  });

  it('stops a diverging run, naming the node that went non-finite first and the step', async () => {
    const doc = withTraining(loadExample('spiral-relu-net'), { optimizer: { type: 'sgd', lr: 1e12 } });
    const e = await open(doc);
    await e.service.start();
    const failed = await e.until((p) => p.phase === 'error' || p.phase === 'done');
    expect(failed.issue?.message).toMatch(/training stopped at step \d+/);
    expect(failed.issue?.node).toBeDefined();
    expect(failed.issue?.step).toBeGreaterThan(0);
  });

  it('refuses to start with a bad training block, saying where', async () => {
    const e = await open(withTraining(loadExample('xor-mlp'), { optimizer: { type: 'sgd', lr: -1 } }));
    expect(await e.service.checkTraining()).toEqual([{ message: 'training.optimizer.lr must be > 0' }]);
    await e.service.start();
    expect(e.last().phase).toBe('error');
    expect(e.last().issue?.message).toContain('training.optimizer.lr');
  });

  it('names a predictions node of the wrong shape', async () => {
    const e = await open(withTraining(loadExample('xor-mlp'), { predictions: 'loss' }));
    const issues = await e.service.checkTraining();
    expect(issues[0]?.node).toBe('loss');
  });

  it('skips frozen params', async () => {
    const doc = loadExample('xor-mlp');
    const frozen: GraphDoc = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'W1' ? { ...n, attrs: { ...n.attrs, frozen: true } } : n)) };
    const e = await open(frozen);
    const before = await e.service.run();
    await e.service.step();
    await e.service.step();
    const after = await e.service.run();
    if (!before.ok || !after.ok) throw new Error('run failed');
    expect(Array.from(after.values['W1'].data)).toEqual(Array.from(before.values['W1'].data));
    expect(Array.from(after.values['W2'].data)).not.toEqual(Array.from(before.values['W2'].data));
  });

  it('draws the decision boundary, predictions and diagnostics on request', async () => {
    const e = await open(loadExample('spiral-relu-net'));
    await e.service.setVisualsWanted({ boundary: true, diagnostics: true, predictions: true });
    await e.service.step();
    const boundary = e.visuals.find((v) => v.boundary)?.boundary;
    expect(boundary?.values.length).toBe(boundary && boundary.size * boundary.size * boundary.classes);
    const diag = e.visuals.findLast((v) => v.diagnostics)?.diagnostics;
    expect(e.visuals.find((v) => v.diagnostics)?.diagnostics?.params[0].updateRatio).toBeNull();
    expect(diag?.params.length).toBeGreaterThan(0);
    expect(diag?.params[0].updateRatio).toBeGreaterThan(0);
    expect(diag?.layers.some((l) => l.op === 'relu' && l.dead !== undefined)).toBe(true);
    const pred = e.visuals.find((v) => v.predictions)?.predictions;
    expect(pred?.confusion.flat().reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const data = await e.service.dataset();
    expect(data.ok && data.view.shown.features.length).toBe(data.ok && data.view.shown.labels.length * 2);
  });

  it('ends the run when the graph itself changes', async () => {
    const doc = withTraining(loadExample('xor-mlp'), { epochs: 100000 });
    const e = await open(doc);
    await e.service.step();
    await e.service.setDocument({ ...doc, nodes: doc.nodes.map((n) => (n.id === 'h1' ? { ...n, op: 'relu' } : n)) });
    expect(e.last().phase).toBe('idle');
  });
});
