/**
 * Optimisers on top of the backend's fused in-place `update` kernel: this
 * module only maps the training block's settings to a rule and its
 * hyper-parameters, and owns each param's state tensors (velocity, moments).
 */
import { type Backend, type DeviceTensor, stateCount, type UpdateHyper, type UpdateRule } from '../backend/backend.js';
import { assertNever } from '../ops/attrs.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import type { OptimizerConfig } from './config.js';

/** The backend rule for an optimiser: sgd splits into sgd, momentum and nesterov. */
export function updateRule(config: OptimizerConfig): UpdateRule {
  switch (config.type) {
    case 'sgd':
      if (config.momentum === 0) return 'sgd';
      return config.nesterov ? 'nesterov' : 'momentum';
    case 'adam':
      return 'adam';
    case 'rmsprop':
      return 'rmsprop';
    default:
      return assertNever(config);
  }
}

/** Hyper-parameters for one update at learning rate `lr`; `t` is the 1-based step count (Adam's bias correction). */
export function updateHyper(config: OptimizerConfig, lr: number, t: number): UpdateHyper {
  const base = { lr, weightDecay: config.weightDecay, momentum: 0, beta1: 0, beta2: 0, eps: 0, t };
  switch (config.type) {
    case 'sgd':
      return { ...base, momentum: config.momentum };
    case 'adam':
      return { ...base, beta1: config.beta1, beta2: config.beta2, eps: config.eps };
    case 'rmsprop':
      // The backend reads rmsprop's squared-gradient decay (PyTorch's alpha) from beta2.
      return { ...base, beta2: config.alpha, eps: config.eps };
    default:
      return assertNever(config);
  }
}

/** One param to update: its live tensor (changed in place) and this step's gradient. */
export interface ParamGrad {
  readonly id: string;
  readonly param: DeviceTensor;
  readonly grad: DeviceTensor;
}

/**
 * Applies an optimiser to a set of params step after step. State tensors are
 * made (zero-filled, shaped like the param) the first time a param is seen and
 * kept until {@link dispose}.
 */
export class Optimizer {
  private ruleNow: UpdateRule;
  private configNow: OptimizerConfig;
  private readonly state = new Map<string, DeviceTensor[]>();
  private t = 0;

  constructor(
    private readonly backend: Backend,
    config: OptimizerConfig,
  ) {
    this.configNow = config;
    this.ruleNow = updateRule(config);
  }

  get rule(): UpdateRule {
    return this.ruleNow;
  }

  get config(): OptimizerConfig {
    return this.configNow;
  }

  /**
   * New hyper-parameters from the next step on (the editor changes them while training). The same
   * rule keeps its state (velocity, moments) and step count; another rule starts from zero state,
   * as a freshly made optimiser would.
   */
  reconfigure(config: OptimizerConfig): void {
    const rule = updateRule(config);
    if (rule !== this.ruleNow) this.dispose();
    this.configNow = config;
    this.ruleNow = rule;
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.t;
  }

  /** One update of every param in `params` at learning rate `lr`. */
  step(params: readonly ParamGrad[], lr: number): void {
    this.t++;
    const hyper = updateHyper(this.config, lr, this.t);
    for (const { id, param, grad } of params) {
      if (!shapesEqual(param.shape, grad.shape)) {
        throw new RangeError(`param "${id}" has shape ${formatShape(param.shape)} but its gradient has shape ${formatShape(grad.shape)}`);
      }
      this.backend.run({ kind: 'update', rule: this.rule, param, grad, state: this.stateOf(id, param), hyper });
    }
  }

  private stateOf(id: string, param: DeviceTensor): DeviceTensor[] {
    let s = this.state.get(id);
    if (!s) {
      s = Array.from({ length: stateCount(this.rule) }, () => this.backend.alloc(param.shape));
      this.state.set(id, s);
    }
    return s;
  }

  /** Frees every state tensor; the next step starts from zero state. */
  dispose(): void {
    for (const s of this.state.values()) for (const t of s) this.backend.release(t);
    this.state.clear();
    this.t = 0;
  }
}
