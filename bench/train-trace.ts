/**
 * `npx tsx bench/train-trace.ts`: where the page's long tasks come from while
 * XOR trains (the responsiveness case of bench/train-bench.ts). A Chrome
 * trace (timeline events and JS samples) is taken over the run; every task
 * of the page's main thread over 50 ms is listed with the timeline events
 * inside it (script, style, layout, paint, GC) and the JS functions that
 * took its time (self time, and the time under each of the app's frames), so
 * a long task can be pinned on the code that ran.
 *
 * Options: --steps N (default 10,000), --keep FILE (writes the raw trace),
 * --from FILE (analyses a kept trace), --idle (pan and zoom with no
 * training: the peer), --still (train without input: where the time goes),
 * --warmup (an untraced run first: the traced one finds the code compiled),
 * --closed S (the panel hidden once the run starts; S seconds traced), --example NAME (another
 * example than XOR). EXTRA_CHROMIUM_ARGS adds Chromium flags (e.g. --js-flags=--trace-deopt, printed
 * with DEBUG=pw:browser), TRACE_MORE=1 V8's compiler and GC and the compositor's categories.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { type Browser, chromium } from 'playwright-core';
import { startAppServer } from '../test/e2e/app-server.js';
import { CHROMIUM_ARGS } from '../test/e2e/browser.js';
import { openForTraining, panZoomUntil } from './editor-input.js';
import type { TraceEvent } from './trace-events.js';

interface ProfileNode {
  readonly id: number;
  readonly parent?: number;
  readonly callFrame: { readonly functionName: string; readonly url?: string; readonly lineNumber: number };
}

const argOf = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const STEPS = Number(argOf('steps') ?? 10_000);
/** Which example trains (default XOR). */
const EXAMPLE = argOf('example') ?? 'xor-mlp';
const KEEP = argOf('keep');
const IDLE = process.argv.includes('--idle');
/** No panning: the run alone, for where each thread's time goes (the speed case). */
const STILL = process.argv.includes('--still');
/** Train once untraced first, so the traced run finds the engine's code already compiled. */
const WARMUP = process.argv.includes('--warmup');
/** Hide the training panel once the run is under way, and trace this many seconds of it: what training costs the page with no view of it. */
const CLOSED = argOf('closed');


/** The JS samples of one thread: time (µs, trace clock) and the leaf node's stack. */
function samplesOf(events: readonly TraceEvent[], pid: number, tid: number): { ts: number; node: number }[] & { nodes?: Map<number, ProfileNode> } {
  const nodes = new Map<number, ProfileNode>();
  const out: { ts: number; node: number }[] & { nodes?: Map<number, ProfileNode> } = [];
  const profiles = new Map<string, number>();
  for (const e of events) {
    if (e.name === 'Profile' && e.pid === pid && e.tid === tid && e.id !== undefined) profiles.set(e.id, Number(e.args?.data?.['startTime']));
  }
  const clock = new Map(profiles);
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.id === undefined || !profiles.has(e.id)) continue;
    const data = e.args?.data as { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] } | undefined;
    for (const n of data?.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    let t = clock.get(e.id) ?? 0;
    for (let i = 0; i < samples.length; i++) {
      t += deltas[i] ?? 0;
      out.push({ ts: t, node: samples[i] });
    }
    clock.set(e.id, t);
  }
  out.nodes = nodes;
  return out;
}

function frameName(n: ProfileNode): string {
  const f = n.callFrame;
  const file = (f.url ?? '').split('/').pop() ?? '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
}

function top(m: Map<string, number>, n: number): string {
  return [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `    ${(v / 1000).toFixed(1).padStart(6)} ms  ${k}`)
    .join('\n');
}

