/** The training panel's form over a graph's training block, and the commands it dispatches. */
import { describe, expect, it } from 'vitest';
import { fieldMessages, setPath, STARTER_BLOCK, withDataset, withOptimizerType, withScheduleType } from '../../renderer/model/training-form.js';
import { createAppStore } from '../../renderer/store/store.js';
import { example } from './helpers.js';

describe('training form', () => {
  it('sets and removes settings by path without touching the rest', () => {
    const b = { optimizer: { type: 'sgd', lr: 0.1 }, dataset: { name: 'xor' } };
    expect(setPath(b, ['optimizer', 'lr'], 0.5)).toEqual({ optimizer: { type: 'sgd', lr: 0.5 }, dataset: { name: 'xor' } });
    expect(setPath(b, ['optimizer', 'momentum'], 0.9)).toEqual({ optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 }, dataset: { name: 'xor' } });
    expect(setPath(b, ['dataset'], undefined)).toEqual({ optimizer: { type: 'sgd', lr: 0.1 } });
    expect(b.optimizer.lr).toBe(0.1);
  });

  it('keeps the block valid when a choice changes what applies', () => {
    const sgd = { dataset: { name: 'moons', noise: 0.2, seed: 3 }, optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 1e-4 } };
    expect(withOptimizerType(sgd, 'adam').optimizer).toEqual({ type: 'adam', lr: 0.1, weightDecay: 1e-4 });
    expect(withDataset(sgd, 'spiral').dataset).toEqual({ name: 'spiral', seed: 3 });
    expect(withScheduleType(sgd, 'step')['schedule']).toEqual({ type: 'step', stepSize: 10 });
    expect(withScheduleType(withScheduleType(sgd, 'step'), 'constant')['schedule']).toBeUndefined();
    for (const b of [withOptimizerType(sgd, 'adam'), withOptimizerType(sgd, 'rmsprop'), withDataset(sgd, 'digits'), withScheduleType(sgd, 'cosine'), STARTER_BLOCK]) {
      expect(fieldMessages(b)).toEqual(new Map());
    }
  });

  it('finds the command line’s message for each field', () => {
    const bad = { dataset: { name: 'moons', noise: -1 }, optimizer: { type: 'sgd', lr: 0 }, batchSize: 0 };
    const m = fieldMessages(bad);
    expect(m.get('optimizer.lr')).toEqual(['training.optimizer.lr must be > 0']);
    expect(m.get('dataset.noise')?.[0]).toMatch(/^training\.dataset\.noise must be >= 0/);
    expect(m.get('batchSize')?.[0]).toMatch(/^training\.batchSize/);
  });
});

describe('training commands', () => {
  it('writes the training block as one undoable step per field', () => {
    const store = createAppStore(example('xor-mlp.bpgraph'));
    const before = store.getState().doc.training;
    const next = setPath(before ?? {}, ['optimizer', 'lr'], 0.2);
    store.getState().dispatch({ kind: 'set-training', training: next, merge: 'training:optimizer.lr' });
    store.getState().dispatch({ kind: 'set-training', training: setPath(next, ['optimizer', 'lr'], 0.25), merge: 'training:optimizer.lr' });
    expect((store.getState().doc.training?.['optimizer'] as { lr: number }).lr).toBe(0.25);
    store.getState().undo();
    expect(store.getState().doc.training).toEqual(before);
  });

  it('takes trained tensors, keeps everything else, and undoes as one "train" step', () => {
    const store = createAppStore(example('xor-mlp.bpgraph'));
    store.getState().dispatch({ kind: 'set-attr', node: 'W2', name: 'frozen', value: true });
    const doc = store.getState().doc;
    const trained = {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'W1' ? { ...n, attrs: { ...n.attrs, value: [[1, 2, 3, 4, 5, 6, 7, 8], [8, 7, 6, 5, 4, 3, 2, 1]] } } : n.id === 'W2' ? { ...n, attrs: { ...n.attrs, frozen: false } } : n)),
    };
    store.getState().dispatch({ kind: 'train', trained });
    const after = store.getState().doc;
    expect(after.nodes.find((n) => n.id === 'W1')?.attrs?.['value']).toEqual([[1, 2, 3, 4, 5, 6, 7, 8], [8, 7, 6, 5, 4, 3, 2, 1]]);
    expect(after.nodes.find((n) => n.id === 'W2')?.attrs?.['frozen']).toBe(true);
    expect(store.getState().history.past.at(-1)?.label).toBe('train');
    store.getState().undo();
    expect(store.getState().doc).toBe(doc);
  });

  it('resets weights that have an initialiser, keeping hand-set ones', () => {
    const store = createAppStore(example('xor-mlp.bpgraph'));
    store.getState().dispatch({ kind: 'set-attr', node: 'W1', name: 'value', value: [[1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1]] });
    store.getState().dispatch({ kind: 'reset-weights' });
    expect(store.getState().doc.nodes.find((n) => n.id === 'W1')?.attrs?.['value']).toBeUndefined();
    const neuron = createAppStore(example('sigmoid-neuron.bpgraph'));
    const before = neuron.getState().doc;
    neuron.getState().dispatch({ kind: 'reset-weights' });
    expect(neuron.getState().doc).toBe(before);
  });
});

describe('training checks on the canvas', () => {
  it('puts a check that names a node on that node, after the graph’s own problems', async () => {
    const { nodeProblems } = await import('../../renderer/store/selectors.js');
    const store = createAppStore(example('xor-mlp.bpgraph'));
    store.getState().setTrainChecks([{ message: 'training.predictions: node "loss" has shape [], not one row per sample (batch of 4)', node: 'loss' }, { message: 'another' }]);
    expect(nodeProblems(store.getState(), 'loss')).toEqual(['training: training.predictions: node "loss" has shape [], not one row per sample (batch of 4)']);
    expect(nodeProblems(store.getState(), 'scores')).toBeUndefined();
  });
});
