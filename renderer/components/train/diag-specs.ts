/**
 * Diagnostics charts over the probe steps: one line per param on a log
 * scale, for the gradient norm and for the update-to-weight ratio, the latter
 * with cs231n's reference line at 1e-3.
 */
import uPlot from 'uplot';
import { themeColor } from '../../app/theme.js';
import { formatValue } from '../../model/chart-format.js';
import type { IdSeries } from '../../model/diagnostics-series.js';
import { alignSeries } from '../../model/downsample.js';
import type { ChartSpec } from './use-uplot.js';

/** Tableau's ten categorical colours: params are many, and need telling apart rather than ranking. */
export const SERIES_COLORS: readonly string[] = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
export const seriesColor = (i: number): string => SERIES_COLORS[i % SERIES_COLORS.length];

/** The healthy update-to-weight ratio of cs231n's rule of thumb. */
export const RULE_OF_THUMB = 1e-3;

const AXIS_FONT = '11px Inter, "Segoe UI", system-ui, sans-serif';
// Read when a chart is built, which happens again when the theme changes (use-uplot.ts).
const muted = (): string => themeColor('--muted', '#667085');
const grid = (): string => themeColor('--chart-grid', '#eceef2');

function drawRule(u: uPlot): void {
  const { ctx, bbox } = u;
  const y = Math.round(u.valToPos(RULE_OF_THUMB, 'y', true));
  if (y < bbox.top || y > bbox.top + bbox.height) return;
  const dpr = devicePixelRatio || 1;
  ctx.save();
  const ink = themeColor('--chart-rule', '#1f2430');
  ctx.strokeStyle = ink;
  ctx.globalAlpha = 0.6;
  ctx.lineWidth = dpr;
  ctx.setLineDash([5 * dpr, 4 * dpr]);
  ctx.beginPath();
  ctx.moveTo(bbox.left, y);
  ctx.lineTo(bbox.left + bbox.width, y);
  ctx.stroke();
  ctx.font = `${Math.round(11 * dpr)}px Inter, system-ui, sans-serif`;
  ctx.textAlign = 'right';
  // A backing of the chart's background keeps the label readable where lines cross it.
  const label = '1e-3 rule of thumb';
  const right = bbox.left + bbox.width - 4 * dpr;
  ctx.globalAlpha = 0.85;
  ctx.fillStyle = themeColor('--surface', '#ffffff');
  ctx.fillRect(right - ctx.measureText(label).width - 3 * dpr, y - 15 * dpr, ctx.measureText(label).width + 6 * dpr, 13 * dpr);
  ctx.globalAlpha = 1;
  ctx.fillStyle = ink;
  ctx.fillText(label, right, y - 4 * dpr);
  ctx.restore();
}

/** A log-scale chart of one value per param over the probe steps. */
export function diagSpec(series: IdSeries, opts: { readonly kind: 'grad' | 'ratio'; readonly syncKey: string; readonly version: string; readonly height: number }): ChartSpec {
  const ratio = opts.kind === 'ratio';
  return {
    key: [opts.kind, ...series.ids].join('§'),
    version: opts.version,
    height: opts.height,
    options: () => ({
      cursor: { sync: { key: opts.syncKey }, drag: { x: true, y: false } },
      legend: { live: true },
      scales: {
        x: { time: false },
        y: {
          distr: 3,
          // Keep the reference line in view, and give an empty chart a sane range.
          range: (_u, min, max) => uPlot.rangeLog(Math.min(min ?? 1e-4, ratio ? 1e-4 : Infinity), Math.max(max ?? 1e-2, ratio ? 1e-2 : -Infinity), 10, true),
        },
      },
      axes: [
        { stroke: muted(), font: AXIS_FONT, grid: { stroke: grid(), width: 1 }, ticks: { stroke: grid(), width: 1 }, size: 34 },
        { stroke: muted(), font: AXIS_FONT, grid: { stroke: grid(), width: 1 }, ticks: { stroke: grid(), width: 1 }, size: 52, values: (_u, splits) => splits.map((v) => formatValue(v)) },
      ],
      series: [{ label: 'step' }, ...series.ids.map((id, i): uPlot.Series => ({ label: id, stroke: seriesColor(i), width: 1.5, spanGaps: true, points: { size: 4 }, value: (_u, v) => formatValue(v) }))],
    }),
    draw: ratio ? drawRule : undefined,
    data: (width, view) => {
      const a = alignSeries(
        series.values.map((v) => ({ x: series.steps, y: v.map((y) => y ?? NaN) })),
        { maxPoints: Math.max(200, width * 2), positive: true, view },
      );
      return { data: [a.x, ...a.ys], bucketed: a.bucketed };
    },
  };
}
