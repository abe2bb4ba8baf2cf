/**
 * The pan/zoom half of the editor benchmark. Input is real browser input
 * (CDP Input.dispatchMouseEvent, what Playwright's mouse sends) at 120 events
 * a second, sent without waiting for each to be handled, as a mouse or
 * trackpad does: a page that falls behind gets its events coalesced, not
 * slowed down. The trajectory follows the clock, so a slow page still ends
 * where a fast one does.
 *
 * Frames are counted twice: DrawFrame events of Chromium's compositor (a
 * frame that reached the screen; the figure that matters) from a trace of
 * the run, and requestAnimationFrame callbacks in the page (main-thread
 * frames, which can outnumber drawn ones when raster falls behind).
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { BenchWindow } from './editor-probe.js';

const EVENT_MS = 1000 / 120;
/** d3-zoom (React Flow's wheel handler) scales by 2^(-deltaY * 0.002) per pixel-mode wheel event. */
const WHEEL_LOG2_PER_PIXEL = 0.002;
const ZOOM_LOG2 = 3;
const PAN = { x: 420, y: 160 };
const MARK = 'bench-phase-';

export interface PhaseStats {
  readonly label: string;
  /** Frames drawn by the compositor per second. */
  readonly fps: number;
  /** 95th-percentile time between drawn frames, ms. */
  readonly p95: number;
  readonly worst: number;
  readonly frames: number;
  /** Main-thread frames (requestAnimationFrame callbacks) per second. */
  readonly rafFps: number;
  /** The zoom range the phase went through, e.g. `0.11–0.86`. */
  readonly zoom: string;
}

type Phase = { readonly label: string; readonly kind: 'zoom'; readonly log2: number } | { readonly label: string; readonly kind: 'pan'; readonly dx: number; readonly dy: number };

const PHASES: readonly Phase[] = [
  { label: '  zoom in 8x', kind: 'zoom', log2: ZOOM_LOG2 },
  { label: '  pan (zoomed in)', kind: 'pan', dx: -PAN.x, dy: -PAN.y },
  { label: '  zoom out 8x', kind: 'zoom', log2: -ZOOM_LOG2 },
  { label: '  pan (whole graph)', kind: 'pan', dx: PAN.x, dy: PAN.y },
];

const sleep = (ms: number) => new Promise((done) => setTimeout(done, Math.max(0, ms)));

async function runPhase(page: Page, cdp: CDPSession, phase: Phase, centre: { x: number; y: number }, ms: number): Promise<void> {
  const sent: Promise<unknown>[] = [];
  const mouse = (params: Record<string, unknown>) => sent.push(cdp.send('Input.dispatchMouseEvent', params as never));
  let from = centre;
  if (phase.kind === 'pan') {
    const spot = await page.evaluate(([x, y]) => (globalThis as BenchWindow).__bench.panePoint(x, y), [centre.x, centre.y] as const);
    if (!spot) throw new Error('pan: found no empty spot on the canvas to start a drag');
    from = spot;
    mouse({ type: 'mouseMoved', x: from.x, y: from.y });
    mouse({ type: 'mousePressed', x: from.x, y: from.y, button: 'left', buttons: 1, clickCount: 1 });
  }
  const start = Date.now();
  let done = 0;
  let at = from;
  for (let k = 1; Date.now() - start < ms; k++) {
    const f = Math.min(1, (Date.now() - start) / ms);
    if (phase.kind === 'zoom') {
      const deltaY = -Math.round((phase.log2 * f - done) / WHEEL_LOG2_PER_PIXEL);
      if (deltaY !== 0) mouse({ type: 'mouseWheel', x: centre.x, y: centre.y, deltaX: 0, deltaY });
      done += -deltaY * WHEEL_LOG2_PER_PIXEL;
    } else {
      at = { x: from.x + phase.dx * f, y: from.y + phase.dy * f };
      mouse({ type: 'mouseMoved', x: at.x, y: at.y, button: 'left', buttons: 1 });
    }
    await sleep(start + k * EVENT_MS - Date.now());
  }
  if (phase.kind === 'pan') mouse({ type: 'mouseReleased', x: at.x, y: at.y, button: 'left', buttons: 0, clickCount: 1 });
  await Promise.all(sent);
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly pid: number;
}

/** Stats over the frames whose time lies in [from, to) (ms); gaps are measured from the frame before. */
function frameStats(times: readonly number[], from: number, to: number): { fps: number; p95: number; worst: number; frames: number } {
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) if (times[i] >= from && times[i] < to) gaps.push(times[i] - times[i - 1]);
  const sorted = [...gaps].sort((a, b) => a - b);
  const sum = gaps.reduce((a, b) => a + b, 0);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? NaN;
  return { fps: (gaps.length / sum) * 1000, p95, worst: sorted.at(-1) ?? NaN, frames: gaps.length };
}

/**
 * Zoom in, pan, zoom out and pan for `totalMs` from the current (fitted)
 * view; returns the whole run, then each phase. With `tracePath` the trace
 * is also written there, with the categories a profile needs.
 */
