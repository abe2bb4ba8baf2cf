/**
 * One uPlot chart in a container: built once per `key` (the series layout:
 * which runs, log or linear), fed with setData when `version` changes (at
 * most once per frame), resized with the container's width. Data may be
 * downsampled to the width; after a drag-zoom on x the data is recomputed
 * with finer columns inside the view, and a double-click (uPlot's reset)
 * brings back the whole range.
 */
import { type RefObject, useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { holdFor } from '../../app/input-activity.js';
import { useTheme } from '../../app/theme.js';

export interface ChartData {
  readonly data: uPlot.AlignedData;
  /** The points were bucketed to the width, so zooming needs fresh data. */
  readonly bucketed: boolean;
}

export interface ChartSpec {
  /** Rebuild the chart when this changes (series count, scale kind). */
  readonly key: string;
  /** Redraw with fresh data when this changes. */
  readonly version: string;
  readonly height: number;
  readonly options: (width: number) => Omit<uPlot.Options, 'width' | 'height'>;
  /** The data for a plot this wide, with finer detail inside `view` when zoomed. */
  readonly data: (width: number, view?: readonly [number, number]) => ChartData;
  /** Extra drawing over the plot (event markers), read at every redraw so it follows the latest props. */
  readonly draw?: (u: uPlot) => void;
}

/** Least time between two redraws for new data. */
const REDRAW_MS = 200;

const widthOf = (el: HTMLElement): number => Math.max(120, Math.floor(el.clientWidth));

/**
 * Sets fresh data, keeping a zoomed view. uPlot computes which data indices
 * are in view when the scale is set, so after replacing the x array under a
 * kept view the scale is set again (else it draws the old indices' span).
 */
function apply(u: uPlot, d: ChartData, view: readonly [number, number] | undefined): void {
  u.setData(d.data, view === undefined);
  if (view) u.setScale('x', { min: view[0], max: view[1] });
}

/** Builds waiting for their own task, oldest first. */
const builds: (() => void)[] = [];
let building = false;

function buildNext(): void {
  builds.shift()?.();
  if (builds.length > 0) setTimeout(buildNext, 0);
  else building = false;
}

/**
 * Runs `build` in a task of its own, after any build queued before it; returns a function that
 * cancels it if it has not run. When a run starts, the panel's charts are all (re)built at once
 * (a new run is a new series): built in one task they made one long one.
 */
function buildSoon(build: () => void): () => void {
  builds.push(build);
  if (!building) {
    building = true;
    setTimeout(buildNext, 0);
  }
  return () => {
    const i = builds.indexOf(build);
    if (i >= 0) builds.splice(i, 1);
  };
}

/** Mounts the chart in `ref`'s element; returns the live uPlot instance (null before mount). */
export function useUplot(ref: RefObject<HTMLDivElement | null>, spec: ChartSpec): RefObject<uPlot | null> {
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(spec);
  latest.current = spec;
  const view = useRef<readonly [number, number] | undefined>(undefined);
  const bucketed = useRef(false);
  const frame = useRef(0);
  // Axis and grid colours come from the theme when the chart is built, so a new theme builds it again.
  const { theme } = useTheme();

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let u: uPlot | undefined;
    let resize: ResizeObserver | undefined;
    const cancel = buildSoon(() => {
      const width = widthOf(el);
      const base = latest.current.options(width);
      view.current = undefined;
      const first = latest.current.data(width);
      bucketed.current = first.bucketed;
      const onScale = (p: uPlot, scaleKey: string): void => {
        if (scaleKey !== 'x' || !bucketed.current) return;
        const xs = p.data[0];
        const { min, max } = p.scales.x;
        if (min === undefined || max === undefined || xs.length === 0) return;
        // A view covering all the data is the reset (double-click): back to even columns.
        const next: readonly [number, number] | undefined = min <= xs[0] && max >= xs[xs.length - 1] ? undefined : [min, max];
        if (next?.[0] === view.current?.[0] && next?.[1] === view.current?.[1]) return;
        view.current = next;
        const d = latest.current.data(p.width, next);
        bucketed.current = d.bucketed;
        // Re-entering this hook from apply's setScale returns early: the view is unchanged.
        apply(p, d, next);
      };
      const opts: uPlot.Options = { ...base, width, height: latest.current.height, hooks: { ...base.hooks, setScale: [onScale], draw: [(p) => latest.current.draw?.(p)] } };
      const made = new uPlot(opts, first.data, el);
      u = made;
      chart.current = made;
      resize = new ResizeObserver(() => {
        const w = widthOf(el);
        if (w === made.width) return;
        made.setSize({ width: w, height: latest.current.height });
        if (bucketed.current) apply(made, latest.current.data(w, view.current), view.current);
      });
      resize.observe(el);
    });
    return () => {
      cancel();
      resize?.disconnect();
      cancelAnimationFrame(frame.current);
      u?.destroy();
      chart.current = null;
    };
    // The chart is rebuilt only when its layout changes; data goes through setData below.
  }, [spec.key, theme]);

  // Redraws are spaced out: recomputing and drawing a long history costs the page's thread time that panning
  // and zooming need, and a curve that moves a few times a second reads just as live.
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (timer.current !== undefined) return;
    const redraw = (): void => {
      timer.current = undefined;
      cancelAnimationFrame(frame.current);
      frame.current = requestAnimationFrame(() => {
        last.current = performance.now();
        const u = chart.current;
        if (!u) return;
        const d = latest.current.data(u.width, view.current);
        bucketed.current = d.bucketed;
        // While zoomed, keep the view; otherwise let the scales follow the growing data.
        apply(u, d, view.current);
      });
    };
    const wait = Math.max(last.current + REDRAW_MS - performance.now(), holdFor());
    if (wait <= 0) redraw();
    else timer.current = setTimeout(redraw, wait);
  }, [spec.version]);
  useEffect(() => () => clearTimeout(timer.current), []);

  return chart;
}
