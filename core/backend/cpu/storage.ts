import type { DeviceTensor } from '../backend.js';
import { type Shape, sizeOf } from '../../tensor/shape.js';
import type { HostArray } from '../../tensor/tensor.js';

/** Shared storage so that reshapes are views; `refs` counts live views. */
export interface CpuStorage {
  data: HostArray;
  refs: number;
}

/** A CPU tensor: a shape over row-major storage starting at offset 0. */
export class CpuTensor implements DeviceTensor {
  readonly size: number;
  released = false;
  constructor(
    readonly shape: Shape,
    readonly storage: CpuStorage,
  ) {
    this.size = sizeOf(shape);
  }
  get data(): HostArray {
    return this.storage.data;
  }
}

/** Allocates storage of the backend's precision: zeroed when `zero`, else holding whatever it held. */
export type Alloc = (n: number, zero: boolean) => HostArray;
