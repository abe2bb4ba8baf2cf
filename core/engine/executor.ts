/**
 * Runs plans on a backend. A Session owns what outlives a step (params,
 * constants, running statistics, optimiser-visible tensors) and caches one
 * plan per set of feed shapes; each run returns a StepResult owning that
 * step's temporaries until it is released.
 */
import { type Backend, type DeviceTensor, isReplayBackend, type ReplayBackend } from '../backend/backend.js';
import type { GraphDoc } from '../graph/types.js';
import type { ComputeOpDef, Mode } from '../ops/define-op.js';
import { Kernels } from '../ops/kernels.js';
import { CounterRng } from '../tensor/counter-random.js';
import { formatShape, type Shape, shapesEqual } from '../tensor/shape.js';
import type { HostTensor } from '../tensor/tensor.js';
import { buildPlan, compileStructure, type FeedShapes, type Plan, type PlanNode } from './compile.js';
import { initialize, paramRng } from './init.js';
import { matchesSignature, Replay, type ReplayFeed, type ReplaySignature, type StateCopy } from './replay.js';
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
  /**
   * The caller is done with the result before its next run (the trainer's steps). On a backend
   * that can replay (the CPU), a run made again with the same options and feed shapes then
   * comes from a recording of the kernels (./replay.ts): the result's tensors are the session's,
   * overwritten by that next run, and reading a stale result throws. Not with rngSeed or edgeGrads.
   */
  readonly reuse?: boolean;
}

/** Replays a session keeps (one per batch shape and mode in use); the least recently made goes first. */
const MAX_REPLAYS = 4;
/** Run shapes a session counts towards a replay. */
const MAX_REPLAY_SLOTS = 16;

/** A run shape (feed shapes, mode, options) whose runs may be recorded and replayed. */
interface ReplaySlot {
  readonly signature: ReplaySignature;
  /** Runs so far: the first makes op state and constants; the second is recorded. */
  runs: number;
  replay?: Replay;
  /** Why its runs cannot be replayed. */
  refused?: string;
}

/** What a run being recorded collects besides the kernel calls. */
interface Capture {
  readonly feeds: ReplayFeed[];
  readonly stateCopies: StateCopy[];
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
  /** Run shapes of runs with reuse, oldest first; searched at each such run. */
  private readonly slots: ReplaySlot[] = [];
  private params: readonly string[] | undefined;

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
  get paramIds(): readonly string[] {
    // Asked for at every training step: worked out once (the first plan's nodes never change).
    this.params ??= this.firstPlan().nodes.filter((n) => n.op.name === 'param').map((n) => n.id);
    return this.params;
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
    this.dropReplays();
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
    // Replays read the tensors replaced here.
    this.dropReplays();
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
    const mode = opts.mode ?? this.mode;
    const reusable = opts.reuse === true && opts.rngSeed === undefined && opts.edgeGrads !== true && isReplayBackend(this.backend);
    // A steady-state training step: its replay is found without building a key or a plan.
    const slot = reusable ? this.replaySlot(feeds, mode, opts) : undefined;
    const replay = slot?.replay;
    if (replay) {
      replay.run(feeds, this.random);
      return new StepResult(replay.plan, replay.values, replay.grads, mode, this.backend, [], undefined, replay);
    }
    const feedShapes: Record<string, Shape> = {};
    for (const [id, t] of Object.entries(feeds)) feedShapes[id] = t.shape;
    const plan = this.plan({ ...(this.opts.feedShapes ?? {}), ...feedShapes });
    const random = opts.rngSeed === undefined ? this.random : new CounterRng(opts.rngSeed);
    const k = this.k;
    // Tensors made through `k` since the last run (the gradient checker's zero gradients) belong to no step: freed here.
    k.releaseCreated(this.liveState());
    // Recorded at its second run: the first makes the op state and constants a replay reads.
    const capture: Capture | undefined = slot && slot.refused === undefined && slot.runs++ >= 1 ? { feeds: [], stateCopies: [] } : undefined;
    if (capture) k.record();
    try {
      const result = this.runPlan(plan, mode, random, feeds, opts, capture);
      this.backend.flush?.();
      return capture && slot ? this.keepReplay(slot, result, capture) : result;
    } catch (e) {
      // A run that fails part-way (a shape error inside an op) leaves no tensors behind.
      if (capture) k.endRecording();
      k.releaseCreated(this.liveState());
      throw e;
    }
  }

