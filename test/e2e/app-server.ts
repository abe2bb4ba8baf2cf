/**
 * Serves the built renderer to the end-to-end tests: a tiny HTTP server on
 * 127.0.0.1 (a random port, loopback only) that answers every request with
 * main's own app:// handler (electron/shell/app-protocol.ts), so pages get the
 * same files, types and Content-Security-Policy as in the desktop app.
 *
 * The renderer is built (its vite config, into a private temporary folder, so
 * that nothing races a developer's `npm run web` or the benchmark over
 * dist/renderer) on the first request and never again in the same run; a run
 * without end-to-end tests builds nothing. A failed build answers every
 * request with 500 and the build's output.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { APP_ORIGIN, serveAppRequest } from '../../electron/shell/app-protocol.js';
import { repoRoot, run } from '../electron/app-build.js';

/** A running server. */
export interface AppServer {
  /** `http://127.0.0.1:<port>/index.html`. */
  readonly url: string;
  close(): Promise<void>;
}

async function buildRenderer(outDir: string): Promise<void> {
  const result = await run(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      path.join(repoRoot, 'renderer', 'vite.config.ts'),
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { timeoutMs: 180_000 },
  );
  if (result.code !== 0) throw new Error(`the renderer build (vite build -c renderer/vite.config.ts) failed with code ${result.code}:\n${result.output}`);
}

/** Starts the server; the renderer is built on the first request. */
export async function startAppServer(): Promise<AppServer> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'bpstudio-e2e-app-'));
  const root = path.join(work, 'renderer');
  let built: Promise<void> | undefined;

  const server = http.createServer((request, response) => {
    const answer = async (): Promise<void> => {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      built ??= buildRenderer(root);
      try {
        await built;
      } catch (error) {
        response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(error instanceof Error ? error.message : String(error));
        return;
      }
      const { pathname, search } = new URL(request.url ?? '/', 'http://127.0.0.1');
      const served = await serveAppRequest(`${APP_ORIGIN}${pathname}${search}`, root);
      response.writeHead(served.status, served.headers);
      response.end(request.method === 'HEAD' ? undefined : served.body);
    };
    answer().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/index.html`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await built?.catch(() => undefined);
      await rm(work, { recursive: true, force: true });
    },
  };
}
