import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, resolveAppAsset, serveAppRequest } from '../../electron/shell/app-protocol.js';
import { isExternalLink, isPermissionAllowed } from '../../electron/shell/security.js';
import { chromiumSwitches } from '../../electron/shell/switches.js';
import { tempDir } from './harness.js';

describe('app:// protocol', () => {
  let root: string;
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
    root = path.join(dir, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
    await writeFile(path.join(root, 'assets', 'app.js'), 'export {};');
    await writeFile(path.join(root, 'assets', 'KaTeX_Main-Regular.woff2'), 'wOF2');
    await mkdir(path.join(root, 'data'));
    await writeFile(path.join(root, 'data', 'digits.bin'), Uint8Array.from([66, 80, 68, 71]));
    await writeFile(path.join(dir, 'secret.txt'), 'outside the renderer');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('maps app://bpstudio/ URLs into the renderer folder only', () => {
    expect(resolveAppAsset('app://bpstudio/index.html', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset('app://bpstudio/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset('app://bpstudio/assets/app.js?v=1#x', root)).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveAppAsset('app://bpstudio/../secret.txt', root)).toBe(path.join(root, 'secret.txt'));
    // The URL parser already folds dot segments (also percent-encoded ones) at the root...
    expect(resolveAppAsset('app://bpstudio/%2e%2e/secret.txt', root)).toBe(path.join(root, 'secret.txt'));
    // ...but encoded slashes survive it and would climb out after decoding.
    expect(resolveAppAsset('app://bpstudio/assets%2f..%2f..%2fsecret.txt', root)).toBeNull();
    expect(resolveAppAsset('app://bpstudio/a%5c..%5c..%5csecret.txt', root)).toBeNull();
    expect(resolveAppAsset('app://bpstudio/%00', root)).toBeNull();
    expect(resolveAppAsset('app://bpstudio/%E0%A4%A', root)).toBeNull();
    expect(resolveAppAsset('app://other/index.html', root)).toBeNull();
    expect(resolveAppAsset('file:///etc/passwd', root)).toBeNull();
  });

  it('lets workers come from the app itself and from blob: URLs (the CPU thread pool), never from data: or elsewhere', () => {
    const directive = CONTENT_SECURITY_POLICY.split('; ').find((d) => d.startsWith('worker-src'));
    expect(directive).toBe("worker-src 'self' blob:");
    // blob: is for workers only: scripts still come from the app's files alone.
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval';");
  });

  it('makes every response cross-origin isolated (SharedArrayBuffer for the CPU backend threads)', async () => {
    for (const url of ['app://bpstudio/index.html', 'app://bpstudio/assets/app.js', 'app://bpstudio/data/digits.bin', 'app://bpstudio/assets/KaTeX_Main-Regular.woff2', 'app://bpstudio/missing.js']) {
      const { headers } = await serveAppRequest(url, root);
      expect(headers['Cross-Origin-Opener-Policy'], url).toBe('same-origin');
      expect(headers['Cross-Origin-Embedder-Policy'], url).toBe('require-corp');
      // Every file is the app's own: none may be embedded by another origin.
      expect(headers['Cross-Origin-Resource-Policy'], url).toBe('same-origin');
    }
  });

  it('sends the CSP with every response, with a content type, and 404 for anything else', async () => {
    const page = await serveAppRequest('app://bpstudio/index.html', root);
    expect(page.status).toBe(200);
    expect(page.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['Content-Type']).toBe('text/html; charset=utf-8');
    const script = await serveAppRequest('app://bpstudio/assets/app.js', root);
    expect(script.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['X-Content-Type-Options']).toBe('nosniff');
    // The digits asset the editor fetches (connect-src 'self' allows it): bytes as written.
    const digits = await serveAppRequest('app://bpstudio/data/digits.bin', root);
    expect(digits.status).toBe(200);
    expect(digits.headers['Content-Type']).toBe('application/octet-stream');
    expect(digits.body).toEqual(Buffer.from([66, 80, 68, 71]));
    for (const url of ['app://bpstudio/missing.js', 'app://bpstudio/assets%2f..%2f..%2fsecret.txt', 'app://bpstudio/assets']) {
      const response = await serveAppRequest(url, root);
      expect(response.status, url).toBe(404);
      expect(response.headers['Content-Security-Policy'], url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('has a strict policy: own scripts only, no eval, no plugins, no framing', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((it) => [it.split(' ')[0], it.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    // 'wasm-unsafe-eval' lets the engine worker compile its WebAssembly kernels, and nothing else; eval stays off.
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|\*/);
  });
});

describe('window security decisions', () => {
  it('grants only clipboard permissions, and only to the app page', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://bpstudio/index.html')).toBe(true);
    expect(isPermissionAllowed('clipboard-read', 'app://bpstudio')).toBe(true);
    expect(isPermissionAllowed('media', 'app://bpstudio/index.html')).toBe(false);
    expect(isPermissionAllowed('clipboard-read', 'https://evil.example/')).toBe(false);
    expect(isPermissionAllowed('clipboard-read', 'not a url')).toBe(false);
  });

  it('sends only web links to the system browser', () => {
    expect(isExternalLink('https://pytorch.org/docs')).toBe(true);
    expect(isExternalLink('http://example.com')).toBe(true);
    expect(isExternalLink('file:///etc/passwd')).toBe(false);
    expect(isExternalLink('javascript:alert(1)')).toBe(false);
    expect(isExternalLink('app://bpstudio/index.html')).toBe(false);
  });
});

describe('Chromium switches', () => {
  it('turns on WebGPU over Vulkan on Linux in one merged enable-features switch', () => {
    expect(chromiumSwitches('linux')).toEqual([
      { name: 'enable-unsafe-webgpu' },
      { name: 'enable-features', value: 'Vulkan,VulkanFromANGLE,DefaultANGLEVulkan' },
    ]);
  });

  it('keeps features the user passed, without duplicates', () => {
    expect(chromiumSwitches('linux', 'SharedArrayBuffer, Vulkan')).toEqual([
      { name: 'enable-unsafe-webgpu' },
      { name: 'enable-features', value: 'SharedArrayBuffer,Vulkan,VulkanFromANGLE,DefaultANGLEVulkan' },
    ]);
  });

  it('adds nothing on macOS and Windows, where WebGPU is on by default', () => {
    expect(chromiumSwitches('darwin')).toEqual([]);
    expect(chromiumSwitches('win32')).toEqual([]);
  });
});