/** Opens the example in a fresh page and traces the run (or the peer's input alone). */
async function record(browser: Browser, url: string): Promise<{ events: TraceEvent[]; seconds: number }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.getByTestId('node-f').waitFor();
  await openForTraining(page, EXAMPLE, STEPS);
  if (WARMUP) {
    await page.getByTestId('train-start').click();
    await page.locator('[data-testid="train-status"][data-phase="running"]').waitFor();
    await page.locator('[data-testid="train-status"][data-phase="done"]').waitFor({ timeout: 120_000 });
    await page.waitForTimeout(1500);
  }

  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (m) => {
    for (const e of m.value) events.push(e as unknown as TraceEvent);
  });
  const finished = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'v8.execute', 'v8', 'blink.user_timing', 'disabled-by-default-v8.cpu_profiler', 'toplevel', 'latencyInfo', ...(process.env['TRACE_MORE'] ? ['disabled-by-default-v8.compile', 'cc', 'disabled-by-default-cc.debug', 'gpu', 'base', 'disabled-by-default-v8.gc', 'renderer.scheduler'] : [])],
    },
  });
  let seconds: number;
  if (IDLE) {
    const end = performance.now() + 5000;
    seconds = await panZoomUntil(page, async () => performance.now() > end);
  } else {
    await page.getByTestId('train-start').click();
    await page.locator('[data-testid="train-status"][data-phase="running"]').waitFor();
    const done = async () => (await page.getByTestId('train-status').getAttribute('data-phase')) === 'done';
    if (CLOSED !== undefined) {
      await page.getByTestId('train-close').click();
      const end = performance.now() + Number(CLOSED) * 1000;
      seconds = await panZoomUntil(page, async () => performance.now() > end);
    } else if (STILL) {
      const t0 = performance.now();
      while (!(await done())) await page.waitForTimeout(100);
      seconds = (performance.now() - t0) / 1000;
    } else seconds = await panZoomUntil(page, done);
    // What follows the end of a run (the weights committed to the document) belongs to it.
    await page.waitForTimeout(1500);
  }
  await cdp.send('Tracing.end');
  await finished;
  await page.close();
  return { events, seconds };

}

/** The outermost timed events of a thread: its tasks, not counting a nested one twice. */
function outermost(events: readonly TraceEvent[]): TraceEvent[] {
  const xs = events.filter((e) => e.ph === 'X' && e.tdur !== undefined).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const out: TraceEvent[] = [];
  let end = -Infinity;
  for (const e of xs) {
    if (e.ts < end) continue;
    out.push(e);
    end = e.ts + (e.dur ?? 0);
  }
  return out;
}

/** CPU time per thread (the busiest first): what the page costs the machine besides the training itself. */
function cpuTable(events: readonly TraceEvent[]): void {
  const threads = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, String(e.args?.name)]));
  const procs = new Map(events.filter((e) => e.name === 'process_name').map((e) => [e.pid, String(e.args?.name)]));
  const by = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    const list = by.get(k) ?? [];
    list.push(e);
    by.set(k, list);
  }
  const rows = [...by].map(([k, es]) => {
    const top = outermost(es);
    return { k, cpu: top.reduce((a, e) => a + (e.tdur ?? 0), 0), wall: top.reduce((a, e) => a + (e.dur ?? 0), 0), longCpu: Math.max(0, ...top.map((e) => e.tdur ?? 0)) };
  });
  rows.sort((a, b) => b.cpu - a.cpu);
  console.log('CPU time by thread (ms): cpu, wall while busy, the most CPU one task took');
  for (const r of rows.slice(0, 10)) {
    const pid = Number(r.k.split(':')[0]);
    console.log(`  ${(procs.get(pid) ?? '?').padEnd(12)} ${(threads.get(r.k) ?? '?').padEnd(28)} ${(r.cpu / 1000).toFixed(0).padStart(6)} ${(r.wall / 1000).toFixed(0).padStart(7)} ${(r.longCpu / 1000).toFixed(1).padStart(7)}`);
  }
}

