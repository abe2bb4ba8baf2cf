/** The editor's digits loader (renderer/model/digits-data.ts) against a stubbed fetch, as on a page and in a worker. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DatasetError } from '../../core/data/dataset.js';
import { encodeDigitsAsset } from '../../core/data/digits-asset.js';
import { DIGITS_ASSET_PATH, digitsAssetUrl, loadDigitsRaw } from '../../renderer/model/digits-data.js';

const raw = Array.from({ length: 10 }, (_, c) => Float32Array.from({ length: 784 }, (_, i) => ((i + c) % 256) / 255));
const asset = encodeDigitsAsset(raw);
const fetchMock = vi.fn<(url: string) => Promise<Response>>();

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('digitsAssetUrl', () => {
  it('puts data/digits.bin beside the page, under app:// and the dev server alike', () => {
    expect(DIGITS_ASSET_PATH).toBe('./data/digits.bin');
    expect(digitsAssetUrl('app://bpstudio/index.html')).toBe('app://bpstudio/data/digits.bin');
    expect(digitsAssetUrl('http://localhost:5173/')).toBe('http://localhost:5173/data/digits.bin');
  });
});

describe('loadDigitsRaw', () => {
  it('on a page, fetches the relative default beside the page, decodes, and fetches once', async () => {
    vi.stubGlobal('document', { baseURI: 'app://bpstudio/index.html' });
    fetchMock.mockResolvedValue(new Response(asset));
    const got = await loadDigitsRaw();
    expect(got).toEqual(raw);
    expect(await loadDigitsRaw('app://bpstudio/data/digits.bin')).toBe(got);
    expect(fetchMock.mock.calls).toEqual([['app://bpstudio/data/digits.bin']]);
  });

  it('in a worker (no document), takes the absolute URL the page computed, and refuses a relative one', async () => {
    const url = 'http://localhost:5173/data/digits.bin';
    fetchMock.mockResolvedValue(new Response(asset));
    expect(await loadDigitsRaw(url)).toEqual(raw);
    await expect(loadDigitsRaw()).rejects.toThrow(
      'the digits asset URL "./data/digits.bin" is relative, but there is no page to resolve it against (in a worker); pass an absolute URL, digitsAssetUrl(document.baseURI) from the page',
    );
  });

  it('names the URL and the status when the server says no, and does not cache the failure', async () => {
    const url = 'http://localhost:1/a/digits.bin';
    fetchMock.mockResolvedValueOnce(new Response('Not found', { status: 404, statusText: 'Not Found' })).mockResolvedValueOnce(new Response(asset));
    await expect(loadDigitsRaw(url)).rejects.toThrow(`cannot load the digits asset ${url}: HTTP 404 Not Found`);
    expect(await loadDigitsRaw(url)).toEqual(raw);
  });

  it('names the URL on a network failure', async () => {
    const url = 'http://localhost:1/b/digits.bin';
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(loadDigitsRaw(url)).rejects.toThrow(`cannot fetch the digits asset ${url}: Failed to fetch`);
  });

  it('names the URL and the damage when the bytes are not a digits asset', async () => {
    const url = 'http://localhost:1/c/digits.bin';
    fetchMock.mockResolvedValue(new Response(asset.subarray(0, 100)));
    await expect(loadDigitsRaw(url)).rejects.toThrow(
      new DatasetError(`${url}: digits asset is truncated: expected 7,840 pixel bytes after the header, found 44`),
    );
  });
});
