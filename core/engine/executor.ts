/**
 * Runs plans on a backend. A Session owns what outlives a step (params,
 * constants, running statistics, optimiser-visible tensors) and caches one
 * plan per set of feed shapes; each run returns a StepResult owning that
 * step's temporaries until it is released.
 */
import type { Backend, DeviceTensor } from '../backend/backend.js';
import type { GraphDoc } from '../graph/types.js';
import type { ComputeOpDef, Mode } from '../ops/define-op.js';
import { Kernels } from '../ops/kernels.js';
import { CounterRng } from '../tensor/counter-random.js';
import { formatShape, type Shape, shapesEqual } from '../tensor/shape.js';
import type { HostTensor } from '../tensor/tensor.js';
import { buildPlan, compileStructure, type FeedShapes, type Plan, type PlanNode } from './compile.js';
import { initialize, paramRng } from './init.js';
import type { Structure } from './structure.js';

export interface SessionOptions {
  /** Seed for param initialisation and dropout masks (default 0). */
  readonly seed?: number;
  /** Feed shapes used to build the first plan (e.g. dataset-bound inputs). */
  readonly feedShapes?: FeedShapes;
}

export interface RunOptions {
  /** Default: the document's `mode`, else 'eval'. */
  readonly mode?: Mode;
  /** Tensors for inputs, by node id (dataset batches, or overrides of stored values). */
  readonly feeds?: Readonly<Record<string, HostTensor>>;
  /** Run the backward pass from the output (default true). */
  readonly backward?: boolean;
  /** Compute only what these nodes (and the output) need; default: every node. */
  readonly only?: readonly string[];
  /** Reseed the stochastic stream for this run (the gradient checker needs identical dropout masks). */
  readonly rngSeed?: number;
  /**
   * Keep the gradient each node sends to each of its inputs (before fan-out sums them), so the
   * editor can show what flows back along every edge; see StepResult.edgeGrad.
   */
  readonly edgeGrads?: boolean;
  /**
   * 'params': the backward pass computes only the gradients that flow on to a param, which is
   * all an optimizer step needs; a dataset input's gradient (dx of the first layer, often a
   * third of a step's work) is skipped. 'all' (the default): every node on the output's path,
   * as the editor shows them.
   */
  readonly grads?: 'all' | 'params';
}

/** Per plan: whether each node's gradient flows on to a param (it is one, or one is among its inputs' ancestors). */
const towardParams = new WeakMap<Plan, Uint8Array>();

function reachesParam(plan: Plan): Uint8Array {
  let r = towardParams.get(plan);
  if (r) return r;
  r = new Uint8Array(plan.nodes.length);
  // Nodes come in topological order: inputs before the nodes that read them.
  for (const n of plan.nodes) r[n.index] = n.op.name === 'param' || n.inputs.some((j) => j !== undefined && r![j] === 1) ? 1 : 0;
  towardParams.set(plan, r);
  return r;
}

export class Session {
  readonly structure: Structure;
  readonly mode: Mode;
  private readonly plans = new Map<string, Plan>();
  private readonly persistent = new Map<string, DeviceTensor>();
  private readonly state = new Map<string, Map<string, DeviceTensor>>();
  private readonly random: CounterRng;
  readonly k: Kernels;

  constructor(
    readonly doc: GraphDoc,
    readonly backend: Backend,
    private readonly opts: SessionOptions = {},
  ) {
    this.structure = compileStructure(doc);
    this.mode = doc.mode ?? 'eval';
    this.k = new Kernels(backend);
    this.random = new CounterRng(((opts.seed ?? 0) ^ 0x5eed) >>> 0);
    const plan = this.plan(opts.feedShapes ?? {});
    this.initPersistent(plan);
  }

  /** The plan for a set of feed shapes (built once, then cached). */
  plan(feedShapes: FeedShapes): Plan {
    const key = Object.keys(feedShapes).sort().map((id) => `${id}:${feedShapes[id].join('x')}`).join(';');
    let p = this.plans.get(key);
    if (!p) {
      p = buildPlan(this.structure, feedShapes);
      this.plans.set(key, p);
    }
    return p;
  }

  /** Ids of trainable params, in topological order. */
  get paramIds(): string[] {
    return this.firstPlan().nodes.filter((n) => n.op.name === 'param').map((n) => n.id);
  }

  /** The live tensor of a param (optimisers update it in place). */
  param(id: string): DeviceTensor {
    const t = this.persistent.get(id);
    if (!t) throw new Error(`no param "${id}"`);
    return t;
  }

  /** Replaces a param's value (e.g. loading weights). */
  setParam(id: string, value: HostTensor): void {
    const old = this.param(id);
    if (!shapesEqual(old.shape, value.shape)) throw new RangeError(`param "${id}" has shape ${formatShape(old.shape)}, not ${formatShape(value.shape)}`);
    this.backend.release(old);
    this.persistent.set(id, this.backend.upload(value.shape, value.data));
  }

