/**
 * `npm run web` (Vite's dev server) and `vite preview`, started from the real
 * renderer/vite.config.ts, serve every file with the headers that make the
 * editor cross-origin isolated, as the desktop app's app:// protocol does:
 * the page, its modules, the engine worker's module and the digits asset.
 * (test/e2e/cross-origin-isolation.test.ts shows Chromium isolating the page
 * and its workers under these headers.)
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';
import { repoRoot } from '../electron/app-build.js';
import { tempDir } from '../electron/harness.js';

const configFile = path.join(repoRoot, 'renderer', 'vite.config.ts');
const ISOLATED = { coop: 'same-origin', coep: 'require-corp', corp: 'same-origin' };

async function isolationHeaders(url: string): Promise<{ status: number; coop: string | null; coep: string | null; corp: string | null }> {
  const response = await fetch(url);
  await response.arrayBuffer();
  const { headers } = response;
  return {
    status: response.status,
    coop: headers.get('cross-origin-opener-policy'),
    coep: headers.get('cross-origin-embedder-policy'),
    corp: headers.get('cross-origin-resource-policy'),
  };
}

function baseUrl(server: ViteDevServer | PreviewServer): string {
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('the server reports no address');
  return url;
}

describe('Vite dev server (npm run web)', () => {
  let server: ViteDevServer;
  beforeAll(async () => {
    server = await createServer({ configFile, logLevel: 'warn', server: { host: '127.0.0.1', port: 0, hmr: false } });
    await server.listen();
  });
  afterAll(async () => {
    await server.close();
  });

  it('sends the cross-origin isolation headers with the page, its modules, the engine worker and the digits asset', async () => {
    const base = baseUrl(server);
    for (const file of ['', 'index.html', 'main.tsx', 'engine/engine-worker.ts?worker_file&type=module', 'favicon.svg', 'data/digits.bin']) {
      expect(await isolationHeaders(base + file), file).toEqual({ status: 200, ...ISOLATED });
    }
  });
});

describe('vite preview', () => {
  let dir: string;
  let server: PreviewServer;
  beforeAll(async () => {
    // A stand-in build: preview only serves files, so what they hold does not matter here.
    dir = await tempDir('bpstudio-preview-');
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>stand-in</title>');
    await writeFile(path.join(dir, 'assets', 'engine-worker.js'), 'export {};');
    server = await preview({ configFile, logLevel: 'warn', build: { outDir: dir }, preview: { host: '127.0.0.1', port: 0 } });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the cross-origin isolation headers with the built files', async () => {
    const base = baseUrl(server);
    for (const file of ['', 'index.html', 'assets/engine-worker.js']) {
      expect(await isolationHeaders(base + file), file).toEqual({ status: 200, ...ISOLATED });
    }
  });
});
