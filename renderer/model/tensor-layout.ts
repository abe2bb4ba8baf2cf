/**
 * How a tensor of any rank is laid out in two dimensions for the table and
 * heatmap views, when it can be seen as images (and as which), and the
 * small downsampled grid a wire's thumbnail draws.
 */

/** A tensor seen as a matrix: leading axes folded into rows, the last axis as columns; a scalar or vector is one row. */
export function matrixOf(shape: readonly number[]): { rows: number; cols: number } {
  if (shape.length === 0) return { rows: 1, cols: 1 };
  const cols = shape[shape.length - 1];
  let rows = 1;
  for (let i = 0; i < shape.length - 1; i++) rows *= shape[i];
  return { rows, cols };
}

/** Images within a tensor: `count` images of h × w; pixel (y, x) of image k is `data[offset(k) + y * rowStride + x * colStride]`. */
export interface ImageLayout {
  readonly count: number;
  readonly h: number;
  readonly w: number;
  /** What the images are, for the caption. */
  readonly what: string;
  index(k: number, y: number, x: number): number;
}

/** Row lengths that are flattened square images (MNIST's 28×28 and the 14×14 digits set), by length. */
const SQUARE_SIDES: Readonly<Record<number, number>> = { 784: 28, 196: 14, 64: 8, 256: 16, 1024: 32 };

/**
 * How `shape` holds images, or undefined when it does not: [N, C, H, W]
 * (one image per sample and channel: inputs and conv feature maps),
 * [C, H, W], [N, 784] rows as 28×28 (and other square sizes), and a first
 * layer's weights [784, K], whose columns are what each unit looks for.
 */
export function imageLayout(shape: readonly number[]): ImageLayout | undefined {
  if (shape.length === 4 && shape[2] > 1 && shape[3] > 1) {
    const [n, c, h, w] = shape;
    return { count: n * c, h, w, what: c === 1 ? `${n} images` : `${n} × ${c} feature maps`, index: (k, y, x) => k * h * w + y * w + x };
  }
  if (shape.length === 3 && shape[1] > 4 && shape[2] > 4) {
    const [c, h, w] = shape;
    return { count: c, h, w, what: `${c} maps`, index: (k, y, x) => k * h * w + y * w + x };
  }
  if (shape.length === 2) {
    const [r, c] = shape;
    const rowSide = SQUARE_SIDES[c];
    const colSide = SQUARE_SIDES[r];
    // [196, 64] could be 196 rows of 8×8 or 64 columns of 14×14: the longer axis is the likelier to hold pixels.
    if (rowSide !== undefined && (colSide === undefined || rowSide >= colSide)) return { count: r, h: rowSide, w: rowSide, what: `${r} rows as ${rowSide}×${rowSide}`, index: (k, y, x) => k * c + y * rowSide + x };
    if (colSide !== undefined) return { count: c, h: colSide, w: colSide, what: `${c} columns as ${colSide}×${colSide} (one per unit)`, index: (k, y, x) => (y * colSide + x) * c + k };
  }
  return undefined;
}

/** A small grid of cell means, at most `maxRows` × `maxCols`, for a wire's thumbnail. */
export function thumbGrid(shape: readonly number[], data: ArrayLike<number>, maxRows: number, maxCols: number): { rows: number; cols: number; cells: Float32Array } {
  const m = matrixOf(shape);
  const rows = Math.min(m.rows, maxRows);
  const cols = Math.min(m.cols, maxCols);
  const cells = new Float32Array(rows * cols);
  const counts = new Float32Array(rows * cols);
  for (let i = 0; i < m.rows; i++) {
    const r = Math.floor((i * rows) / m.rows);
    for (let j = 0; j < m.cols; j++) {
      const c = Math.floor((j * cols) / m.cols);
      const v = data[i * m.cols + j];
      if (Number.isFinite(v)) {
        cells[r * cols + c] += v;
        counts[r * cols + c]++;
      }
    }
  }
  for (let k = 0; k < cells.length; k++) if (counts[k] > 0) cells[k] /= counts[k];
  return { rows, cols, cells };
}

/** The largest |v| of finite values (the symmetric colour scale's end); 0 when there is none. */
export function maxAbs(data: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) {
    const a = Math.abs(data[i]);
    if (a > m && Number.isFinite(a)) m = a;
  }
  return m;
}
