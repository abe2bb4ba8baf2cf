/**
 * Vite plugin that serves the digits asset (core/data/digits-asset.ts) to the
 * editor: `vite build` emits it as data/digits.bin in the output, and the dev
 * server answers GET /data/digits.bin with the same bytes. It is made from the
 * `mnist` package at build time rather than committed, so the repository holds
 * no 7.5 MB binary that could drift from the package. This file runs in Node
 * at build time, never in the renderer.
 */
import type { Plugin } from 'vite';
import { buildDigitsAsset } from '../core/cli/digits-asset-build.js';

/** Where the asset sits, relative to the built index.html (and the dev server's root). */
export const DIGITS_ASSET_FILE = 'data/digits.bin';

/** The plugin; `build` makes the bytes (injectable so tests need not read the package). */
export function digitsAssetPlugin(build: () => Promise<Uint8Array> = buildDigitsAsset): Plugin {
  // Made once per process: the dev server may be asked many times, the package never changes under it.
  let bytes: Promise<Uint8Array> | null = null;
  const asset = (): Promise<Uint8Array> => {
    if (bytes === null) {
      bytes = build();
      bytes.catch(() => {
        bytes = null;
      });
    }
    return bytes;
  };

  return {
    name: 'bpstudio-digits-asset',
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: DIGITS_ASSET_FILE, source: await asset() });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const pathname = (req.url ?? '').split('?')[0];
        if (pathname !== `/${DIGITS_ASSET_FILE}` || (req.method !== 'GET' && req.method !== 'HEAD')) {
          next();
          return;
        }
        asset().then(
          (body) => {
            res.statusCode = 200;
            // Vite's own middlewares send server.headers (the cross-origin isolation ones); a plugin's must send them itself.
            for (const [name, value] of Object.entries(server.config.server.headers ?? {})) if (value !== undefined) res.setHeader(name, value);
            res.setHeader('Content-Type', 'application/octet-stream');
            res.setHeader('Content-Length', String(body.length));
            res.setHeader('Cache-Control', 'no-cache');
            if (req.method === 'HEAD') res.end();
            else res.end(body);
          },
          (e: unknown) => next(e),
        );
      });
    },
  };
}
