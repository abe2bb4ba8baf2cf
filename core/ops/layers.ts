/**
 * Layer ops: dropout, batchnorm, conv2d and the two pools. Convolution and
 * pooling use NCHW layout and PyTorch's output-size rule
 * floor((size + 2·padding − kernel) / stride) + 1.
 */
import type { DeviceTensor, PoolKind, Window2d } from '../backend/backend.js';
import { parseTensorLiteral } from '../graph/literal.js';
import { formatShape as fs, type Shape, ShapeError, shapesEqual } from '../tensor/shape.js';
import { dropoutThreshold } from '../tensor/counter-random.js';
import type { HostTensor } from '../tensor/tensor.js';
import { type ComputeOpDef, defineOp } from './define-op.js';
import type { Kernels } from './kernels.js';

type Pair = readonly [number, number];

export const dropout = defineOp({
  name: 'dropout',
  category: 'layers',
  label: 'dropout',
  description: 'dropout: in train mode zeroes each value with probability p and scales the rest by 1/(1−p); identity in eval',
  formula: 'y = x \\cdot m,\\quad m_i = [u_i \\ge p] / (1 - p)',
  gradFormula: '\\bar x = m\\,\\bar y',
  inputs: [{ name: 'x', description: 'input' }],
  // p = 1 would scale the kept values by 1/0; the range lives in the spec only, so help texts cannot contradict it.
  attrs: { p: { type: 'number', default: 0.5, min: 0, max: 1, exclusiveMax: true, description: 'probability of dropping a value' } },
  shape: ([x], { p }) => {
    if (p >= 1) throw new ShapeError(`dropout: p must be below 1 (p = 1 would drop everything), got ${p}`);
    return x as Shape;
  },
  forward: ({ k, mode, random }, [x], { p }) => {
    const xt = x as DeviceTensor;
    if (mode === 'eval' || p === 0) return xt;
    // Counter-based, so a seed fixes the mask on every backend; drawn on the device, the host
    // computing only the draw's key and threshold.
    const mask = k.dropoutMask(xt.shape, random, dropoutThreshold(p), 1 / (1 - p));
    return { out: k.mul(xt, mask), saved: mask };
  },
  backward: ({ k }, { dy, saved }) => [saved ? k.mul(dy, saved) : dy],
});

/** Axes batchnorm averages over: every axis but the channel axis 1. */
function statAxes(rank: number): number[] {
  return Array.from({ length: rank }, (_, i) => i).filter((i) => i !== 1);
}

/** `[1, C, 1, ...]`: a per-channel vector laid out to broadcast against x. */
function channelView(xShape: Shape): number[] {
  return xShape.map((d, i) => (i === 1 ? d : 1));
}

type RunningName = 'running_mean' | 'running_var';

/** The stored running statistic, or the PyTorch start value (mean 0, variance 1). */
function initialStat(name: RunningName, value: unknown, channels: number): HostTensor {
  if (value !== undefined) return parseTensorLiteral(value);
  return { shape: [channels], data: new Float32Array(channels).fill(name === 'running_mean' ? 0 : 1) };
}

