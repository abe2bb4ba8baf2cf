/**
 * The compute-heavy kinds (matmul, convolution, pooling), kept apart because
 * their generators live in ./kernels/matmul.ts and ./kernels/conv.ts, which
 * are tuned separately from the rest. A heavy kernel whose input is empty
 * gives zeros (a k = 0 matmul, a channel-less convolution) or an empty
 * output, so the generators never see an empty operand.
 */
import type { DeviceTensor, KernelCall } from '../backend.js';
import type { KernelLimits, KernelSpec } from './kernel-spec.js';
import { conv2dGradWKernel, conv2dGradXKernel, conv2dKernel, pool2dGradKernel, pool2dKernel } from './kernels/conv.js';
import { matmulKernel } from './kernels/matmul.js';
import { fillKernel } from './kernels/elementwise.js';
import { assertNever } from '../../ops/attrs.js';

export type HeavyKind = 'matmul' | 'conv2d' | 'conv2d_grad_x' | 'conv2d_grad_w' | 'pool2d' | 'pool2d_grad';
export type HeavyCall = Extract<KernelCall, { kind: HeavyKind }>;

/** A kernel and the tensors to bind as its inputs, in the generator's order. */
export interface Planned {
  readonly spec: KernelSpec;
  readonly inputs: readonly DeviceTensor[];
}

export function heavyKernel(call: HeavyCall, limits: KernelLimits): Planned {
  const planned = plan(call, limits);
  if (planned.inputs.some((t) => t.size === 0)) return { spec: fillKernel(planned.spec.outShape, 0, limits), inputs: [] };
  return planned;
}

function plan(call: HeavyCall, limits: KernelLimits): Planned {
  switch (call.kind) {
    case 'matmul':
      return { spec: matmulKernel(call.a.shape, call.b.shape, call.transA, call.transB, limits), inputs: [call.a, call.b] };
    case 'conv2d':
      return { spec: conv2dKernel(call.x.shape, call.w.shape, call.window, limits), inputs: [call.x, call.w] };
    case 'conv2d_grad_x':
      return { spec: conv2dGradXKernel(call.dy.shape, call.w.shape, call.xShape, call.window, limits), inputs: [call.dy, call.w] };
    case 'conv2d_grad_w':
      return { spec: conv2dGradWKernel(call.dy.shape, call.x.shape, call.wShape, call.window, limits), inputs: [call.dy, call.x] };
    case 'pool2d':
      return { spec: pool2dKernel(call.pool, call.x.shape, call.window, limits), inputs: [call.x] };
    case 'pool2d_grad':
      return { spec: pool2dGradKernel(call.pool, call.x.shape, call.dy.shape, call.window, limits), inputs: [call.x, call.dy] };
    default:
      return assertNever(call);
  }
}
