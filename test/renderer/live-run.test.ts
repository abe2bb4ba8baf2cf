import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { benchGraph } from '../../bench/editor-graph.js';
import { startLiveRun } from '../../renderer/app/live-run-service.js';
import { startAnalysis } from '../../renderer/app/services.js';
import { analyze } from '../../renderer/model/analysis.js';
import { decideLiveRun, estimateRunCost, LIVE_RUN_MAX_COST, type LiveRunInput, NODE_OVERHEAD } from '../../renderer/model/live-run.js';
import { selectResultsStale, selectRunOutOfDate } from '../../renderer/store/selectors.js';
import { createAppStore } from '../../renderer/store/store.js';
import type { AppStore } from '../../renderer/store/store.js';
import type { TrainPhase, TrainProgress } from '../../core/studio/protocol.js';
import { docOf, example } from './helpers.js';

/** A training report in `phase`, the only field the live runner reads. */
function progress(phase: TrainPhase): TrainProgress {
  return { run: 1, phase, step: 0, epoch: 0, epochs: 1, stepsPerEpoch: 1, stepsPerSecond: 0, lr: 0.1, points: { step: [], loss: [], lr: [] }, records: [], events: [], trained: false };
}

const cost = (doc: ReturnType<typeof example>) => estimateRunCost(doc, analyze(doc).shapes);

describe('the live-run policy', () => {
  const base: LiveRunInput = { ran: true, outOfDate: true, problems: 0, training: false, cost: 1000, limit: LIVE_RUN_MAX_COST };
  it.each([
    ['never run in this document', { ran: false }, 'current'],
    ['results up to date', { outOfDate: false }, 'current'],
    ['small, valid, out of date', {}, 'run'],
    ['exactly at the limit', { cost: LIVE_RUN_MAX_COST }, 'run'],
    ['too big', { cost: LIVE_RUN_MAX_COST + 1 }, 'stale'],
    ['shapes unknown', { cost: undefined }, 'stale'],
    ['with problems', { problems: 2 }, 'stale'],
    ['while training', { training: true }, 'wait'],
    ['while training, even when big', { training: true, cost: 1e12 }, 'wait'],
  ] as const)('%s', (_what, change, expected) => {
    expect(decideLiveRun({ ...base, ...change })).toBe(expected);
  });

  it('counts every node, its output and backward, and the multiply-adds of matmul', () => {
    // add-mul: five scalars.
    expect(cost(example('add-mul.bpgraph'))).toBe(5 * (NODE_OVERHEAD + 3));
    // digits-mlp: a 32 x 196 batch through 196 x 64 and 64 x 10 weights.
    const digits = cost(example('digits-mlp.bpgraph')) ?? 0;
    expect(digits).toBeGreaterThan(3 * (32 * 196 * 64 + 32 * 64 * 10));
    expect(digits).toBeGreaterThan(LIVE_RUN_MAX_COST);
  });

  it('refreshes the small examples and a few hundred gates of small tensors live, not 500 gates or a 500-wide net', () => {
    for (const name of ['add-mul.bpgraph', 'gate-patterns.bpgraph', 'sigmoid-neuron.bpgraph', 'xor-mlp.bpgraph', 'spiral-softmax.bpgraph', 'spiral-relu-net.bpgraph']) {
      expect(cost(example(name)), name).toBeLessThanOrEqual(LIVE_RUN_MAX_COST);
    }
    expect(cost(docOf(benchGraph(400, true).text))).toBeLessThanOrEqual(LIVE_RUN_MAX_COST);
    expect(cost(docOf(benchGraph(500, true).text))).toBeGreaterThan(LIVE_RUN_MAX_COST);
    expect(cost(example('init-he.bpgraph'))).toBeGreaterThan(100 * LIVE_RUN_MAX_COST);
  });

  it('has no estimate without shapes', () => {
    const doc = example('add-mul.bpgraph');
    expect(estimateRunCost(doc, new Map())).toBeUndefined();
    expect(estimateRunCost(doc, new Map([['x', []]]))).toBeUndefined();
  });
});

