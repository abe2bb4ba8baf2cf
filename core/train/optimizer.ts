/**
 * Optimisers on top of the backend's fused in-place `update` kernel: this
 * module only maps the training block's settings to a rule and its
 * hyper-parameters, and owns each param's state tensors (velocity, moments).
 */
import { type Backend, type DeviceTensor, type KernelCall, stateCount, type UpdateHyper, type UpdateRule } from '../backend/backend.js';
import { isSyncBackend } from './diagnose.js';
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type UpdateCall = Mutable<Extract<KernelCall, { kind: 'update' }>>;

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
  /** Update records by param, refilled each step (see {@link call}). */
  private readonly calls = new Map<string, UpdateCall>();
  private readonly runsAtOnce: boolean;

  constructor(
    private readonly backend: Backend,
    config: OptimizerConfig,
  ) {
    this.configNow = config;
    this.ruleNow = updateRule(config);
    this.runsAtOnce = isSyncBackend(backend);
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
    // Indexed: a step's updates make no iterator.
    for (let i = 0; i < params.length; i++) {
      const { id, param, grad } = params[i];
      if (!shapesEqual(param.shape, grad.shape)) {
        throw new RangeError(`param "${id}" has shape ${formatShape(param.shape)} but its gradient has shape ${formatShape(grad.shape)}`);
      }
      this.backend.run(this.call(id, param, grad, hyper));
    }
  }

  /**
   * The update call for one param. A backend that runs a call at once (the CPU) gets the same
   * record each step, refilled, so that a step's updates allocate nothing; one that may queue the
   * call and read it later (WebGPU) gets a new one.
   */
  private call(id: string, param: DeviceTensor, grad: DeviceTensor, hyper: UpdateHyper): UpdateCall {
    const state = this.stateOf(id, param);
    if (!this.runsAtOnce) return { kind: 'update', rule: this.rule, param, grad, state, hyper };
    let c = this.calls.get(id);
    if (!c) {
      c = { kind: 'update', rule: this.rule, param, grad, state, hyper };
      this.calls.set(id, c);
    }
    c.rule = this.rule;
    c.param = param;
    c.grad = grad;
    c.state = state;
    c.hyper = hyper;
    return c;
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
    this.calls.clear();
    this.t = 0;
  }
}
