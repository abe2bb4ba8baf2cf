/**
 * Source ops have no ports: the executor supplies their values from a literal,
 * from an initialiser, or from a dataset binding.
 */
import type { AttrSpecs } from './attrs.js';
import { defineSource, type SourceOpDef } from './define-op.js';

/** Initialisers a `param` may name (contract.md section 2). */
export const INITIALIZERS = ['zeros', 'ones', 'constant', 'uniform', 'normal', 'xavier_uniform', 'xavier_normal', 'he_uniform', 'he_normal'] as const;
export type InitName = (typeof INITIALIZERS)[number];

const value = { type: 'tensor', optional: true, description: 'the tensor: a number, nested list, {shape, data} or {shape, dtype, base64}' } as const;
const shape = { type: 'ints', optional: true, description: 'shape, when no value is given' } as const;

const common: AttrSpecs = { value, shape };

export const input = defineSource({
  name: 'input',
  category: 'sources',
  label: 'input',
  description: 'input: data fed to the graph (not trained); may be bound to a dataset',
  formula: 'x',
  gradFormula: '\\bar x = \\textstyle\\sum \\text{(gradients of its consumers)}',
  inputs: [],
  attrs: {
    ...common,
    bind: { type: 'enum', values: ['features', 'labels'], optional: true, description: 'take the value from the training dataset' },
    encoding: {
      type: 'enum', values: ['index', 'onehot', 'column'], default: 'index',
      description: 'for bind "labels": class indices [N], one-hot [N, C], or a float column [N, 1]',
    },
  },
});

export const constant = defineSource({
  name: 'const',
  category: 'sources',
  label: 'const',
  description: 'const: a fixed tensor; never trained',
  formula: 'c',
  gradFormula: '\\bar c\\ \\text{is computed but never applied}',
  inputs: [],
  attrs: common,
});

export const param = defineSource({
  name: 'param',
  category: 'sources',
  label: 'param',
  description: 'param: a trainable tensor, updated by the optimiser from its gradient',
  formula: 'w',
  gradFormula: 'w \\leftarrow w - \\eta\\,\\bar w',
  inputs: [],
  attrs: {
    ...common,
    init: { type: 'enum', values: INITIALIZERS, default: 'xavier_uniform', description: 'initialiser used when no value is stored' },
    constant: { type: 'number', default: 0, description: 'fill value for init "constant"' },
    low: { type: 'number', default: -0.05, description: 'lower bound for init "uniform"' },
    high: { type: 'number', default: 0.05, description: 'upper bound for init "uniform"' },
    mean: { type: 'number', default: 0, description: 'mean for init "normal"' },
    std: { type: 'number', default: 0.01, min: 0, description: 'standard deviation for init "normal"' },
    seed: { type: 'int', optional: true, description: 'seed for this param alone (default: derived from the graph seed)' },
    frozen: { type: 'bool', default: false, description: 'kept as it is by training: the optimiser skips it (its gradient is still computed and shown)' },
  },
});

export const sourceOps: readonly SourceOpDef[] = [input, constant, param];