export async function panZoom(browser: Browser, page: Page, totalMs: number, tracePath?: string): Promise<PhaseStats[]> {
  const box = await page.locator('.react-flow').boundingBox();
  if (!box) throw new Error('pan/zoom: the canvas is not on screen');
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: centre.x, y: centre.y });
  const profile = tracePath ? ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'viz', 'v8.execute', 'disabled-by-default-v8.cpu_profiler'] : [];
  await browser.startTracing(page, { categories: ['disabled-by-default-devtools.timeline.frame', 'blink.user_timing', ...profile], ...(tracePath ? { path: tracePath } : {}) });
  await page.evaluate(() => (globalThis as BenchWindow).__bench.startFrames());
  const mark = (i: number) => page.evaluate((name) => performance.mark(name).startTime, `${MARK}${i}`);
  const bounds = [await mark(0)];
  for (const [i, phase] of PHASES.entries()) {
    await runPhase(page, cdp, phase, centre, totalMs / PHASES.length);
    bounds.push(await mark(i + 1));
  }
  const raf = await page.evaluate(() => (globalThis as BenchWindow).__bench.stopFrames());
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  await cdp.detach();

  // Trace timestamps (µs) and page time (ms) differ by a constant: the marks pin it down.
  const marks = trace.traceEvents.filter((e) => e.name.startsWith(MARK) && e.ph !== 'e').sort((a, b) => a.ts - b.ts);
  if (marks.length !== PHASES.length + 1) throw new Error(`pan/zoom: expected ${PHASES.length + 1} phase marks in the trace, found ${marks.length}`);
  const offset = marks[0].ts / 1000 - bounds[0];
  const pid = marks[0].pid;
  const drawn = trace.traceEvents.filter((e) => e.name === 'DrawFrame' && e.pid === pid).map((e) => e.ts / 1000 - offset).sort((a, b) => a - b);

  const stats = (label: string, from: number, to: number): PhaseStats => {
    const z = raf.zooms.filter((_, i) => raf.times[i] >= from && raf.times[i] < to && Number.isFinite(raf.zooms[i]));
    return { label, ...frameStats(drawn, from, to), rafFps: frameStats(raf.times, from, to).fps, zoom: `${Math.min(...z).toFixed(2)}–${Math.max(...z).toFixed(2)}` };
  };
  return [stats('whole 5 s', bounds[0], bounds[PHASES.length]), ...PHASES.map((p, i) => stats(p.label, bounds[i], bounds[i + 1]))];
}

/**
 * A point of the canvas's empty background, as near its centre as there is one: a drag that starts
 * there pans the view (one that starts on a card would move the card, an edit, and select it).
 */
async function emptyPoint(page: Page): Promise<{ x: number; y: number }> {
  // A string: this file is typed without the DOM's declarations.
  const p = (await page.evaluate(`(() => {
    const pane = document.querySelector('.react-flow__pane');
    if (!pane) return null;
    const r = pane.getBoundingClientRect();
    const cx = r.x + r.width / 2;
    const cy = r.y + r.height / 2;
    // Rings around the centre, 20 px apart, keeping 80 px clear of the edges (the drag moves 60 px right).
    for (let d = 0; d < Math.max(r.width, r.height) / 2; d += 20) {
      for (let a = 0; a < 16; a++) {
        const x = cx + d * Math.cos((a * Math.PI) / 8);
        const y = cy + d * Math.sin((a * Math.PI) / 8);
        if (x < r.x + 80 || x > r.right - 80 || y < r.y + 80 || y > r.bottom - 80) continue;
        if (document.elementFromPoint(x, y) === pane) return { x, y };
      }
    }
    return null;
  })()`)) as { x: number; y: number } | null;
  if (!p) throw new Error('pan/zoom: no empty spot on the canvas to pan from');
  return p;
}

/** Pans (dragging the empty canvas) and zooms with the mouse until `done` says stop; the seconds it took. */
export async function panZoomUntil(page: Page, done: () => Promise<boolean>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; !(await done()); i++) {
    const at = await emptyPoint(page);
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, i % 2 ? 120 : -120);
    await page.mouse.down();
    await page.mouse.move(at.x + 60, at.y + 20, { steps: 6 });
    await page.mouse.up();
  }
  return (performance.now() - t0) / 1000;
}

/** Opens the example from the gallery and sets its run length in the panel, as a user would. */
export async function openForTraining(page: Page, name: string, steps: number): Promise<void> {
  await page.getByTestId('tb-examples').click();
  await page.getByTestId(`gallery-item-${name}.bpgraph`).click();
  await page.locator('[data-testid="doc-title"]', { hasText: name }).waitFor();
  await page.getByTestId('train-epochs').fill('1000000');
  await page.getByTestId('train-steps').fill(String(steps));
  await page.locator('[data-testid="train-start"]:not([disabled])').waitFor({ timeout: 60_000 });
  // The data view and the first diagnostics settle before the clock starts.
  await page.waitForTimeout(1000);
}
