/**
 * A 2-D dataset as TensorFlow Playground draws it: a square plot of the
 * points coloured by class (training filled, validation as rings), over the
 * model's decision boundary when one is given. The boundary grid is painted
 * into an offscreen canvas of one pixel per cell and scaled up with image
 * smoothing, so a 72 × 72 grid looks like a smooth field.
 */
import { useEffect, useRef, useState } from 'react';
import { type BoundaryGrid, type DatasetView, SPLIT_VAL } from '../../../core/studio/protocol.js';
import { boundaryPixels, classAt } from '../../model/boundary-image.js';
import { niceTicks } from '../../model/chart-format.js';
import { classColor } from '../../model/class-palette.js';
import { themeColor } from '../../app/theme.js';

export interface DataScatterProps {
  readonly data: DatasetView;
  readonly boundary?: BoundaryGrid;
}

interface Extent {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** The boundary's own extent, else a square around the points with a 10% margin (as the engine frames its grid). */
function extentOf(data: DatasetView, boundary: BoundaryGrid | undefined): Extent {
  if (boundary) return boundary;
  const f = data.shown.features;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < f.length; i++) {
    lo = Math.min(lo, f[i]);
    hi = Math.max(hi, f[i]);
  }
  if (!Number.isFinite(lo)) return { x0: -1, x1: 1, y0: -1, y1: 1 };
  const pad = Math.max((hi - lo) * 0.1, 0.1);
  return { x0: lo - pad, x1: hi + pad, y0: lo - pad, y1: hi + pad };
}

const LEFT = 30;
const BOTTOM = 20;
const TOP = 6;
const RIGHT = 6;

function draw(canvas: HTMLCanvasElement, side: number, data: DatasetView, boundary: BoundaryGrid | undefined, field: HTMLCanvasElement | null): void {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(side * dpr);
  canvas.height = Math.round(side * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, side, side);
  const w = side - LEFT - RIGHT;
  const h = side - TOP - BOTTOM;
  const e = extentOf(data, boundary);
  const px = (x: number): number => LEFT + ((x - e.x0) / (e.x1 - e.x0)) * w;
  const py = (y: number): number => TOP + (1 - (y - e.y0) / (e.y1 - e.y0)) * h;
  // The theme's colours, read when painting (a theme change repaints with the next boundary).
  const paper = themeColor('--card', '#ffffff');
  ctx.fillStyle = paper;
  ctx.fillRect(LEFT, TOP, w, h);
  if (field) {
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(field, LEFT, TOP, w, h);
  }
  // Axes: ticks and labels in the app's muted grey.
  ctx.font = '11px Inter, "Segoe UI", system-ui, sans-serif';
  ctx.fillStyle = themeColor('--muted', '#6b7280');
  ctx.strokeStyle = themeColor('--line', 'rgba(31, 36, 48, 0.12)');
  ctx.lineWidth = 1;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of niceTicks(e.x0, e.x1, 5)) {
    const x = Math.round(px(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, TOP + h);
    ctx.lineTo(x, TOP + h + 4);
    ctx.stroke();
    ctx.fillText(String(t), x, TOP + h + 6);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of niceTicks(e.y0, e.y1, 5)) {
    const y = Math.round(py(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(LEFT - 4, y);
    ctx.lineTo(LEFT, y);
    ctx.stroke();
    ctx.fillText(String(t), LEFT - 6, y);
  }
  ctx.strokeRect(LEFT + 0.5, TOP + 0.5, w - 1, h - 1);
  // Points: a radius that shrinks a little for big sets so they stay readable.
  const { features, labels, split } = data.shown;
  const r = labels.length > 600 ? 2.6 : 3.4;
  ctx.save();
  ctx.beginPath();
  ctx.rect(LEFT, TOP, w, h);
  ctx.clip();
  for (let i = 0; i < labels.length; i++) {
    const x = px(features[2 * i]);
    const y = py(features[2 * i + 1]);
    const color = classColor(labels[i]);
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
    if (split[i] === SPLIT_VAL) {
      // Validation: a ring with a white halo, so it reads on any background.
      ctx.lineWidth = 3.5;
      ctx.strokeStyle = paper;
      ctx.stroke();
      ctx.lineWidth = 1.8;
      ctx.strokeStyle = color;
      ctx.stroke();
    } else {
      ctx.fillStyle = color;
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = paper;
      ctx.stroke();
    }
  }
  ctx.restore();
}

export function DataScatter({ data, boundary }: DataScatterProps): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [side, setSide] = useState(0);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const measure = (): void => setSide(Math.floor(el.clientWidth));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // The boundary's field is rebuilt only when a new grid arrives.
  const field = useRef<{ grid: BoundaryGrid; canvas: HTMLCanvasElement } | null>(null);
  if (boundary && field.current?.grid !== boundary) {
    const off = document.createElement('canvas');
    off.width = boundary.size;
    off.height = boundary.size;
    off.getContext('2d')?.putImageData(new ImageData(boundaryPixels(boundary), boundary.size, boundary.size), 0, 0);
    field.current = { grid: boundary, canvas: off };
  }

  useEffect(() => {
    if (canvas.current && side > 0) draw(canvas.current, side, data, boundary, boundary ? (field.current?.canvas ?? null) : null);
  }, [side, data, boundary]);

  // Hover read-out: where the pointer is in the data's coordinates, and what the model says there.
  const [readout, setReadout] = useState<string | null>(null);
  const onMove = (e: React.MouseEvent<HTMLCanvasElement>): void => {
    const rect = e.currentTarget.getBoundingClientRect();
    const w = side - LEFT - RIGHT;
    const h = side - TOP - BOTTOM;
    const ex = extentOf(data, boundary);
    const x = ex.x0 + ((e.clientX - rect.left - LEFT) / w) * (ex.x1 - ex.x0);
    const y = ex.y0 + (1 - (e.clientY - rect.top - TOP) / h) * (ex.y1 - ex.y0);
    if (x < ex.x0 || x > ex.x1 || y < ex.y0 || y > ex.y1) {
      setReadout(null);
      return;
    }
    const at = boundary ? classAt(boundary, x, y) : null;
    const name = (c: number): string => data.classNames?.[c] ?? String(c);
    setReadout(`(${x.toFixed(2)}, ${y.toFixed(2)})${at ? ` → class ${name(at.cls)}, p = ${at.p.toFixed(2)}` : ''}`);
  };

  const e = extentOf(data, boundary);
  return (
    <div className="data-scatter" data-testid="data-scatter" ref={host}>
      <canvas
        ref={canvas}
        role="img"
        aria-label={`${data.name}: ${data.shown.labels.length} points in ${data.numClasses} classes${boundary ? ', over the decision boundary' : ''}`}
        onMouseMove={onMove}
        onMouseLeave={() => setReadout(null)}
        // Where the plot area is and what it spans, so tests (and tools) can point at data coordinates.
        data-plot={`${LEFT} ${TOP} ${side - LEFT - RIGHT} ${side - TOP - BOTTOM}`}
        data-extent={`${e.x0} ${e.x1} ${e.y0} ${e.y1}`}
      />
      <div className="data-readout" data-testid="data-readout" aria-live="polite">
        {readout ?? (boundary ? 'Point at the plot to read the model’s prediction.' : '\u00a0')}
      </div>
    </div>
  );
}
