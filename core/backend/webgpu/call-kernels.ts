/**
 * Every KernelCall but the in-place `update`, turned into a KernelSpec and its
 * input tensors. Degenerate cases become fills here (an empty reduction gives
 * its identity), so the generators only ever see non-empty work.
 */
import type { KernelCall } from '../backend.js';
import { sizeOf } from '../../tensor/shape.js';
import { assertNever } from '../../ops/attrs.js';
import type { KernelLimits } from './kernel-spec.js';
import { heavyKernel, type Planned } from './heavy-kernels.js';
import { binaryKernel, broadcastToKernel, fillKernel, oneHotKernel, transposeKernel, unaryGradKernel, unaryKernel } from './kernels/elementwise.js';
import { reduceKernel, reduceMaxGradKernel } from './kernels/reduce.js';
import { softmaxGradKernel, softmaxKernel } from './kernels/softmax.js';
import { dropoutMaskKernel } from './kernels/dropout.js';

const IDENTITY = { sum: 0, max: -Infinity, min: Infinity } as const;

export function kernelFor(call: Exclude<KernelCall, { kind: 'update' }>, limits: KernelLimits): Planned {
  switch (call.kind) {
    case 'fill':
      return { spec: fillKernel(call.shape, call.value, limits), inputs: [] };
    case 'unary':
      return { spec: unaryKernel(call.op, call.x.shape, call.alpha, limits), inputs: [call.x] };
    case 'unary_grad':
      return { spec: unaryGradKernel(call.op, call.x.shape, call.alpha, limits), inputs: [call.x, call.y, call.dy] };
    case 'binary':
      return { spec: binaryKernel(call.op, call.a.shape, call.b.shape, limits), inputs: [call.a, call.b] };
    case 'reduce': {
      const spec = reduceKernel(call.op, call.x.shape, call.axes, limits);
      const empty = sizeOf(call.axes.map((a) => call.x.shape[a])) === 0;
      return empty ? { spec: fillKernel(spec.outShape, IDENTITY[call.op], limits), inputs: [] } : { spec, inputs: [call.x] };
    }
    case 'reduce_max_grad':
      return { spec: reduceMaxGradKernel(call.x.shape, call.axes, limits), inputs: [call.x, call.dy] };
    case 'transpose':
      return { spec: transposeKernel(call.x.shape, call.perm, limits), inputs: [call.x] };
    case 'broadcast_to':
      return { spec: broadcastToKernel(call.x.shape, call.shape, limits), inputs: [call.x] };
    case 'softmax':
      return { spec: softmaxKernel(call.x.shape, call.axis, call.log, limits), inputs: [call.x] };
    case 'softmax_grad':
      return { spec: softmaxGradKernel(call.y.shape, call.axis, call.log, limits), inputs: [call.y, call.dy] };
    case 'one_hot':
      return { spec: oneHotKernel(call.indices.shape, call.depth, limits), inputs: [call.indices] };
    case 'dropout_mask':
      return { spec: dropoutMaskKernel(call.shape, call.key, call.threshold, call.scale, limits), inputs: [] };
    case 'matmul':
    case 'conv2d':
    case 'conv2d_grad_x':
    case 'conv2d_grad_w':
    case 'pool2d':
    case 'pool2d_grad':
      return heavyKernel(call, limits);
    default:
      return assertNever(call);
  }
}
