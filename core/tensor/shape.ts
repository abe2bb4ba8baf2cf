/** Shapes, strides and NumPy broadcasting. Pure functions over plain arrays. */

/** A tensor shape: one non-negative integer per axis, row-major. `[]` is a scalar. */
export type Shape = readonly number[];

/** Highest rank the engine accepts; keeps kernels' index arithmetic in small fixed loops. */
export const MAX_RANK = 6;

/** Largest element count a single tensor may have (256 MiB of float32). */
export const MAX_ELEMENTS = 64 * 1024 * 1024;

/** A shape rule failed. The message is user-facing and names both shapes. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

/** Number of elements of a shape. */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a shape, in elements. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** `[2, 3]` for messages and edge labels. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy broadcasting of two shapes; throws ShapeError naming both when incompatible. */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * The axes of `target` that `from` was broadcast over, i.e. those a gradient
 * must be summed over to get back to `from`'s shape. Axes are in `target`'s
 * numbering; leading axes that `from` lacks are included.
 */
export function broadcastAxes(from: Shape, target: Shape): number[] {
  const axes: number[] = [];
  const lead = target.length - from.length;
  for (let i = 0; i < target.length; i++) {
    if (i < lead || (from[i - lead] === 1 && target[i] !== 1)) axes.push(i);
  }
  return axes;
}

/**
 * Normalises an `axis` attribute (int, list or absent = all) against a rank:
 * negative axes count from the end; the result is sorted and unique.
 */
export function normalizeAxes(axis: number | readonly number[] | undefined | null, rank: number): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const out = new Set<number>();
  for (const a of list) {
    if (!Number.isInteger(a) || a < -rank || a >= Math.max(rank, 1)) {
      throw new ShapeError(`axis ${a} is out of range for a tensor of rank ${rank}`);
    }
    out.add(a < 0 ? a + rank : a);
  }
  return [...out].sort((x, y) => x - y);
}

/** Shape after reducing `axes`; with keepdims the reduced axes stay as 1. */
export function reducedShape(shape: Shape, axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepdims) out.push(1);
    } else out.push(shape[i]);
  }
  return out;
}

/** Checks rank and size limits; throws ShapeError with a user-facing message. */
export function checkShape(shape: Shape, what = 'tensor'): void {
  if (shape.length > MAX_RANK) throw new ShapeError(`${what} has rank ${shape.length}; at most ${MAX_RANK} is supported`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${what} has an invalid dimension ${d} in ${formatShape(shape)}`);
  }
  const n = sizeOf(shape);
  if (n > MAX_ELEMENTS) {
    throw new ShapeError(`${what} of shape ${formatShape(shape)} has ${n} elements; the limit is ${MAX_ELEMENTS}`);
  }
}