  /** The slot of a run that may be replayed (see RunOptions.reuse): found, or made to count its runs until one is recorded. */
  private replaySlot(feeds: Readonly<Record<string, HostTensor>>, mode: Mode, opts: RunOptions): ReplaySlot {
    const backward = opts.backward ?? true;
    const grads = opts.grads ?? 'all';
    for (let i = 0; i < this.slots.length; i++) if (matchesSignature(this.slots[i].signature, feeds, mode, opts.only, backward, grads)) return this.slots[i];
    // Run shapes come and go (a reconfigured batch size): the oldest is forgotten, its replay freed.
    if (this.slots.length >= MAX_REPLAY_SLOTS) this.dropSlot(this.slots[0]);
    const fed = Object.entries(feeds).map(([id, t]) => ({ id, shape: t.shape }));
    const slot: ReplaySlot = { signature: { mode, only: opts.only && [...opts.only], backward, grads, fed }, runs: 0 };
    this.slots.push(slot);
    return slot;
  }

  /** Turns a recorded run into its slot's replay; the run's result becomes the replay's first. */
  private keepReplay(slot: ReplaySlot, result: StepResult, capture: Capture): StepResult {
    const rec = this.k.endRecording();
    if ('spoiled' in rec) {
      slot.refused = rec.spoiled;
      return result;
    }
    const replay = new Replay(this.backend as ReplayBackend, {
      plan: result.plan,
      mode: result.mode,
      calls: rec.calls,
      feeds: capture.feeds,
      stateCopies: capture.stateCopies,
      values: result.valuesByIndex,
      grads: result.gradsByIndex,
      owned: result.takeTemporaries(),
    });
    replay.generation = 1;
    slot.replay = replay;
    // Past the limit, the oldest other replay goes (never this one: its tensors are the result's).
    const replayed = this.slots.filter((s) => s.replay);
    if (replayed.length > MAX_REPLAYS) this.dropSlot(replayed.find((s) => s !== slot) as ReplaySlot);
    return new StepResult(replay.plan, replay.values, replay.grads, replay.mode, this.backend, [], undefined, replay);
  }

  private dropSlot(slot: ReplaySlot): void {
    slot.replay?.dispose();
    this.slots.splice(this.slots.indexOf(slot), 1);
  }

  /** Forgets every replay (their tensors are freed): they read params or state about to be replaced. */
  private dropReplays(): void {
    for (const slot of this.slots) slot.replay?.dispose();
    this.slots.length = 0;
  }

