/**
 * `npm run bench:editor`: the editor with a generated 1,000-node graph in
 * Debian's Chromium (playwright-core, headless), served from dist/renderer.
 *
 * Load to interactive: from dropping the .bpgraph file on the window (as a
 * user does; the browser host opens it) until a real mouse click on a node,
 * sent as soon as all 1,000 cards are drawn and the view is fitted to them,
 * has shown that node as selected in a frame. Measured twice over: a file with
 * positions, and the same graph without them, so that ELK lays it out first.
 * Each load is in a fresh page, opened 0.8 s after the app has shown its start
 * document. The table also gives the time to the drawn graph (rendered), the
 * click's own latency, and the long tasks (over 50 ms) from the drop to 2 s
 * after the click: the end of the last one (busy until) and the longest.
 *
 * Pan and zoom: 5 s of real mouse input from the fitted view (editor-input.ts):
 * zoom in 8x with the wheel, drag to pan, zoom out 8x, pan. The frame rate is
 * that of frames the compositor drew (from a trace); the 95th-percentile frame
 * time means the 5% slowest frames take at least that long (1000 / it is the
 * 5th-percentile frame rate). rAF fps, main-thread frames, is shown beside it.
 *
 * Peer: the same pan and zoom input on the same cards as static HTML moved
 * by a CSS transform (editor-peer.ts), the least a browser can do with them;
 * the ratio of frame rates, ours / peer, is comparable across machines.
 *
 * Options: --runs N (loads per scenario, default 3), --trace FILE (a Chromium
 * trace of the first pan/zoom run, for chrome://tracing or Perfetto),
 * --dist DIR (serve another build of the renderer, to compare two versions).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { benchGraph } from './editor-graph.js';
import { type BenchWindow, PROBE_SCRIPT, type SelectedReport } from './editor-probe.js';
import { panZoom, type PhaseStats } from './editor-input.js';
import { peerPage } from './editor-peer.js';

const NODES = 1000;
const VIEW = { width: 1280, height: 800 };
const BUILD = resolve(import.meta.dirname, '..', 'dist', 'renderer');
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.png': 'image/png',
};

/** Serves the build in `root`, and `pages` (path → HTML) from memory. */
function serve(root: string, pages: ReadonlyMap<string, string>): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const page = pages.get(path);
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
      return;
    }
    const file = join(root, path === '/' ? 'index.html' : path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

interface LoadRun extends SelectedReport {
  readonly rendered: number;
}

async function openApp(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEW });
  await page.addInitScript(PROBE_SCRIPT);
  await page.goto(url);
  await page.locator('[data-testid="doc-title"]', { hasText: 'add-mul' }).waitFor();
  await page.locator('.react-flow__node').first().waitFor();
  await page.waitForTimeout(800);
  return page;
}

