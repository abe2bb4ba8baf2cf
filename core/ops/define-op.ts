/**
 * One record per op: name, ports, attrs, shape rule, forward, backward and the
 * text the editor shows. The engine, the command line and the editor's palette
 * all read these records through the registry; nothing else describes an op.
 */
import type { DeviceTensor } from '../backend/backend.js';
import type { Shape } from '../tensor/shape.js';
import type { CounterRng } from '../tensor/counter-random.js';
import type { HostTensor } from '../tensor/tensor.js';
import type { AnyAttrs, Attrs, AttrSpecs } from './attrs.js';
import type { Kernels } from './kernels.js';

/** Palette groups, in the order the editor lists them. */
export const OP_CATEGORIES = ['sources', 'binary', 'unary', 'linear algebra', 'shape', 'reduce', 'normalise', 'losses', 'layers'] as const;
export type OpCategory = (typeof OP_CATEGORIES)[number];

export type Mode = 'train' | 'eval';

export interface PortSpec {
  readonly name: string;
  /** One line: what the port expects. */
  readonly description: string;
  /** An optional port may be left unconnected (e.g. conv2d's bias). */
  readonly optional?: boolean;
  /** Data ports (loss targets, indices) never receive a gradient. */
  readonly noGrad?: boolean;
}

/** Text the editor shows for an op: palette entry, tooltip and inspector. */
export interface OpDocs {
  readonly category: OpCategory;
  /** Short label on the node, e.g. `+` or `matmul`. */
  readonly label: string;
  /** One line, e.g. "add: distributes the gradient unchanged to both inputs". */
  readonly description: string;
  /** Forward formula in KaTeX. */
  readonly formula: string;
  /** Backward rule in KaTeX, in terms of the upstream gradient \bar{y}. */
  readonly gradFormula: string;
}

/**
 * What a forward pass can use besides kernels. The kernel calls a forward or backward pass makes
 * must depend only on the attrs, the inputs' shapes, the mode and draws from `random` (never on
 * values read back or uploaded from the host): training steps are recorded once and replayed
 * (core/engine/replay.ts), and an op that uploads during a step is run op by op instead.
 */
export interface ForwardContext {
  readonly k: Kernels;
  readonly mode: Mode;
  /** Seeded counter-based draws for stochastic ops (dropout): one counter per draw. */
  readonly random: CounterRng;
  /** Persistent per-node state (batchnorm running statistics), keyed by attr name. */
  readonly state: Map<string, DeviceTensor>;
}

export interface ForwardResult<S> {
  readonly out: DeviceTensor;
  /** Whatever backward needs beyond inputs and output (a dropout mask, normalised activations). */
  readonly saved?: S;
}

export interface BackwardArgs<A extends AttrSpecs, S> {
  readonly inputs: readonly (DeviceTensor | undefined)[];
  readonly out: DeviceTensor;
  /** d(loss)/d(out), same shape as `out`. */
  readonly dy: DeviceTensor;
  readonly attrs: Attrs<A>;
  readonly saved: S | undefined;
  /** needs[i]: whether input i wants a gradient; skip work where it does not. */
  readonly needs: readonly boolean[];
  readonly mode: Mode;
}

/** A source op (input, const, param): no ports; the executor supplies its value. */
export interface SourceOpDef extends OpDocs {
  readonly kind: 'source';
  readonly name: string;
  readonly inputs: readonly PortSpec[];
  readonly attrs: AttrSpecs;
}

/** A compute op, type-erased as the registry stores it. */
export interface ComputeOpDef extends OpDocs {
  readonly kind: 'compute';
  readonly name: string;
  readonly inputs: readonly PortSpec[];
  readonly attrs: AttrSpecs;
  /** Output shape from input shapes (undefined for an unconnected optional port); throws ShapeError. */
  shape(inputs: readonly (Shape | undefined)[], attrs: AnyAttrs): Shape;
  forward(ctx: ForwardContext, inputs: readonly (DeviceTensor | undefined)[], attrs: AnyAttrs): ForwardResult<unknown>;
  /** One gradient per input port (null where none is needed or the port is unconnected). */
  backward(ctx: { readonly k: Kernels }, args: BackwardArgs<AttrSpecs, unknown>): readonly (DeviceTensor | null)[];
  /** Initial persistent state, keyed by attr name; attrs of the same name override it when present. */
  initState?(inputs: readonly (Shape | undefined)[], attrs: AnyAttrs): Record<string, HostTensor>;
}

export type OpDef = SourceOpDef | ComputeOpDef;

/** The typed form an op author writes; {@link defineOp} erases the types for the registry. */
export interface ComputeOpSpec<A extends AttrSpecs, S> extends OpDocs {
  readonly name: string;
  readonly inputs: readonly PortSpec[];
  readonly attrs: A;
  shape(inputs: readonly (Shape | undefined)[], attrs: Attrs<A>): Shape;
  forward(ctx: ForwardContext, inputs: readonly (DeviceTensor | undefined)[], attrs: Attrs<A>): DeviceTensor | ForwardResult<S>;
  backward(ctx: { readonly k: Kernels }, args: BackwardArgs<A, S>): readonly (DeviceTensor | null)[];
  initState?(inputs: readonly (Shape | undefined)[], attrs: Attrs<A>): Record<string, HostTensor>;
}

function isResult<S>(r: DeviceTensor | ForwardResult<S>): r is ForwardResult<S> {
  return 'out' in r;
}

/** Declares a compute op. Forward may return just the output tensor. */
export function defineOp<const A extends AttrSpecs, S = undefined>(spec: ComputeOpSpec<A, S>): ComputeOpDef {
  // The registry stores attrs untyped; the loader has already resolved them
  // against `spec.attrs`, so viewing them as Attrs<A> here is sound.
  const typed = (a: AnyAttrs) => a as Attrs<A>;
  return {
    ...spec,
    kind: 'compute',
    shape: (inputs, attrs) => spec.shape(inputs, typed(attrs)),
    forward: (ctx, inputs, attrs) => {
      const r = spec.forward(ctx, inputs, typed(attrs));
      return isResult(r) ? r : { out: r };
    },
    backward: (ctx, args) => spec.backward(ctx, { ...args, attrs: typed(args.attrs), saved: args.saved as S | undefined }),
    initState: spec.initState ? (inputs, attrs) => spec.initState!(inputs, typed(attrs)) : undefined,
  };
}

/** Declares a source op. */
export function defineSource(spec: Omit<SourceOpDef, 'kind'>): SourceOpDef {
  return { ...spec, kind: 'source' };
}