  private runPlan(
    plan: Plan,
    mode: Mode,
    random: CounterRng,
    feeds: Readonly<Record<string, HostTensor>>,
    opts: RunOptions,
    capture: Capture | undefined,
  ): StepResult {
    const k = this.k;
    const wanted = this.wanted(plan, opts.only);
    const values: (DeviceTensor | undefined)[] = new Array(plan.nodes.length);
    const saved: unknown[] = new Array(plan.nodes.length);
    // On a backend that replays, op state keeps its tensors: new values are copied into them, so
    // a replay (this run's or another's) always reads the state as it is now.
    const keepStateTensors = isReplayBackend(this.backend);

    for (const n of plan.nodes) {
      if (!wanted[n.index]) continue;
      if (n.op.kind === 'source') {
        const fed = feeds[n.id];
        if (fed) {
          const t = k.input(fed.shape, fed.data);
          capture?.feeds.push({ id: n.id, tensor: t });
          values[n.index] = t;
        } else values[n.index] = this.persistent.get(n.id);
        continue;
      }
      const ins = n.inputs.map((j) => (j === undefined ? undefined : values[j]));
      const state = this.nodeState(n, plan);
      const before = new Map(state);
      const r = n.op.forward({ k, mode, random, state }, ins, n.attrs);
      values[n.index] = r.out;
      saved[n.index] = r.saved;
      for (const [name, old] of before) {
        const now = state.get(name);
        if (now === old || now === undefined) continue;
        if (keepStateTensors) {
          (this.backend as ReplayBackend).copy(now, old);
          state.set(name, old);
          // The op's new tensor is this step's temporary (the replay's, when recorded).
          capture?.stateCopies.push({ from: now, to: old });
        } else {
          // Replaced running statistics are dropped now; their successors outlive the step.
          this.backend.release(old);
        }
      }
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
    this.dropReplays();
    this.k.dispose();
    for (const t of this.persistent.values()) this.backend.release(t);
    for (const m of this.state.values()) for (const t of m.values()) this.backend.release(t);
    this.persistent.clear();
    this.state.clear();
  }
}

/**
 * Values and gradients of one run. Owns the run's temporaries until {@link release}; a replayed
 * run's tensors are its replay's, valid until the replay runs again.
 */
export class StepResult {
  /** The replay's run this result is of (see {@link fresh}). */
  private readonly generation: number;

  constructor(
    readonly plan: Plan,
    private readonly values: readonly (DeviceTensor | undefined)[],
    private readonly grads: readonly (DeviceTensor | undefined)[],
    readonly mode: Mode,
    private readonly backend: Backend,
    private temporaries: DeviceTensor[],
    private readonly sent?: readonly (readonly (DeviceTensor | undefined)[] | undefined)[],
    private readonly replay?: Replay,
  ) {
    this.generation = replay?.generation ?? 0;
  }

  /** Every value by plan index (the session records a replay from them). */
  get valuesByIndex(): readonly (DeviceTensor | undefined)[] {
    return this.values;
  }

  get gradsByIndex(): readonly (DeviceTensor | undefined)[] {
    return this.grads;
  }

  /** Hands this run's temporaries over to the caller (a replay keeps them); release then frees nothing. */
  takeTemporaries(): DeviceTensor[] {
    const t = this.temporaries;
    this.temporaries = [];
    return t;
  }

  /** Throws once a later run of the same replay has overwritten this result's tensors. */
  private fresh(): void {
    if (this.replay && this.replay.generation !== this.generation) {
      throw new Error('this step result is stale: a later run with reuse has overwritten its tensors (read results before the next run)');
    }
  }

  /**
   * With RunOptions.edgeGrads: the gradient node `id` sent back through its input `port` (the
   * partial d(output)/d(input) along that edge; a value feeding several nodes gets their sum).
   */
  edgeGrad(id: string, port: number): DeviceTensor | undefined {
    this.fresh();
    const i = this.plan.indexOf.get(id);
    return i === undefined ? undefined : this.sent?.[i]?.[port];
  }

  value(id: string): DeviceTensor | undefined {
    this.fresh();
    const i = this.plan.indexOf.get(id);
    return i === undefined ? undefined : this.values[i];
  }

  grad(id: string): DeviceTensor | undefined {
    this.fresh();
    const i = this.plan.indexOf.get(id);
    return i === undefined ? undefined : this.grads[i];
  }

  get output(): DeviceTensor {
    this.fresh();
    return this.values[this.plan.output] as DeviceTensor;
  }

  async read(t: DeviceTensor): Promise<HostTensor> {
    this.fresh();
    return { shape: t.shape, data: await this.backend.download(t) };
  }

  /** Frees this step's temporaries (params, constants and state stay). */
  release(): void {
    for (const t of this.temporaries) this.backend.release(t);
    this.temporaries.length = 0;
  }
}
