/**
 * The digits dataset for the editor: fetches the binary asset that the build
 * emits beside index.html (data/digits.bin; see core/data/digits-asset.ts and
 * renderer/vite-digits-plugin.ts) and decodes it. Uses only `fetch`, so it
 * runs on the page and in a Web Worker alike.
 *
 * URLs: a relative URL is resolved against the page (`document.baseURI`), which
 * gives app://bpstudio/data/digits.bin under Electron and /data/digits.bin from
 * the dev server. A worker has no page, and its own location is its script's
 * (under assets/ when built), so a worker must be given an absolute URL: the
 * page computes `digitsAssetUrl(document.baseURI)` and sends it to the worker,
 * which calls `loadDigitsRaw(thatUrl)`. A relative URL in a worker is refused
 * with a message saying so, rather than fetched from the wrong folder.
 */
import { DatasetError } from '../../core/data/dataset.js';
import { decodeDigitsAsset } from '../../core/data/digits-asset.js';

/** The asset's path relative to the built index.html. */
export const DIGITS_ASSET_PATH = './data/digits.bin';

/** The asset's absolute URL for the page whose base URL is `pageUrl` (pass `document.baseURI`). */
export function digitsAssetUrl(pageUrl: string): string {
  return new URL(DIGITS_ASSET_PATH, pageUrl).href;
}

// One load per absolute URL: the decoded digits are 31 MB of floats, worth keeping once.
const cache = new Map<string, Promise<Float32Array[]>>();

/**
 * The raw digits, one Float32Array per class 0-9 (28x28 images concatenated,
 * pixels in [0, 1]), exactly what `digitsFromRaw` takes. `url` may be relative
 * only on a page (see the module comment for workers). Fetched and decoded once
 * per URL; every caller gets the same arrays, which must not be modified. A
 * failure is not cached, so a later call retries. Rejects with a one-line
 * message naming the URL: the HTTP status, the network error, or what is wrong
 * with the bytes.
 */
export function loadDigitsRaw(url: string = DIGITS_ASSET_PATH): Promise<Float32Array[]> {
  let absolute: string;
  try {
    absolute = resolveUrl(url);
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
  let loading = cache.get(absolute);
  if (loading === undefined) {
    loading = fetchDigits(absolute);
    cache.set(absolute, loading);
    loading.catch(() => cache.delete(absolute));
  }
  return loading;
}

function resolveUrl(url: string): string {
  if (URL.canParse(url)) return new URL(url).href;
  // Only a page has a document; in a worker a relative URL would resolve against the script.
  // Read through globalThis so this module needs no DOM types and runs in workers and tests.
  const page = (globalThis as { document?: { readonly baseURI: string } }).document;
  if (page === undefined) {
    throw new Error(
      `the digits asset URL "${url}" is relative, but there is no page to resolve it against (in a worker); pass an absolute URL, digitsAssetUrl(document.baseURI) from the page`,
    );
  }
  return new URL(url, page.baseURI).href;
}

async function fetchDigits(url: string): Promise<Float32Array[]> {
  // A network failure, or the body cut off while it was being read.
  const unreachable = (e: unknown): never => {
    throw new Error(`cannot fetch the digits asset ${url}: ${e instanceof Error ? e.message : String(e)}`);
  };
  const response = await fetch(url).catch(unreachable);
  if (!response.ok) {
    throw new Error(`cannot load the digits asset ${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  const bytes = await response.arrayBuffer().catch(unreachable);
  try {
    return decodeDigitsAsset(bytes);
  } catch (e) {
    throw e instanceof DatasetError ? new DatasetError(`${url}: ${e.message}`) : e;
  }
}
