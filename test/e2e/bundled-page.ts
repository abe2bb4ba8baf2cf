/**
 * Runs a TypeScript entry in headless Chromium with WebGPU: bundles it with esbuild (it comes with
 * tsx), serves it from localhost (WebGPU needs a secure context), opens it with playwright-core and
 * evaluates `expr` there. For code that needs a real browser's `navigator.gpu` or its Web Workers
 * but not the app: the WebGPU benchmark, the CPU benchmark's Chromium rows and the conformance
 * suite's Chromium run.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const WEBGPU_CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--headless=new', '--enable-unsafe-webgpu'];

export interface BundledPageOptions {
  readonly onPageError?: (message: string) => void;
  /** Run the bundle in a dedicated worker of the page, not in the page, and evaluate `expr` there: where the editor runs its engine. */
  readonly inWorker?: boolean;
  /** Each line the page writes with console.log (and its kin). */
  readonly onConsole?: (text: string) => void;
  /** More entries, bundled like the page's and served at `/<name>.js`: the page's Web Workers. */
  readonly workers?: Readonly<Record<string, string>>;
  /** Files served as they are: URL path (`/x/y.wasm`) to the file on disk. */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * Serve everything with `Cross-Origin-Opener-Policy: same-origin` and
   * `Cross-Origin-Embedder-Policy: require-corp`, which make the page and its workers
   * cross-origin isolated: SharedArrayBuffer, hence WebAssembly threads, exist only there.
   */
  readonly crossOriginIsolated?: boolean;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

async function bundle(entry: string): Promise<string> {
  const esbuild = await import('esbuild');
  const built = await esbuild.build({ entryPoints: [entry], bundle: true, format: 'iife', platform: 'browser', target: 'chrome120', write: false, logLevel: 'warning' });
  return built.outputFiles[0].text;
}

/** The result of `expr` (a script string evaluated in the page once the bundle has run), or why the browser could not start. */
export async function inBundledPage<T>(entry: string, expr: string, opts: BundledPageOptions = {}): Promise<{ value: T } | { skipped: string }> {
  const names = Object.keys(opts.workers ?? {});
  const [page, ...workers] = await Promise.all([entry, ...names.map((n) => opts.workers?.[n] ?? '')].map(bundle));
  const start = opts.inWorker ? "<script>new Worker('/bundle.js')</script>" : '<script src="/bundle.js"></script>';
  const served = new Map<string, { type: string; body: () => Promise<string | Buffer> }>([
    ['/', { type: 'text/html', body: async () => `<!doctype html><meta charset="utf-8"><title>bundle</title><link rel="icon" href="data:,">${start}` }],
    ['/bundle.js', { type: 'text/javascript', body: async () => page }],
  ]);
  names.forEach((n, i) => served.set(`/${n}.js`, { type: 'text/javascript', body: async () => workers[i] }));
  for (const [url, file] of Object.entries(opts.files ?? {})) {
    served.set(url, { type: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', body: () => readFile(file) });
  }
  const isolation = opts.crossOriginIsolated ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};
  const server = createServer((req, res) => {
    const file = served.get(req.url ?? '');
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    file.body().then(
      (body) => res.writeHead(200, { 'content-type': file.type, ...isolation }).end(body),
      (e: unknown) => res.writeHead(500).end(String(e)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const executablePath = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath, args: WEBGPU_CHROMIUM_ARGS }).catch((e: unknown) => e as Error);
  if (browser instanceof Error) {
    server.close();
    return { skipped: `cannot start ${executablePath}: ${browser.message.split('\n')[0]}` };
  }
  try {
    const tab = await browser.newPage();
    tab.on('pageerror', (e) => opts.onPageError?.(e.message));
    tab.on('console', (m) => opts.onConsole?.(m.text()));
    if (opts.inWorker) {
      const started = tab.waitForEvent('worker');
      await tab.goto(`http://127.0.0.1:${port}/`);
      const worker = await started;
      return { value: (await worker.evaluate(expr)) as T };
    }
    await tab.goto(`http://127.0.0.1:${port}/`);
    return { value: (await tab.evaluate(expr)) as T };
  } finally {
    await browser.close();
    server.close();
  }
}