  /** Current values of params and persistent op state, for saving a trained graph. */
  async exportState(): Promise<{ params: Map<string, HostTensor>; opState: Map<string, Map<string, HostTensor>> }> {
    const params = new Map<string, HostTensor>();
    for (const id of this.paramIds) {
      const t = this.param(id);
      params.set(id, { shape: t.shape, data: await this.backend.download(t) });
    }
    const opState = new Map<string, Map<string, HostTensor>>();
    for (const [id, m] of this.state) {
      const out = new Map<string, HostTensor>();
      for (const [name, t] of m) out.set(name, { shape: t.shape, data: await this.backend.download(t) });
      opState.set(id, out);
    }
    return { params, opState };
  }

  /** Puts back values taken by exportState (params and persistent op state of the same graph). */
  importState(saved: { readonly params: ReadonlyMap<string, HostTensor>; readonly opState: ReadonlyMap<string, ReadonlyMap<string, HostTensor>> }): void {
    for (const [id, value] of saved.params) this.setParam(id, value);
    for (const [id, values] of saved.opState) {
      let m = this.state.get(id);
      if (!m) {
        // A session makes a node's op state at the node's first run: a fresh one (a new run going on
        // from where the last left off) has made none yet, so it is made here to be overwritten.
        const plan = this.firstPlan();
        const i = plan.indexOf.get(id);
        if (i === undefined) throw new Error(`no op state for "${id}"`);
        m = this.nodeState(plan.nodes[i], plan);
      }
      for (const [name, value] of values) {
        const old = m.get(name);
        if (old) this.backend.release(old);
        m.set(name, this.backend.upload(value.shape, value.data));
      }
    }
  }

  /** One forward pass and, unless disabled, one backward pass. */
  run(opts: RunOptions = {}): StepResult {
    const feeds = opts.feeds ?? {};
    const feedShapes: Record<string, Shape> = {};
    for (const [id, t] of Object.entries(feeds)) feedShapes[id] = t.shape;
    const plan = this.plan({ ...(this.opts.feedShapes ?? {}), ...feedShapes });
    const mode = opts.mode ?? this.mode;
    const random = opts.rngSeed === undefined ? this.random : new CounterRng(opts.rngSeed);
    const k = this.k;
    // Tensors made through `k` since the last run (the gradient checker's zero gradients) belong to no step: freed here.
    k.releaseCreated(this.liveState());
    try {
      const result = this.runPlan(plan, mode, random, feeds, opts);
      this.backend.flush?.();
      return result;
    } catch (e) {
      // A run that fails part-way (a shape error inside an op) leaves no tensors behind.
      k.releaseCreated(this.liveState());
      throw e;
    }
  }

  private runPlan(plan: Plan, mode: Mode, random: CounterRng, feeds: Readonly<Record<string, HostTensor>>, opts: RunOptions): StepResult {
    const k = this.k;
    const wanted = this.wanted(plan, opts.only);
    const values: (DeviceTensor | undefined)[] = new Array(plan.nodes.length);
    const saved: unknown[] = new Array(plan.nodes.length);

    for (const n of plan.nodes) {
      if (!wanted[n.index]) continue;
      if (n.op.kind === 'source') {
        const fed = feeds[n.id];
        values[n.index] = fed ? k.upload(fed.shape, fed.data) : this.persistent.get(n.id);
        continue;
      }
      const ins = n.inputs.map((j) => (j === undefined ? undefined : values[j]));
      const state = this.nodeState(n, plan);
      const before = new Map(state);
      const r = n.op.forward({ k, mode, random, state }, ins, n.attrs);
      values[n.index] = r.out;
      saved[n.index] = r.saved;
      // Replaced running statistics are dropped now; their successors outlive the step.
      for (const [name, old] of before) if (state.get(name) !== old) this.backend.release(old);
    }

    const grads: (DeviceTensor | undefined)[] = new Array(plan.nodes.length);
    const sent: (DeviceTensor | undefined)[][] | undefined = opts.edgeGrads ? [] : undefined;
    if (opts.backward ?? true) this.backward(plan, values, saved, grads, mode, sent, opts.grads === 'params' ? reachesParam(plan) : undefined);
    const live = this.liveState();
    const temporaries = k.takeCreated().filter((t) => !live.has(t));
    return new StepResult(plan, values, grads, mode, this.backend, temporaries, sent);
  }

  /** Op state tensors (running statistics): made through `k` during a run, but they outlive it. */
  private liveState(): Set<DeviceTensor> {
    const live = new Set<DeviceTensor>();
    for (const m of this.state.values()) for (const t of m.values()) live.add(t);
    return live;
  }

