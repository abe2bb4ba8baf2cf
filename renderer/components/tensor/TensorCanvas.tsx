/**
 * A tensor painted pixel per element: as a heatmap (the tensor folded to a
 * matrix) or as a grid of images (model/tensor-layout.ts says which shapes
 * are images). Zoomable (a slider sets the pixels per element; the picture
 * scrolls), with the colour scale's legend underneath and the element under
 * the pointer read out, so a colour can always be turned back into a number.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { HostTensor } from '../../../core/tensor/tensor.js';
import { type ImageLayout, matrixOf, maxAbs } from '../../model/tensor-layout.js';
import { formatNumber } from '../../model/tensor-text.js';
import { legendGradient, paintValue, readPalette } from './heat-colors.js';

/** Beyond this the heatmap shows the first rows and columns only (a canvas this size is already a few megapixels zoomed). */
const MAX_SIDE = 1024;
const MAX_IMAGES = 64;
/** The width the picture fits at its starting zoom. */
const FIT_WIDTH = 260;

interface Picture {
  readonly width: number;
  readonly height: number;
  /** Element index under pixel (x, y), or -1 (a gap between images). */
  at(x: number, y: number): number;
  /** What the picture shows when it is not the whole tensor. */
  readonly note?: string;
}

function heatmapPicture(shape: readonly number[], n: number): Picture {
  const { rows, cols } = matrixOf(shape);
  const h = Math.min(rows, MAX_SIDE);
  const w = Math.min(cols, MAX_SIDE);
  const cut = h < rows || w < cols;
  return { width: w, height: h, at: (x, y) => (y * cols + x < n ? y * cols + x : -1), note: cut ? `first ${h} × ${w} of ${rows} × ${cols}` : `${rows} × ${cols}` };
}

function imagePicture(layout: ImageLayout): Picture {
  const count = Math.min(layout.count, MAX_IMAGES);
  const across = Math.ceil(Math.sqrt(count));
  const down = Math.ceil(count / across);
  const cw = layout.w + 1;
  const ch = layout.h + 1;
  return {
    width: across * cw - 1,
    height: down * ch - 1,
    at: (x, y) => {
      const k = Math.floor(y / ch) * across + Math.floor(x / cw);
      const px = x % cw;
      const py = y % ch;
      return k < count && px < layout.w && py < layout.h ? layout.index(k, py, px) : -1;
    },
    note: count < layout.count ? `first ${count} of ${layout.what}` : layout.what,
  };
}

export function TensorCanvas({ t, mode, layout, testId }: { readonly t: HostTensor; readonly mode: 'heatmap' | 'image'; readonly layout?: ImageLayout; readonly testId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pic = useMemo(() => (mode === 'image' && layout ? imagePicture(layout) : heatmapPicture(t.shape, t.data.length)), [t, mode, layout]);
  const scale = useMemo(() => maxAbs(t.data), [t]);
  const signed = useMemo(() => mode === 'heatmap' || Array.prototype.some.call(t.data, (v: number) => v < 0), [t, mode]);
  const [zoom, setZoom] = useState(() => Math.max(1, Math.min(24, Math.floor(FIT_WIDTH / pic.width))));
  const [hover, setHover] = useState<string | null>(null);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const img = ctx.createImageData(pic.width, pic.height);
    const palette = readPalette(el);
    for (let y = 0; y < pic.height; y++) {
      for (let x = 0; x < pic.width; x++) {
        const i = pic.at(x, y);
        const at = (y * pic.width + x) * 4;
        // Gaps between images stay transparent, so the panel's background separates them.
        if (i >= 0) paintValue(t.data[i], signed, scale, palette, img.data, at);
      }
    }
    ctx.putImageData(img, 0, 0);
  }, [t, pic, signed, scale]);

  const lo = signed ? -scale : 0;
  return (
    <div className="tensor-canvas">
      <div className="tensor-canvas-scroll">
        <canvas
          ref={canvas}
          width={pic.width}
          height={pic.height}
          style={{ width: pic.width * zoom, height: pic.height * zoom }}
          data-testid={testId}
          onMouseMove={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            const i = pic.at(Math.floor((e.clientX - r.left) / zoom), Math.floor((e.clientY - r.top) / zoom));
            setHover(i >= 0 ? `element ${i}: ${formatNumber(t.data[i])}` : null);
          }}
          onMouseLeave={() => setHover(null)}
        />
      </div>
      <div className="tensor-canvas-bar">
        <label title="pixels per element">
          zoom{' '}
          <input type="range" min={1} max={32} value={zoom} onChange={(e) => setZoom(Number(e.target.value))} aria-label="zoom" data-testid={`${testId}-zoom`} />
        </label>
        <span className="muted">{hover ?? pic.note}</span>
      </div>
      <div className="tensor-legend" data-testid={`${testId}-legend`}>
        <span>{formatNumber(lo)}</span>
        <span className="tensor-legend-bar" style={{ background: legendGradient(signed) }} />
        <span>{formatNumber(scale)}</span>
      </div>
    </div>
  );
}
