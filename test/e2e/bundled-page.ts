/**
 * Runs a TypeScript entry in headless Chromium with WebGPU: bundles it with esbuild (it comes with
 * tsx), serves it from localhost (WebGPU needs a secure context), opens it with playwright-core and
 * evaluates `expr` there. For code that needs a real browser's `navigator.gpu` but not the app:
 * the WebGPU benchmark and the conformance suite's Chromium run.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';

export const WEBGPU_CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--headless=new', '--enable-unsafe-webgpu'];

export interface BundledPageOptions {
  readonly onPageError?: (message: string) => void;
  /** Run the bundle in a dedicated worker of the page, not in the page, and evaluate `expr` there: where the editor runs its engine. */
  readonly inWorker?: boolean;
  /** Serve the page cross-origin isolated (COOP and COEP), as the editor is, so that it and its workers have SharedArrayBuffer. */
  readonly isolated?: boolean;
}

/** The result of `expr` (a script string evaluated in the page once the bundle has run), or why the browser could not start. */
export async function inBundledPage<T>(entry: string, expr: string, opts: BundledPageOptions = {}): Promise<{ value: T } | { skipped: string }> {
  const esbuild = await import('esbuild');
  const built = await esbuild.build({ entryPoints: [entry], bundle: true, format: 'iife', platform: 'browser', target: 'chrome120', write: false, logLevel: 'warning' });
  const js = built.outputFiles[0].text;
  const server = createServer((req, res) => {
    const script = req.url === '/bundle.js';
    const isolation = opts.isolated ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};
    res.writeHead(200, { 'content-type': script ? 'text/javascript' : 'text/html', ...isolation });
    const start = opts.inWorker ? "<script>new Worker('/bundle.js')</script>" : '<script src="/bundle.js"></script>';
    res.end(script ? js : `<!doctype html><meta charset="utf-8"><title>bundle</title>${start}`);
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
    const page = await browser.newPage();
    page.on('pageerror', (e) => opts.onPageError?.(e.message));
    if (opts.inWorker) {
      const started = page.waitForEvent('worker');
      await page.goto(`http://127.0.0.1:${port}/`);
      const worker = await started;
      return { value: (await worker.evaluate(expr)) as T };
    }
    await page.goto(`http://127.0.0.1:${port}/`);
    return { value: (await page.evaluate(expr)) as T };
  } finally {
    await browser.close();
    server.close();
  }
}