  private backward(
    plan: Plan,
    values: (DeviceTensor | undefined)[],
    saved: unknown[],
    grads: (DeviceTensor | undefined)[],
    mode: Mode,
    sent: (DeviceTensor | undefined)[][] | undefined,
    /** When given, only nodes marked here get a gradient. */
    toward: Uint8Array | undefined,
  ): void {
    const k = this.k;
    const needed = (j: number) => plan.nodes[j].onPath && (toward === undefined || toward[j] === 1);
    const out = plan.nodes[plan.output];
    grads[out.index] = k.fill(out.shape, 1);
    for (let i = plan.output; i >= 0; i--) {
      const n = plan.nodes[i];
      const dy = grads[i];
      if (!dy || n.op.kind === 'source') continue;
      const op: ComputeOpDef = n.op;
      const needs = n.inputs.map((j) => j !== undefined && needed(j));
      const ins = n.inputs.map((j) => (j === undefined ? undefined : values[j]));
      const gs = op.backward({ k }, { inputs: ins, out: values[i] as DeviceTensor, dy, attrs: n.attrs, saved: saved[i], needs, mode });
      n.inputs.forEach((j, p) => {
        const g = gs[p];
        if (j === undefined || !g || !needs[p]) return;
        const target = plan.nodes[j];
        if (!shapesEqual(g.shape, target.shape)) {
          throw new Error(`internal: ${op.name} gave port "${op.inputs[p].name}" a gradient of shape ${formatShape(g.shape)}, expected ${formatShape(target.shape)}`);
        }
        if (sent) (sent[i] ??= [])[p] = g;
        // Fan-out: gradients from every consumer add up.
        const prev = grads[j];
        grads[j] = prev ? k.add(prev, g) : g;
      });
    }
    // Nodes on the path whose gradient is identically zero (e.g. class-index targets) still report one.
    for (const n of plan.nodes) if (needed(n.index) && !grads[n.index]) grads[n.index] = k.fill(n.shape, 0);
  }

  /** Which nodes to compute: everything, or the ancestors of `only` plus the output. */
  private wanted(plan: Plan, only: readonly string[] | undefined): Uint8Array {
    const w = new Uint8Array(plan.nodes.length);
    if (!only) return w.fill(1);
    const stack = [plan.output, ...only.map((id) => plan.indexOf.get(id)).filter((i): i is number => i !== undefined)];
    for (const i of stack) w[i] = 1;
    while (stack.length) {
      for (const j of plan.nodes[stack.pop() as number].inputs) {
        if (j !== undefined && !w[j]) {
          w[j] = 1;
          stack.push(j);
        }
      }
    }
    return w;
  }

  private firstPlan(): Plan {
    return this.plans.values().next().value as Plan;
  }

  /** Uploads stored values and initialises params once per session. */
  private initPersistent(plan: Plan): void {
    const seed = this.opts.seed ?? 0;
    for (const n of plan.nodes) {
      if (n.op.kind !== 'source' || n.attrs['bind'] !== undefined) continue;
      let value = n.literal;
      if (!value) value = n.op.name === 'param' ? initialize(n.shape, n.attrs, paramRng(seed, n.id, n.attrs)) : { shape: n.shape, data: new Float32Array(n.shape.reduce((a, d) => a * d, 1)) };
      this.persistent.set(n.id, this.backend.upload(value.shape, value.data));
    }
  }

  private nodeState(n: PlanNode, plan: Plan): Map<string, DeviceTensor> {
    let m = this.state.get(n.id);
    if (m) return m;
    m = new Map();
    const op = n.op as ComputeOpDef;
    if (op.initState) {
      const ins = n.inputs.map((j) => (j === undefined ? undefined : plan.nodes[j].shape));
      for (const [name, t] of Object.entries(op.initState(ins, n.attrs))) m.set(name, this.backend.upload(t.shape, t.data));
    }
    this.state.set(n.id, m);
    return m;
  }

  dispose(): void {
    this.k.dispose();
    for (const t of this.persistent.values()) this.backend.release(t);
    for (const m of this.state.values()) for (const t of m.values()) this.backend.release(t);
    this.persistent.clear();
    this.state.clear();
  }
}

/** Values and gradients of one run. Owns the run's temporaries until {@link release}. */
export class StepResult {
  constructor(
    readonly plan: Plan,
    private readonly values: readonly (DeviceTensor | undefined)[],
    private readonly grads: readonly (DeviceTensor | undefined)[],
    readonly mode: Mode,
    private readonly backend: Backend,
    private readonly temporaries: DeviceTensor[],
    private readonly sent?: readonly (readonly (DeviceTensor | undefined)[] | undefined)[],
  ) {}

  /**
   * With RunOptions.edgeGrads: the gradient node `id` sent back through its input `port` (the
   * partial d(output)/d(input) along that edge; a value feeding several nodes gets their sum).
   */
  edgeGrad(id: string, port: number): DeviceTensor | undefined {
    const i = this.plan.indexOf.get(id);
    return i === undefined ? undefined : this.sent?.[i]?.[port];
  }

  value(id: string): DeviceTensor | undefined {
    const i = this.plan.indexOf.get(id);
    return i === undefined ? undefined : this.values[i];
  }

  grad(id: string): DeviceTensor | undefined {
    const i = this.plan.indexOf.get(id);
    return i === undefined ? undefined : this.grads[i];
  }

  get output(): DeviceTensor {
    return this.values[this.plan.output] as DeviceTensor;
  }

  async read(t: DeviceTensor): Promise<HostTensor> {
    return { shape: t.shape, data: await this.backend.download(t) };
  }

  /** Frees this step's temporaries (params, constants and state stay). */
  release(): void {
    for (const t of this.temporaries) this.backend.release(t);
    this.temporaries.length = 0;
  }
}
