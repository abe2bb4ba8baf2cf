/**
 * The `app://bpstudio/` protocol that serves the built renderer. A privileged
 * standard scheme gives the app a real origin (so 'self' in the CSP, fetch and
 * module workers behave as on the web) without file://'s access to the whole
 * disk. Every response carries the Content-Security-Policy header and the
 * headers that make the page cross-origin isolated (core/host/cross-origin-isolation.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from '../../core/host/cross-origin-isolation.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'bpstudio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page every window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Scripts only from the app itself (no inline script, no eval), which may
 * compile WebAssembly ('wasm-unsafe-eval' allows that and nothing else: the
 * engine worker's CPU kernels, assembled from the app's own sources); inline style
 * attributes are allowed because React Flow positions nodes with them; images
 * and fonts may be data: URIs (KaTeX fonts, icons); workers from the app's
 * own files (the engine and the layout worker are emitted as files by the
 * build, and end-to-end tests load them under this very policy) and from
 * blob: URLs, for the CPU backend's WebAssembly thread pool: core/ is not
 * bundled into files for every consumer (the command line, the tests run it
 * as source), so the pool starts its workers from a small self-contained
 * script held in a Blob. A blob: URL holds only what a script already
 * running here put in it, so this lets in no code from elsewhere.
 * Nothing may be fetched from or embedded into another origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
].join('; ');

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.bpgraph': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  // The digits asset (data/digits.bin), fetched by the editor.
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

/** Headers sent with every response of the protocol. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    ...CROSS_ORIGIN_ISOLATION_HEADERS,
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

/** The file under `root` that an app:// URL names, or null when it names nothing servable. */
export function resolveAppAsset(url: string, root: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname.endsWith('/')) pathname += 'index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${pathname}`);
  return file.startsWith(base + path.sep) ? file : null;
}

/** A response as plain data; main wraps it in a `Response`. */
export interface AppResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array | string;
}

/** Serves one app:// request from the files under `root`. */
export async function serveAppRequest(url: string, root: string): Promise<AppResponse> {
  const file = resolveAppAsset(url, root);
  const notFound: AppResponse = { status: 404, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Not found' };
  if (file === null) return notFound;
  try {
    const body = await readFile(file);
    const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return { status: 200, headers: { ...securityHeaders(), 'Content-Type': type }, body };
  } catch {
    return notFound;
  }
}