/** A runner standing in for DocumentActions.run: results from a fake pass, counted. */
function fakeRunner(store: AppStore, opts: { fail?: boolean } = {}) {
  const calls: boolean[] = [];
  return {
    calls,
    run: (live: boolean): Promise<void> => {
      calls.push(live);
      if (!opts.fail) store.getState().setRun({ status: 'done', result: { output: 'f', values: new Map(), grads: new Map(), edgeGrads: new Map(), order: [] } });
      return Promise.resolve();
    },
  };
}

function ranStore(name = 'add-mul.bpgraph'): AppStore {
  const store = createAppStore(example(name));
  store.getState().setRun({ status: 'done', result: { output: 'f', values: new Map(), grads: new Map(), edgeGrads: new Map(), order: [] } });
  return store;
}

describe('the live runner', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('re-runs a small graph 250 ms after the analysis of an edit settles, once for a burst of edits', async () => {
    const store = ranStore();
    const runner = fakeRunner(store);
    const stops = [startAnalysis(store), startLiveRun(store, runner)];
    expect(store.getState().liveRefresh).toBe(true);
    for (const v of [1, 12, 123]) {
      store.getState().dispatch({ kind: 'set-attr', node: 'x', name: 'value', value: v });
      await vi.advanceTimersByTimeAsync(100);
    }
    // Out of date, but about to be refreshed: not shown as stale.
    expect(selectRunOutOfDate(store.getState())).toBe(true);
    expect(selectResultsStale(store.getState())).toBe(false);
    await vi.advanceTimersByTimeAsync(150 + 240 - 100);
    expect(runner.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(20);
    expect(runner.calls).toEqual([true]);
    expect(selectRunOutOfDate(store.getState())).toBe(false);
    stops.forEach((stop) => stop());
  });

  it('does nothing in a document never run', async () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    const runner = fakeRunner(store);
    const stops = [startAnalysis(store), startLiveRun(store, runner)];
    store.getState().dispatch({ kind: 'set-attr', node: 'x', name: 'value', value: 1 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(runner.calls).toEqual([]);
    stops.forEach((stop) => stop());
  });

  it('keeps the results of a big graph, marked stale, until the next Run', async () => {
    const store = ranStore();
    const runner = fakeRunner(store);
    const stops = [startAnalysis(store), startLiveRun(store, runner, 1000)];
    store.getState().dispatch({ kind: 'set-attr', node: 'x', name: 'value', value: 1 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(runner.calls).toEqual([]);
    expect(store.getState().run.status).toBe('done');
    expect(selectResultsStale(store.getState())).toBe(true);
    await runner.run(false);
    expect(selectResultsStale(store.getState())).toBe(false);
    stops.forEach((stop) => stop());
  });

  it('keeps them stale while the graph has problems, and refreshes once they are fixed', async () => {
    const store = ranStore();
    const runner = fakeRunner(store);
    const stops = [startAnalysis(store), startLiveRun(store, runner)];
    store.getState().dispatch({ kind: 'delete', nodes: [], edges: ['x->q.a'] });
    await vi.advanceTimersByTimeAsync(1000);
    expect(runner.calls).toEqual([]);
    expect(selectResultsStale(store.getState())).toBe(true);
    store.getState().undo();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runner.calls).toEqual([true]);
    expect(selectResultsStale(store.getState())).toBe(false);
    stops.forEach((stop) => stop());
  });

  it('never runs while training runs, and catches up when it stops', async () => {
    const store = ranStore();
    const runner = fakeRunner(store);
    const stops = [startAnalysis(store), startLiveRun(store, runner)];
    store.getState().dispatch({ kind: 'set-attr', node: 'x', name: 'value', value: 1 });
    store.setState({ progress: progress('running') });
    await vi.advanceTimersByTimeAsync(1000);
    expect(runner.calls).toEqual([]);
    expect(selectResultsStale(store.getState())).toBe(true);
    store.setState({ progress: progress('paused') });
    await vi.advanceTimersByTimeAsync(300);
    expect(runner.calls).toEqual([true]);
    stops.forEach((stop) => stop());
  });

  it('shows the old results as stale when a live run fails', async () => {
    const store = ranStore();
    const runner = fakeRunner(store, { fail: true });
    const stops = [startAnalysis(store), startLiveRun(store, runner)];
    store.getState().dispatch({ kind: 'set-attr', node: 'x', name: 'value', value: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(runner.calls).toEqual([true]);
    expect(selectResultsStale(store.getState())).toBe(true);
    stops.forEach((stop) => stop());
  });
});