/** Attributes each thread's time, and each long task of the page, to what ran. */
function analyse(events: readonly TraceEvent[], seconds: number): void {
  cpuTable(events);
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('no renderer main thread in the trace');
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const tasks = onMain.filter((e) => e.ph === 'X' && e.name === 'RunTask' && (e.dur ?? 0) > 50_000);
  const samples = samplesOf(events, main.pid, main.tid);
  const nodes = samples.nodes ?? new Map<number, ProfileNode>();
  console.log(`${seconds.toFixed(1)} s traced; ${tasks.length} main-thread tasks over 50 ms; ${samples.length} JS samples`);
  const frames = onMain.filter((e) => e.name === 'DrawFrame' || e.name === 'BeginFrame').length;
  console.log(`frames (DrawFrame/BeginFrame events): ${frames}`);
  // Each thread's busy time and its JS by function, over the whole trace.
  const names = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, String(e.args?.name)]));
  for (const [key, name] of names) {
    if (!/CrRendererMain|DedicatedWorker|Compositor|VizCompositor|CrGpuMain/.test(name)) continue;
    const [pid, tid] = key.split(':').map(Number);
    const busy = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')).reduce((a, e) => a + (e.dur ?? 0), 0);
    const ss = samplesOf(events, pid, tid);
    const ns = ss.nodes ?? new Map<number, ProfileNode>();
    const selfT = new Map<string, number>();
    const totalT = new Map<string, number>();
    let js = 0;
    for (let i = 0; i < ss.length; i++) {
      const dt = Math.min(10_000, (ss[i + 1]?.ts ?? ss[i].ts) - ss[i].ts);
      const leaf = ns.get(ss[i].node);
      if (!leaf) continue;
      const lname = frameName(leaf);
      if (lname.startsWith('(idle)') || lname.startsWith('(program)')) continue;
      js += dt;
      selfT.set(lname, (selfT.get(lname) ?? 0) + dt);
      const seen = new Set<string>();
      for (let n: ProfileNode | undefined = leaf; n; n = n.parent !== undefined ? ns.get(n.parent) : undefined) {
        const fn = frameName(n);
        if (seen.has(fn)) continue;
        seen.add(fn);
        totalT.set(fn, (totalT.get(fn) ?? 0) + dt);
      }
    }
    console.log(`\nthread ${name}: tasks ${(busy / 1000).toFixed(0)} ms, JS samples ${(js / 1000).toFixed(0)} ms (not idle/program) over ${seconds.toFixed(1)} s`);
    if (js > 0) {
      console.log('  self:');
      console.log(top(selfT, 25));
      console.log('  total:');
      console.log(top(totalT, 40));
    }
  }
  for (const task of tasks) {
    const t0 = task.ts;
    const t1 = task.ts + (task.dur ?? 0);
    console.log(`\ntask at ${((t0 - tasks[0].ts) / 1000).toFixed(0)} ms, ${((task.dur ?? 0) / 1000).toFixed(1)} ms (${((task.tdur ?? 0) / 1000).toFixed(1)} ms of CPU)`);
    const byName = new Map<string, number>();
    for (const e of onMain) {
      if (e.ph !== 'X' || e === task || e.ts < t0 || e.ts >= t1) continue;
      const what = e.name === 'FunctionCall' || e.name === 'EventDispatch' || e.name === 'TimerFire' ? `${e.name} ${String(e.args?.data?.['functionName'] ?? e.args?.data?.['type'] ?? '')}` : e.name;
      byName.set(what, (byName.get(what) ?? 0) + (e.dur ?? 0));
    }
    console.log('  timeline events (inclusive, nested ones counted in each):');
    console.log(top(byName, 14));
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i];
      if (s.ts < t0 || s.ts >= t1) continue;
      const dt = (samples[i + 1]?.ts ?? s.ts) - s.ts;
      const leaf = nodes.get(s.node);
      if (!leaf) continue;
      self.set(frameName(leaf), (self.get(frameName(leaf)) ?? 0) + dt);
      const seen = new Set<string>();
      for (let n: ProfileNode | undefined = leaf; n; n = n.parent !== undefined ? nodes.get(n.parent) : undefined) {
        const name = frameName(n);
        if (seen.has(name)) continue;
        seen.add(name);
        total.set(name, (total.get(name) ?? 0) + dt);
      }
    }
    console.log('  JS self time:');
    console.log(top(self, 12));
    console.log('  JS total time (app frames and their callers):');
    console.log(top(total, 30));
  }
}

const FROM = argOf('from');
if (FROM) {
  const t = JSON.parse(await readFile(FROM, 'utf8')) as { traceEvents: TraceEvent[]; seconds?: number };
  analyse(t.traceEvents, t.seconds ?? 0);
} else {
  const server = await startAppServer();
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...(process.env['EXTRA_CHROMIUM_ARGS']?.split(' ') ?? [])], headless: true });
  try {
    const { events, seconds } = await record(browser, server.url);
    if (KEEP) await writeFile(KEEP, JSON.stringify({ traceEvents: events, seconds }));
    analyse(events, seconds);
  } finally {
    await browser.close();
    await server.close();
  }
}