function checkStat(name: RunningName, value: unknown, x: Shape): void {
  if (value === undefined) return;
  let t: HostTensor;
  try {
    t = parseTensorLiteral(value);
  } catch (e) {
    throw new ShapeError(`batchnorm: attr ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!shapesEqual(t.shape, [x[1]])) throw new ShapeError(`batchnorm: ${name} has shape ${fs(t.shape)} but x ${fs(x)} has ${x[1]} channels: expected [${x[1]}]`);
  if (name === 'running_var' && t.data.some((v) => v < 0)) throw new ShapeError('batchnorm: running_var must not be negative');
}

interface BatchnormSaved {
  readonly xhat: DeviceTensor;
  /** 1/sqrt(var + eps), in channel view. */
  readonly invstd: DeviceTensor;
  readonly gamma: DeviceTensor;
  readonly train: boolean;
}

const statAttr = (what: string) => ({ type: 'tensor', optional: true, description: `${what} per channel, for eval mode (updated in train mode; stored after training)` }) as const;

export const batchnorm = defineOp({
  name: 'batchnorm',
  category: 'layers',
  label: 'batchnorm',
  description: 'batchnorm: normalises each channel to mean 0, variance 1 over the batch, then scales by gamma and shifts by beta',
  formula: 'y = \\gamma\\,\\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}} + \\beta',
  gradFormula: '\\bar x = \\frac{\\gamma}{\\sqrt{\\sigma^2+\\epsilon}}\\big(\\bar y - \\operatorname{mean}(\\bar y) - \\hat x \\operatorname{mean}(\\bar y\\,\\hat x)\\big)',
  inputs: [
    { name: 'x', description: 'input [N, C], [N, C, L] or [N, C, H, W]; statistics per channel (dim 1) over all other axes' },
    { name: 'gamma', description: 'scale [C]' },
    { name: 'beta', description: 'shift [C]' },
  ],
  attrs: {
    momentum: { type: 'number', default: 0.1, min: 0, max: 1, description: 'weight of the new batch in the running statistics' },
    eps: { type: 'number', default: 1e-5, min: 0, exclusiveMin: true, description: 'added to the variance before the square root' },
    running_mean: statAttr('mean'),
    running_var: statAttr('variance'),
  },
  shape: ([x, gamma, beta], attrs) => {
    const xs = x as Shape;
    if (xs.length < 2) throw new ShapeError(`batchnorm: x must be [N, C] or [N, C, H, W], got ${fs(xs)}`);
    for (const [name, s] of [['gamma', gamma], ['beta', beta]] as const) {
      if (!shapesEqual(s as Shape, [xs[1]])) throw new ShapeError(`batchnorm: ${name} ${fs(s as Shape)} does not match x ${fs(xs)}: expected [${xs[1]}] (one per channel)`);
    }
    checkStat('running_mean', attrs.running_mean, xs);
    checkStat('running_var', attrs.running_var, xs);
    return xs;
  },
  initState: ([x], attrs) => {
    const c = x && x.length >= 2 ? x[1] : 0;
    return { running_mean: initialStat('running_mean', attrs.running_mean, c), running_var: initialStat('running_var', attrs.running_var, c) };
  },
  forward: ({ k, mode, state }, [x, gamma, beta], attrs) => {
    const xt = x as DeviceTensor;
    const axes = statAxes(xt.shape.length);
    const view = channelView(xt.shape);
    const c = xt.shape[1];
    const running = (name: RunningName) => state.get(name) ?? upload(k, initialStat(name, attrs[name], c));
    const invstdOf = (variance: DeviceTensor) => k.unary('recip', k.unary('sqrt', k.add(variance, k.scalar(attrs.eps))));
    let xhat: DeviceTensor;
    let invstd: DeviceTensor;
    if (mode === 'train') {
      const mean = k.mean(xt, axes, true);
      const centred = k.sub(xt, mean);
      const variance = k.mean(k.unary('square', centred), axes, true);
      invstd = invstdOf(variance);
      xhat = k.mul(centred, invstd);
      // Like PyTorch, the running variance tracks the unbiased estimate.
      const count = xt.size / Math.max(c, 1);
      const unbiased = count > 1 ? count / (count - 1) : 1;
      const blend = (name: RunningName, batch: DeviceTensor, scale: number) =>
        state.set(name, k.add(k.scale(running(name), 1 - attrs.momentum), k.scale(k.reshape(batch, [c]), attrs.momentum * scale)));
      blend('running_mean', mean, 1);
      blend('running_var', variance, unbiased);
    } else {
      invstd = invstdOf(k.reshape(running('running_var'), view));
      xhat = k.mul(k.sub(xt, k.reshape(running('running_mean'), view)), invstd);
    }
    const g = k.reshape(gamma as DeviceTensor, view);
    const out = k.add(k.mul(xhat, g), k.reshape(beta as DeviceTensor, view));
    return { out, saved: { xhat, invstd, gamma: g, train: mode === 'train' } as BatchnormSaved };
  },
  backward: ({ k }, { dy, saved, needs }) => {
    const { xhat, invstd, gamma, train } = saved as BatchnormSaved;
    const axes = statAxes(dy.shape.length);
    let dx: DeviceTensor | null = null;
    if (needs[0]) {
      const dxhat = k.mul(dy, gamma);
      // In train mode the batch statistics depend on x too, which removes the gradient's mean and its projection on xhat.
      dx = train
        ? k.mul(invstd, k.sub(k.sub(dxhat, k.mean(dxhat, axes, true)), k.mul(xhat, k.mean(k.mul(dxhat, xhat), axes, true))))
        : k.mul(dxhat, invstd);
    }
    return [dx, needs[1] ? k.sum(k.mul(dy, xhat), axes) : null, needs[2] ? k.sum(dy, axes) : null];
  },
});

function upload(k: Kernels, t: HostTensor): DeviceTensor {
  return k.upload(t.shape, t.data);
}

/** One spatial output size, or a ShapeError saying why there is none. */
function outSize(op: string, axis: 'height' | 'width', size: number, kernel: number, stride: number, padding: number): number {
  if (kernel < 1) throw new ShapeError(`${op}: kernel ${axis} must be at least 1, got ${kernel}`);
  const out = Math.floor((size + 2 * padding - kernel) / stride) + 1;
  if (out < 1) {
    throw new ShapeError(`${op}: output ${axis} would be ${out}: input ${axis} ${size} plus padding 2·${padding} is smaller than the kernel ${kernel}`);
  }
  return out;
}

function spatial(op: string, x: Shape, win: Window2d): [number, number] {
  return [
    outSize(op, 'height', x[2], win.kernel[0], win.stride[0], win.padding[0]),
    outSize(op, 'width', x[3], win.kernel[1], win.stride[1], win.padding[1]),
  ];
}

function checkNchw(op: string, x: Shape): void {
  if (x.length !== 4) throw new ShapeError(`${op}: x must be [N, C, H, W], got ${fs(x)}`);
}

const stride = { type: 'pair', default: 1, min: 1, description: 'step between windows: a number or [vertical, horizontal]' } as const;
const padding = { type: 'pair', default: 0, min: 0, description: 'zeros added on each side: a number or [vertical, horizontal]' } as const;

export const conv2d = defineOp({
  name: 'conv2d',
  category: 'layers',
  label: 'conv2d',
  description: 'conv2d: slides O filters over the image (NCHW); each output is a dot product of a filter with a window',
  formula: 'y_{n,o} = b_o + \\sum_c w_{o,c} \\star x_{n,c}',
  gradFormula: '\\bar x = \\operatorname{conv}^{\\top}(\\bar y, w),\\quad \\bar w = \\textstyle\\sum_n \\bar y \\star x,\\quad \\bar b_o = \\sum_{n,h,w} \\bar y_{n,o}',
  inputs: [
    { name: 'x', description: 'images [N, C, H, W]' },
    { name: 'w', description: 'filters [O, C, kh, kw]' },
    { name: 'b', description: 'bias [O] (optional)', optional: true },
  ],
  attrs: { stride, padding },
  shape: ([x, w, b], { stride: s, padding: p }) => {
    const xs = x as Shape;
    const ws = w as Shape;
    checkNchw('conv2d', xs);
    if (ws.length !== 4) throw new ShapeError(`conv2d: w must be [O, C, kh, kw], got ${fs(ws)}`);
    if (ws[1] !== xs[1]) throw new ShapeError(`conv2d: w ${fs(ws)} expects ${ws[1]} input channels but x ${fs(xs)} has ${xs[1]}`);
    if (b && !shapesEqual(b, [ws[0]])) throw new ShapeError(`conv2d: b ${fs(b)} does not match w ${fs(ws)}: expected [${ws[0]}] (one per output channel)`);
    return [xs[0], ws[0], ...spatial('conv2d', xs, { kernel: [ws[2], ws[3]], stride: s, padding: p })];
  },
  forward: ({ k }, [x, w, b], attrs) => {
    const wt = w as DeviceTensor;
    const y = k.conv2d(x as DeviceTensor, wt, convWindow(wt, attrs));
    return b ? k.add(y, k.reshape(b, [1, b.size, 1, 1])) : y;
  },
  backward: ({ k }, { inputs: [x, w, b], dy, attrs, needs }) => {
    const xt = x as DeviceTensor;
    const wt = w as DeviceTensor;
    const win = convWindow(wt, attrs);
    return [
      needs[0] ? k.conv2dGradX(dy, wt, xt.shape, win) : null,
      needs[1] ? k.conv2dGradW(dy, xt, wt.shape, win) : null,
      b && needs[2] ? k.sum(dy, [0, 2, 3]) : null,
    ];
  },
});

function convWindow(w: DeviceTensor, a: { readonly stride: Pair; readonly padding: Pair }): Window2d {
  return { kernel: [w.shape[2], w.shape[3]], stride: a.stride, padding: a.padding };
}

interface PoolAttrs {
  readonly kernel: Pair;
  readonly stride: Pair | undefined;
  readonly padding: Pair;
}

/** The pool's window; `kernel` has no default, so the loader may leave it absent. */
function poolWindow(op: string, a: PoolAttrs): Window2d {
  const kernel: Pair | undefined = a.kernel;
  if (kernel === undefined) throw new ShapeError(`${op}: attr "kernel" is required (a number or a pair)`);
  return { kernel, stride: a.stride ?? kernel, padding: a.padding };
}

function pool(kind: PoolKind): ComputeOpDef {
  const name = `${kind}pool2d`;
  const max = kind === 'max';
  return defineOp({
    name,
    category: 'layers',
    label: name,
    description: max
      ? 'maxpool2d: keeps the largest value of each window; the gradient goes to that value alone'
      : 'avgpool2d: averages each window (padding counts as zeros); the gradient is shared evenly',
    formula: max ? 'y = \\max_{(i,j) \\in \\text{window}} x_{ij}' : 'y = \\frac{1}{k_h k_w} \\sum_{(i,j) \\in \\text{window}} x_{ij}',
    gradFormula: max ? '\\bar x_{ij} = [x_{ij} \\text{ is the window max}]\\,\\bar y' : '\\bar x_{ij} = \\frac{1}{k_h k_w} \\textstyle\\sum_{\\text{windows} \\ni (i,j)} \\bar y',
    inputs: [{ name: 'x', description: 'images [N, C, H, W]' }],
    attrs: {
      kernel: { type: 'pair', min: 1, description: 'window size: a number or [height, width] (required)' },
      stride: { type: 'pair', min: 1, optional: true, description: 'step between windows (default: the kernel)' },
      padding,
    },
    shape: ([x], attrs) => {
      const xs = x as Shape;
      checkNchw(name, xs);
      const win = poolWindow(name, attrs);
      // PyTorch's rule: otherwise a window could lie entirely in the padding.
      if (win.padding.some((p, i) => 2 * p > win.kernel[i])) {
        throw new ShapeError(`${name}: padding ${fs(win.padding)} must be at most half the kernel ${fs(win.kernel)}`);
      }
      return [xs[0], xs[1], ...spatial(name, xs, win)];
    },
    forward: ({ k }, [x], attrs) => k.pool2d(kind, x as DeviceTensor, poolWindow(name, attrs)),
    backward: ({ k }, { inputs: [x], dy, attrs }) => [k.pool2dGrad(kind, x as DeviceTensor, dy, poolWindow(name, attrs))],
  });
}

export const maxpool2d = pool('max');
export const avgpool2d = pool('avg');

/** The layers, in palette order. */
export const layerOps: readonly ComputeOpDef[] = [dropout, batchnorm, conv2d, maxpool2d, avgpool2d];
