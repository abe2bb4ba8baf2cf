/**
 * The decision boundary as pixels, painted as TensorFlow Playground does:
 * each cell takes the colour of its most probable class, mixed with white by
 * how unsure the model is there, so confident regions are saturated and the
 * boundary itself fades to pale.
 */
import type { BoundaryGrid } from '../../core/studio/protocol.js';
import { classColor, hexRgb } from './class-palette.js';

/** How much class colour a fully confident cell shows (the rest is white, so points stay visible on top). */
const MAX_TINT = 0.72;

/** Confidence in [0, 1]: 0 when the top probability is chance (1 / classes), 1 when it is certain. */
export function confidence(top: number, classes: number): number {
  const chance = 1 / Math.max(classes, 2);
  return Math.min(1, Math.max(0, (top - chance) / (1 - chance)));
}

/**
 * RGBA pixels of a size × size image, row 0 at the top. The grid's row 0 is
 * y0 (the bottom of the plot), so rows are flipped.
 */
export function boundaryPixels(grid: BoundaryGrid): Uint8ClampedArray<ArrayBuffer> {
  const { size, classes, values } = grid;
  const out = new Uint8ClampedArray(size * size * 4);
  const colors = Array.from({ length: classes }, (_, c) => hexRgb(classColor(c)));
  for (let j = 0; j < size; j++) {
    const row = size - 1 - j;
    for (let i = 0; i < size; i++) {
      const base = (j * size + i) * classes;
      let best = 0;
      for (let c = 1; c < classes; c++) if (values[base + c] > values[base + best]) best = c;
      const p = values[base + best];
      const t = Number.isFinite(p) ? MAX_TINT * confidence(p, classes) ** 0.8 : 0;
      const [r, g, b] = colors[best] ?? [255, 255, 255];
      const k = (row * size + i) * 4;
      out[k] = 255 + (r - 255) * t;
      out[k + 1] = 255 + (g - 255) * t;
      out[k + 2] = 255 + (b - 255) * t;
      out[k + 3] = 255;
    }
  }
  return out;
}

/** The model's verdict at a point of the plane: the grid cell's most probable class and its probability; null outside the grid. */
export function classAt(grid: BoundaryGrid, x: number, y: number): { cls: number; p: number } | null {
  const i = Math.floor(((x - grid.x0) / (grid.x1 - grid.x0)) * grid.size);
  const j = Math.floor(((y - grid.y0) / (grid.y1 - grid.y0)) * grid.size);
  if (!(i >= 0 && i < grid.size && j >= 0 && j < grid.size)) return null;
  const base = (j * grid.size + i) * grid.classes;
  let best = 0;
  for (let c = 1; c < grid.classes; c++) if (grid.values[base + c] > grid.values[base + best]) best = c;
  return { cls: best, p: grid.values[base + best] };
}
