/**
 * A wire's picture of a tensor: a sparkline for a vector, a tiny heatmap
 * (cell means of the tensor folded to a matrix) otherwise. The heatmap is a
 * PNG painted once per run result and cached by the tensor object, so a
 * re-render (a card dragged, the view zoomed) costs one SVG image, not a
 * repaint.
 */
import { memo } from 'react';
import type { HostTensor } from '../../../core/tensor/tensor.js';
import { matrixOf, maxAbs, thumbGrid } from '../../model/tensor-layout.js';
import { paintValue, readPalette } from './heat-colors.js';

export const THUMB = { width: 30, height: 12 } as const;
/** The smallest thumbnail, for wires in a narrow gap between cards. */
export const MINI_THUMB = { width: 18, height: 8 } as const;
const MAX_ROWS = 8;
const MAX_COLS = 18;

const images = new WeakMap<HostTensor, string>();

function heatmapUrl(t: HostTensor): string {
  const cached = images.get(t);
  if (cached !== undefined) return cached;
  const g = thumbGrid(t.shape, t.data, MAX_ROWS, MAX_COLS);
  const canvas = document.createElement('canvas');
  canvas.width = g.cols;
  canvas.height = g.rows;
  const ctx = canvas.getContext('2d');
  let url = '';
  if (ctx) {
    const img = ctx.createImageData(g.cols, g.rows);
    const scale = maxAbs(g.cells);
    const palette = readPalette();
    for (let k = 0; k < g.cells.length; k++) paintValue(g.cells[k], true, scale, palette, img.data, k * 4);
    ctx.putImageData(img, 0, 0);
    url = canvas.toDataURL();
  }
  images.set(t, url);
  return url;
}

function sparkline(data: ArrayLike<number>, w: number, h: number): string {
  const n = Math.min(data.length, 48);
  let lo = Infinity;
  let hi = -Infinity;
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = data[Math.floor((i * data.length) / n)];
    ys.push(v);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo || 1;
  return ys.map((v, i) => `${((i / Math.max(1, n - 1)) * w).toFixed(1)},${(h - ((v - lo) / span) * h).toFixed(1)}`).join(' ');
}

/** The thumbnail with its top-left corner at (x, y). */
export const TensorThumb = memo(function TensorThumb({
  t,
  x,
  y,
  kind,
  testId,
  size = THUMB,
}: {
  readonly t: HostTensor;
  readonly x: number;
  readonly y: number;
  readonly kind: 'value' | 'grad';
  readonly testId: string;
  readonly size?: { readonly width: number; readonly height: number };
}) {
  const { rows } = matrixOf(t.shape);
  if (rows === 1) {
    return (
      <g transform={`translate(${x},${y})`} data-testid={testId} className={`wire-thumb wire-spark-${kind}`}>
        <rect className="wire-thumb-bg" width={size.width} height={size.height} rx={2} />
        <polyline points={sparkline(t.data, size.width - 4, size.height - 4)} transform="translate(2,2)" />
      </g>
    );
  }
  return (
    <g data-testid={testId} className={`wire-thumb wire-heat-${kind}`}>
      <image href={heatmapUrl(t)} x={x} y={y} width={size.width} height={size.height} preserveAspectRatio="none" style={{ imageRendering: 'pixelated' }} />
      <rect className="wire-thumb-frame" x={x} y={y} width={size.width} height={size.height} />
    </g>
  );
});
