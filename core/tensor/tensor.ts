import { type Shape, sizeOf } from './shape.js';

/** Host-side storage: float32 normally, float64 for the gradient checker's reference runs. */
export type HostArray = Float32Array | Float64Array;

/** A tensor on the host: a shape and row-major data. Values are float32 unless stated. */
export interface HostTensor {
  readonly shape: Shape;
  readonly data: HostArray;
}

export function hostTensor(shape: Shape, data?: ArrayLike<number>): HostTensor {
  const n = sizeOf(shape);
  const arr = new Float32Array(n);
  if (data) {
    if (data.length !== n) throw new RangeError(`expected ${n} values for shape [${shape.join(', ')}], got ${data.length}`);
    arr.set(data);
  }
  return { shape: [...shape], data: arr };
}