async function load(page: Page, text: string, name: string): Promise<LoadRun> {
  await page.evaluate(([t, n]) => (globalThis as BenchWindow).__bench.drop(t, n), [text, name] as const);
  const r = await page.evaluate((n) => (globalThis as BenchWindow).__bench.rendered(n), NODES);
  await page.mouse.click(r.x, r.y);
  const s = await page.evaluate(() => (globalThis as BenchWindow).__bench.selected());
  return { ...s, rendered: r.rendered };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const ms = (x: number) => `${Math.round(x)}`;
const cell = (s: string, w: number) => s.padStart(w);

function loadRow(label: string, runs: readonly LoadRun[]): string {
  const worst = (pick: (r: LoadRun) => number) => Math.max(...runs.map(pick));
  const longest = Math.max(0, ...runs.flatMap((r) => r.longTasks.map(([, d]) => d)));
  const busyUntil = median(runs.map((r) => Math.max(0, ...r.longTasks.map(([s, d]) => s + d))));
  return [
    label.padEnd(24),
    cell(ms(median(runs.map((r) => r.rendered))), 9),
    cell(`${ms(median(runs.map((r) => r.interactive)))} (${ms(worst((r) => r.interactive))})`, 18),
    cell(ms(median(runs.map((r) => r.clickToFrame))), 12),
    cell(ms(busyUntil), 11),
    cell(ms(longest), 13),
  ].join(' ');
}

function phaseRow(label: string, p: PhaseStats): string {
  return [label.padEnd(24), cell(p.fps.toFixed(1), 8), cell(p.p95.toFixed(1), 14), cell((1000 / p.p95).toFixed(1), 12), cell(p.worst.toFixed(0), 11), cell(String(p.frames), 7), cell(p.rafFps.toFixed(1), 9), cell(p.zoom, 13)].join(' ');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3;
  const trace = args.includes('--trace') ? args[args.indexOf('--trace') + 1] : undefined;
  const root = args.includes('--dist') ? resolve(args[args.indexOf('--dist') + 1] ?? '') : BUILD;
  if (!existsSync(join(root, 'index.html'))) throw new Error(`no build in ${root}: run vite build -c renderer/vite.config.ts first`);
  const withPositions = benchGraph(NODES, true);
  const withoutPositions = benchGraph(NODES, false);
  const server = await serve(root, new Map([['/peer.html', peerPage(withPositions.text)]]));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--headless=new'],
  });
  try {
    const results: { label: string; loads: LoadRun[]; frames: PhaseStats[] }[] = [];
    let renderer = '';
    for (const [label, graph, name] of [['file with positions', withPositions, 'bench-1000.bpgraph'], ['auto-layout (ELK)', withoutPositions, 'bench-1000-nolayout.bpgraph']] as const) {
      const loads: LoadRun[] = [];
      let page: Page | undefined;
      for (let i = 0; i < runs; i++) {
        await page?.close();
        page = await openApp(browser, url);
        loads.push(await load(page, graph.text, name));
        process.stderr.write(`${label}, load ${i + 1}/${runs}: interactive in ${ms(loads[i].interactive)} ms\n`);
      }
      if (!page) throw new Error('no runs');
      renderer ||= await page.evaluate(() => {
        type Gl = { getParameter(p: number): unknown; getExtension(name: string): { UNMASKED_RENDERER_WEBGL: number } | null };
        const gl = (globalThis as unknown as { document: { createElement(t: 'canvas'): { getContext(k: 'webgl'): Gl | null } } }).document.createElement('canvas').getContext('webgl');
        const info = gl?.getExtension('WEBGL_debug_renderer_info');
        return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'no WebGL';
      });
      await page.waitForTimeout(500);
      const frames = await panZoom(browser, page, 5000, results.length === 0 ? trace : undefined);
      process.stderr.write(`${label}, pan/zoom: ${frames[0].fps.toFixed(1)} fps drawn, ${frames[0].rafFps.toFixed(1)} rAF\n`);
      await page.close();
      results.push({ label, loads, frames });
    }

    // The peer: the same cards as static HTML, moved by a CSS transform (editor-peer.ts), through the same input.
    const peer = await browser.newPage({ viewport: VIEW });
    await peer.addInitScript(PROBE_SCRIPT);
    await peer.goto(url.replace('index.html', 'peer.html'));
    await peer.waitForTimeout(500);
    const peerFrames = await panZoom(browser, peer, 5000);
    process.stderr.write(`peer, pan/zoom: ${peerFrames[0].fps.toFixed(1)} fps drawn\n`);
    await peer.close();

    const g = withPositions;
    console.log(`Editor benchmark: ${g.nodes} nodes, ${g.edges} edges, window ${VIEW.width}x${VIEW.height}, ${runs} loads per row (median, worst in brackets), times in ms`);
    console.log('');
    console.log(['open', 'rendered', 'interactive', 'click→frame', 'busy until', 'longest task'].map((h, i) => (i === 0 ? h.padEnd(24) : cell(h, [9, 18, 12, 11, 13][i - 1]))).join(' '));
    for (const r of results) console.log(loadRow(r.label, r.loads));
    const tables = [...results.map((r) => ({ title: r.label === results[0].label ? 'positions' : 'ELK layout', frames: r.frames })), { title: 'peer', frames: peerFrames }];
    for (const r of tables) {
      console.log('');
      console.log([`pan/zoom 5 s, ${r.title}`.padEnd(24), ...['mean fps', 'p95 frame ms', '5th pct fps', 'worst ms', 'frames', 'rAF fps', 'zoom'].map((h, i) => cell(h, [8, 14, 12, 11, 7, 9, 13][i]))].join(' '));
      for (const p of r.frames) console.log(phaseRow(p.label, p));
    }
    console.log('');
    const ratio = (f: PhaseStats[]) => `${(f[0].fps / peerFrames[0].fps).toFixed(2)}`;
    console.log(`mean fps ours / peer (the same cards as static HTML, no framework, no wires): positions ${ratio(results[0].frames)}, ELK layout ${ratio(results[1].frames)}`);
    console.log('');
    const cpus = os.cpus();
    console.log(`${new Date().toISOString()}  ${cpus[0]?.model ?? 'unknown cpu'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`);
    console.log(`Chromium ${browser.version()} headless, WebGL: ${renderer}; node ${process.version}`);
    console.log('targets: interactive < 1500 ms, mean fps >= 50');
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
