/**
 * Runs the WebGPU workloads in headless Chromium: bundles bench/webgpu/page.ts with esbuild,
 * serves it from localhost (WebGPU needs a secure context) and calls it through playwright-core.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { GpuRow, MeasureOpts } from './workloads.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--headless=new', '--enable-unsafe-webgpu'];

export async function chromiumGpuRows(opts: MeasureOpts): Promise<{ rows: GpuRow[]; reason: string; version: string } | { skipped: string }> {
  const esbuild = await import('esbuild');
  const built = await esbuild.build({
    entryPoints: [path.join(here, 'page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'warning',
  });
  const js = built.outputFiles[0].text;
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(js);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><meta charset="utf-8"><title>bench</title><script src="/bench.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const executablePath = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath, args: ARGS }).catch((e: unknown) => e as Error);
  if (browser instanceof Error) {
    server.close();
    return { skipped: `cannot start ${executablePath}: ${browser.message.split('\n')[0]}` };
  }
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    // A script string: this file is typechecked without the DOM's types.
    return await page.evaluate(`globalThis.runBench(${JSON.stringify(opts)})`);
  } finally {
    await browser.close();
    server.close();
  }
}
