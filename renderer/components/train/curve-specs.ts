/**
 * The three training charts (loss, accuracy, learning rate) as chart specs:
 * which lines each run contributes, how they look, and uPlot's options. Each
 * run keeps one colour (by run number); earlier runs are drawn fainter so the
 * current one stands out while still comparable.
 */
import type uPlot from 'uplot';
import type { TrainEvent } from '../../../core/studio/protocol.js';
import { themeColor } from '../../app/theme.js';
import { formatValue } from '../../model/chart-format.js';
import { alignSeries, type XYSeries } from '../../model/downsample.js';
import type { RunHistory } from '../../model/train-history.js';
import type { ChartSpec } from './use-uplot.js';

export const RUN_COLORS: readonly string[] = ['#4f46e5', '#0d9488', '#d97706', '#db2777', '#0284c7', '#65a30d'];
export const runColor = (run: number): string => RUN_COLORS[(((run - 1) % RUN_COLORS.length) + RUN_COLORS.length) % RUN_COLORS.length];

export function rgba(hex: string, alpha: number): string {
  const v = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(v >> 16) & 255}, ${(v >> 8) & 255}, ${v & 255}, ${alpha})`;
}

const AXIS_FONT = '11px Inter, "Segoe UI", system-ui, sans-serif';
// Read when a chart is built, which happens again when the theme changes (use-uplot.ts).
const muted = (): string => themeColor('--muted', '#667085');
const grid = (): string => themeColor('--chart-grid', '#eceef2');

export type CurveKind = 'loss' | 'accuracy' | 'lr';

interface Line {
  readonly label: string;
  readonly stroke: string;
  readonly width: number;
  readonly dash?: number[];
  /** Markers on the points when they are few (epoch records); step series are too dense for them. */
  readonly dots: boolean;
  readonly points: XYSeries;
}

/** Epoch records drawn with dots up to this many per run. */
const MAX_DOTS = 200;

type RecordField = 'loss' | 'accuracy' | 'valLoss' | 'valAccuracy';

/** A run's epoch records as (step, value) columns, extended as records are appended. */
interface RecordColumns {
  seen: number;
  readonly x: number[];
  readonly y: number[];
}

/**
 * Records only grow (RunHistory), so each run's columns are kept and extended with the new records,
 * not rebuilt from every record at every redraw: on XOR every step is an epoch, and rebuilding tens
 * of thousands of records four times per render was the page's largest cost while it trained.
 */
const recordColumns = new WeakMap<RunHistory, Map<RecordField, RecordColumns>>();

function recordSeries(h: RunHistory, field: RecordField): XYSeries | null {
  let byField = recordColumns.get(h);
  if (!byField) recordColumns.set(h, (byField = new Map()));
  let c = byField.get(field);
  if (!c || c.seen > h.records.length) byField.set(field, (c = { seen: 0, x: [], y: [] }));
  for (let i = c.seen; i < h.records.length; i++) {
    const r = h.records[i];
    const v = r[field];
    if (v === undefined) continue;
    c.x.push(r.step);
    c.y.push(v);
  }
  c.seen = h.records.length;
  return c.x.length > 0 ? c : null;
}

/**
 * Dots mark sparse epoch records; thousands of them (XOR: every step is an epoch) would only cost
 * drawing time. Decided at each draw from the data drawn, so that a run passing the limit does not
 * rebuild its charts (which the layout key would, mid-run).
 */
function fewPoints(u: uPlot, seriesIdx: number): boolean {
  const ys = u.data[seriesIdx];
  let n = 0;
  for (let i = 0; i < ys.length && n <= MAX_DOTS; i++) if (ys[i] !== null && ys[i] !== undefined) n++;
  return n <= MAX_DOTS;
}

/** The lines of one chart, run by run: the step series (thin), then the epoch records (train solid, validation dashed). */
export function curveLines(kind: CurveKind, runs: readonly RunHistory[], current: number): Line[] {
  const lines: Line[] = [];
  for (const h of runs) {
    const now = h.run === current;
    const c = runColor(h.run);
    const fade = (a: number): string => rgba(c, now ? a : a * 0.4);
    const name = `run ${h.run}`;
    if (kind === 'loss' || kind === 'lr') {
      lines.push({ label: `${name} · ${h.label}`, stroke: fade(kind === 'loss' ? 0.55 : 1), width: kind === 'loss' ? 1 : 1.5, dots: false, points: { x: h.steps, y: kind === 'loss' ? h.loss : h.lr } });
    }
    if (kind === 'lr') continue;
    const train = recordSeries(h, kind === 'loss' ? 'loss' : 'accuracy');
    const val = recordSeries(h, kind === 'loss' ? 'valLoss' : 'valAccuracy');
    // The accuracy chart has no step series, so its train line names the run's hyper-parameters.
    const trainLabel = kind === 'loss' ? `${name} train (epoch)` : `${name} train · ${h.label}`;
    if (train) lines.push({ label: trainLabel, stroke: fade(1), width: 2, dots: true, points: train });
    if (val) lines.push({ label: `${name} validation`, stroke: fade(1), width: 2, dash: [6, 4], dots: true, points: val });
  }
  return lines;
}

/** Events of every run, the current run's last, with their colours. */
export function curveEvents(runs: readonly RunHistory[], current: number): { readonly event: TrainEvent; readonly run: number; readonly color: string }[] {
  const order = [...runs].sort((a, b) => Number(a.run === current) - Number(b.run === current));
  return order.flatMap((h) => h.events.map((event) => ({ event, run: h.run, color: rgba(runColor(h.run), h.run === current ? 0.9 : 0.35) })));
}

function drawEvents(u: uPlot, events: ReturnType<typeof curveEvents>): void {
  const { ctx, bbox } = u;
  const dpr = devicePixelRatio || 1;
  ctx.save();
  ctx.font = `${Math.round(11 * dpr)}px Inter, system-ui, sans-serif`;
  ctx.lineWidth = dpr;
  events.forEach(({ event, color }, i) => {
    const x = Math.round(u.valToPos(event.step, 'x', true));
    if (x < bbox.left || x > bbox.left + bbox.width) return;
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.setLineDash([4 * dpr, 3 * dpr]);
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    ctx.fillText(String(i + 1), x + 3 * dpr, bbox.top + 11 * dpr);
  });
  ctx.restore();
}

export interface CurveSpecInput {
  readonly kind: CurveKind;
  readonly runs: readonly RunHistory[];
  readonly current: number;
  readonly log: boolean;
  readonly syncKey: string;
  readonly height: number;
}

/** A chart spec for one of the curves; its callbacks read the runs given here (the latest render's). */
export function curveSpec({ kind, runs, current, log, syncKey, height }: CurveSpecInput): ChartSpec & { readonly lines: number } {
  const lines = curveLines(kind, runs, current);
  const events = kind === 'loss' ? curveEvents(runs, current) : [];
  const useLog = log && kind !== 'accuracy';
  const pct = kind === 'accuracy';
  const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : pct ? `${(v * 100).toFixed(1)}%` : formatValue(v));
  return {
    lines: lines.length,
    key: [kind, useLog, current, ...lines.map((l) => `${l.label}|${l.stroke}|${String(l.dash)}|${String(l.dots)}`)].join('§'),
    version: runs.map((h) => `${h.run}.${h.version}.${h.events.length}`).join(','),
    height,
    options: () => ({
      cursor: { sync: { key: syncKey }, drag: { x: true, y: false } },
      legend: { live: true },
      scales: { x: { time: false }, y: useLog ? { distr: 3 } : pct ? { range: [0, 1] } : {} },
      axes: [
        { stroke: muted(), font: AXIS_FONT, grid: { stroke: grid(), width: 1 }, ticks: { stroke: grid(), width: 1 }, size: 34 },
        { stroke: muted(), font: AXIS_FONT, grid: { stroke: grid(), width: 1 }, ticks: { stroke: grid(), width: 1 }, size: 52, values: (_u, splits) => splits.map((v) => (pct ? `${Math.round(v * 100)}%` : fmt(v))) },
      ],
      series: [
        // Downsampled columns sit between steps: their read-out says the step only roughly.
        { label: 'step', value: (_u, v) => (v === null ? '–' : Number.isInteger(v) ? String(v) : `≈${Math.round(v)}`) },
        ...lines.map((l): uPlot.Series => ({ label: l.label, stroke: l.stroke, width: l.width, dash: l.dash, spanGaps: true, points: { show: l.dots && fewPoints, size: 4 }, value: (_u, v) => fmt(v) })),
      ],
    }),
    draw: events.length > 0 ? (u) => drawEvents(u, events) : undefined,
    data: (width, view) => {
      const a = alignSeries(
        lines.map((l) => l.points),
        { maxPoints: Math.max(200, width * 2), positive: useLog, view },
      );
      return { data: [a.x, ...a.ys], bucketed: a.bucketed };
    },
  };
}
