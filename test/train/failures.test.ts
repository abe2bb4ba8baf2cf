/** What the trainer says when training cannot start or cannot go on. */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { GraphError } from '../../core/graph/types.js';
import { TrainingError } from '../../core/train/errors.js';
import { createTrainer } from '../../core/train/trainer.js';
import { backendView } from '../engine/backend-view.js';
import { graph, mlp } from './graphs.js';

const backend = createCpuBackend({ precision: 'float32' });

const training = { dataset: { name: 'spiral' }, optimizer: { lr: 0.1 }, epochs: 2 };
const features = { id: 'x', op: 'input', attrs: { bind: 'features' } };

/** loss = mean(log(-(square(x W) + 1))): the log's input is always <= -1, so the log gives NaN. */
function logOfNegative() {
  return graph(
    [
      features,
      { id: 'W', op: 'param', attrs: { shape: [2, 3] } },
      { id: 'xW', op: 'matmul' },
      { id: 'sq', op: 'square' },
      { id: 'one', op: 'const', attrs: { value: 1 } },
      { id: 'pos', op: 'add' },
      { id: 'negd', op: 'neg' },
      { id: 'h', op: 'log' },
      { id: 'loss', op: 'mean' },
    ],
    ['x->xW.a', 'W->xW.b', 'xW->sq.x', 'sq->pos.a', 'one->pos.b', 'pos->negd.x', 'negd->h.x', 'h->loss.x'],
    'loss',
    training,
  );
}

/** loss = sqrt(2 w) with w = 0: the loss is 0, but d/dw is infinite. */
function sqrtAtZero() {
  return graph(
    [
      features,
      { id: 'w', op: 'param', attrs: { shape: [], init: 'zeros' } },
      { id: 'two', op: 'const', attrs: { value: 2 } },
      { id: 'm', op: 'mul' },
      { id: 'loss', op: 'sqrt' },
    ],
    ['w->m.a', 'two->m.b', 'm->loss.x'],
    'loss',
    training,
  );
}

async function failure(p: Promise<unknown>): Promise<TrainingError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TrainingError);
  return e as TrainingError;
}

function thrown(fn: () => unknown): TrainingError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(TrainingError);
  return err as TrainingError;
}

describe('non-finite values', () => {
  it('names the first node, in topological order, that produced NaN', async () => {
    const e = await failure(createTrainer(logOfNegative(), backend).run());
    expect(e.message).toBe('training stopped at step 1: node "h" (log) produced NaN');
    expect(e.step).toBe(1);
    expect(e.node).toBe('h');
  });

  it('names the param whose gradient is not finite, and where the gradient first broke', async () => {
    const e = await failure(createTrainer(sqrtAtZero(), backend).step());
    expect(e.message).toBe('training stopped at step 1: the gradient of param "w" contains Infinity (it first appears in the gradient of node "m" (mul))');
    expect(e.node).toBe('w');
  });

  it('on a backend without synchronous reads, a pipelined run stops at the same step and node', async () => {
    const t = createTrainer(logOfNegative(), backendView(createCpuBackend(), { sync: false, name: 'cpu-async' }));
    const e = await failure(t.run());
    expect(e.message).toBe('training stopped at step 1: node "h" (log) produced NaN');
    expect([e.step, e.node, t.stepCount]).toEqual([1, 'h', 0]);
  });

  it('on a backend without synchronous reads, a pipelined run catches the bad param through the next loss', async () => {
    const t = createTrainer(sqrtAtZero(), backendView(createCpuBackend(), { sync: false, name: 'cpu-async' }));
    const steps: number[] = [];
    const e = await failure(t.run({ onProgress: (p) => void (p.type === 'step' && steps.push(p.report.step)) }));
    // Step 3 was queued (and updated w again) before step 2's loss was read, so w may show NaN by then.
    expect(e.message).toMatch(/^training stopped at step 2: node "w" \(param\) produced (-Infinity|NaN)$/);
    expect([e.step, e.node, t.stepCount, steps]).toEqual([2, 'w', 1, [1]]);
  });

  it('on a backend without synchronous reads, catches the bad param through the next loss', async () => {
    const t = createTrainer(sqrtAtZero(), backendView(createCpuBackend(), { sync: false, name: 'cpu-async' }));
    await t.step();
    const e = await failure(t.step());
    expect(e.message).toBe('training stopped at step 2: node "w" (param) produced -Infinity');
  });
});

describe('graphs that cannot be trained', () => {
  it('needs an input bound to the features', () => {
    const doc = graph([{ id: 'w', op: 'param', attrs: { shape: [] } }, { id: 'loss', op: 'square' }], ['w->loss.x'], 'loss', training);
    expect(() => createTrainer(doc, backend)).toThrow(/^no input is bound to the dataset: set attrs.bind to "features"/);
  });

  it('needs a scalar loss', () => {
    const doc = graph([features, { id: 'W', op: 'param', attrs: { shape: [2, 3] } }, { id: 'xW', op: 'matmul' }], ['x->xW.a', 'W->xW.b'], 'xW', training);
    expect(() => createTrainer(doc, backend)).toThrow('training needs a scalar loss as the graph\'s output, but "xW" has shape [300, 3]');
  });

  it('checks the predictions node', () => {
    const net = (predictions: string) => mlp({ sizes: [2, 4, 3], training: { ...training, predictions } });
    expect(() => createTrainer(net('nope'), backend)).toThrow('training.predictions names node "nope", which does not exist');
    expect(() => createTrainer(net('b1'), backend)).toThrow('training.predictions: node "b1" has shape [4], not one row per sample (batch of 300)');
  });

  it('reports a bad training block by path', () => {
    const doc = mlp({ sizes: [2, 4, 3], training: { dataset: { name: 'spiral' }, optimizer: { lr: -0.1 }, epoch: 3 } });
    const e = thrown(() => createTrainer(doc, backend));
    expect(e.message).toBe('training.optimizer.lr must be > 0');
    expect(e.problems).toEqual(['training.optimizer.lr must be > 0', expect.stringMatching(/^training\.epoch is not a known key/)]);
  });

  it('explains that the digits need their data', () => {
    const doc = mlp({ sizes: [196, 10], training: { dataset: { name: 'digits' }, optimizer: { lr: 0.1 } } });
    expect(() => createTrainer(doc, backend)).toThrow(TrainingError);
    expect(() => createTrainer(doc, backend)).toThrow(/digits dataset needs the MNIST data/);
  });

  it('leaves graph errors (data that does not fit the graph) to GraphError', () => {
    const doc = mlp({ sizes: [5, 3], training });
    expect(() => createTrainer(doc, backend)).toThrow(GraphError);
  });
});
