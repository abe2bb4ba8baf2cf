/** The training block: defaults, the design example, and one-line messages located by path. */
import { describe, expect, it } from 'vitest';
import { parseTrainingConfig, trainingConfig } from '../../core/train/config.js';
import { TrainingError } from '../../core/train/errors.js';

const minimal = { dataset: { name: 'spiral' }, optimizer: { lr: 0.1 } };

function messages(raw: unknown): string[] {
  const r = parseTrainingConfig(raw);
  if (r.ok) throw new Error('expected the block to be refused');
  return r.messages;
}

describe('training config', () => {
  it('fills every default', () => {
    expect(trainingConfig(minimal)).toEqual({
      dataset: { name: 'spiral' },
      validation: 0,
      threshold: 0.5,
      epochs: 100,
      shuffle: true,
      seed: 0,
      optimizer: { type: 'sgd', lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0 },
      schedule: { type: 'constant' },
    });
  });

  it('reads the design example', () => {
    const c = trainingConfig({
      dataset: { name: 'spiral', classes: 3, pointsPerClass: 100, noise: 0.2, seed: 1 },
      validation: 0.2,
      predictions: 'scores',
      threshold: 0.5,
      batchSize: 64,
      epochs: 200,
      steps: 5000,
      shuffle: true,
      seed: 42,
      optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 0.0001 },
      schedule: { type: 'step', stepSize: 50, gamma: 0.5 },
      earlyStopping: { monitor: 'valLoss', patience: 20, minDelta: 0 },
    });
    expect(c).toMatchObject({ batchSize: 64, steps: 5000, seed: 42, predictions: 'scores', schedule: { type: 'step', stepSize: 50, gamma: 0.5 } });
    expect(c.optimizer).toEqual({ type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 0.0001 });
    expect(c.earlyStopping).toEqual({ monitor: 'valLoss', patience: 20, minDelta: 0, restoreBest: false });
  });

  it('defaults adam, rmsprop, the schedules and the early-stopping monitor', () => {
    expect(trainingConfig({ ...minimal, optimizer: { type: 'adam', lr: 0.01 } }).optimizer).toEqual({ type: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
    expect(trainingConfig({ ...minimal, optimizer: { type: 'rmsprop', lr: 0.01 } }).optimizer).toEqual({ type: 'rmsprop', lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0 });
    expect(trainingConfig({ ...minimal, schedule: { type: 'step', stepSize: 5 } }).schedule).toEqual({ type: 'step', stepSize: 5, gamma: 0.1 });
    expect(trainingConfig({ ...minimal, schedule: { type: 'cosine' } }).schedule).toEqual({ type: 'cosine', epochs: undefined, minLr: 0 });
    expect(trainingConfig({ ...minimal, earlyStopping: {} }).earlyStopping).toEqual({ monitor: 'loss', patience: 10, minDelta: 0, restoreBest: false });
    expect(trainingConfig({ ...minimal, validation: 0.25, earlyStopping: { patience: 3 } }).earlyStopping?.monitor).toBe('valLoss');
  });

  it.each<[string, unknown, string]>([
    ['no block', undefined, 'the graph has no training block'],
    ['not an object', 7, 'training must be an object, got 7'],
    ['no dataset', { optimizer: { lr: 1 } }, 'training.dataset is required'],
    ['no optimizer', { dataset: { name: 'xor' } }, 'training.optimizer is required'],
    ['lr <= 0', { ...minimal, optimizer: { lr: 0 } }, 'training.optimizer.lr must be > 0'],
    ['lr missing', { ...minimal, optimizer: { type: 'adam' } }, 'training.optimizer.lr is required'],
    ['lr not finite', { ...minimal, optimizer: { lr: Infinity } }, 'training.optimizer.lr must be a finite number, got Infinity'],
    ['unknown optimizer', { ...minimal, optimizer: { type: 'lbfgs', lr: 1 } }, 'training.optimizer.type must be one of "sgd", "adam", "rmsprop", got "lbfgs"'],
    ['key of another optimiser', { ...minimal, optimizer: { type: 'adam', lr: 1, momentum: 0.9 } }, 'training.optimizer.momentum does not apply to type "adam"'],
    ['nesterov without momentum', { ...minimal, optimizer: { lr: 1, nesterov: true } }, 'training.optimizer.nesterov needs momentum > 0'],
    ['momentum >= 1', { ...minimal, optimizer: { lr: 1, momentum: 1 } }, 'training.optimizer.momentum must be < 1'],
    ['negative weight decay', { ...minimal, optimizer: { lr: 1, weightDecay: -1 } }, 'training.optimizer.weightDecay must be >= 0'],
    ['validation 1', { ...minimal, validation: 1 }, 'training.validation must be < 1'],
    ['fractional batch', { ...minimal, batchSize: 2.5 }, 'training.batchSize must be an integer'],
    ['zero epochs', { ...minimal, epochs: 0 }, 'training.epochs must be >= 1'],
    ['string steps', { ...minimal, steps: '10' }, 'training.steps must be a number, got "10"'],
    ['negative seed', { ...minimal, seed: -1 }, 'training.seed must be >= 0'],
    ['shuffle not bool', { ...minimal, shuffle: 1 }, 'training.shuffle must be a boolean, got 1'],
    ['step schedule without stepSize', { ...minimal, schedule: { type: 'step' } }, 'training.schedule.stepSize is required'],
    ['cosine with gamma', { ...minimal, schedule: { type: 'cosine', gamma: 0.5 } }, 'training.schedule.gamma does not apply to type "cosine"'],
    ['unknown monitor', { ...minimal, earlyStopping: { monitor: 'f1' } }, 'training.earlyStopping.monitor must be one of "valLoss", "loss", "valAccuracy", "accuracy", got "f1"'],
    ['valLoss without validation', { ...minimal, earlyStopping: { monitor: 'valLoss' } }, 'training.earlyStopping.monitor is "valLoss" but there is no validation set'],
    ['accuracy without predictions', { ...minimal, earlyStopping: { monitor: 'accuracy' } }, 'training.earlyStopping.monitor is "accuracy" but training.predictions names no node'],
    ['bad dataset option', { ...minimal, dataset: { name: 'spiral', noise: -1 } }, 'training.dataset.noise must be >= 0'],
    ['unknown dataset', { ...minimal, dataset: { name: 'imagenet' } }, 'training.dataset.name must be one of'],
  ])('%s', (_name, raw, expected) => {
    expect(messages(raw)[0]).toContain(expected);
  });

  it('names each unknown key at its path and lists the known ones', () => {
    const m = messages({ ...minimal, lr: 0.1, optimizer: { lr: 0.1, learningRate: 1 } });
    expect(m).toContain('training.lr is not a known key (training takes dataset, validation, predictions, threshold, batchSize, epochs, steps, shuffle, seed, optimizer, schedule, earlyStopping)');
    expect(m.some((line) => line.startsWith('training.optimizer.learningRate is not a known key (training.optimizer takes type, lr,'))).toBe(true);
  });

  it('reports every problem, one line each, and throws them as a TrainingError', () => {
    const raw = { ...minimal, epochs: -1, seed: 0.5, optimizer: { lr: -1 } };
    expect(messages(raw)).toHaveLength(3);
    let err: unknown;
    try {
      trainingConfig(raw);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).problems).toHaveLength(3);
    expect((err as TrainingError).message).toBe((err as TrainingError).problems[0]);
  });
});
