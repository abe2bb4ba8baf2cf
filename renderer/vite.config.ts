/**
 * Vite build of the renderer: root renderer/, output dist/renderer, relative
 * asset URLs (base './') so the same build works under Electron's app://
 * protocol and any static server. core/ and assets/ live outside the root,
 * so the dev server may read the repository. The digits asset (data/digits.bin)
 * is generated from the mnist package by ./vite-digits-plugin.ts; the CPU
 * backend's WebAssembly kernels are assembled by ./vite-wasm-plugin.ts. The
 * dev server and preview send the headers that make the page cross-origin
 * isolated, as the desktop app's app:// protocol does
 * (core/host/cross-origin-isolation.ts).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from '../core/host/cross-origin-isolation.js';
import { digitsAssetPlugin } from './vite-digits-plugin.js';
import { wasmKernelsPlugin } from './vite-wasm-plugin.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), digitsAssetPlugin(), wasmKernelsPlugin()],
  server: { fs: { allow: [repo] }, headers: CROSS_ORIGIN_ISOLATION_HEADERS },
  preview: { port: 4173, headers: CROSS_ORIGIN_ISOLATION_HEADERS },
  worker: { format: 'es' },
  build: {
    outDir: resolve(repo, 'dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    // BPSTUDIO_NO_MINIFY=1 keeps function names readable in profiles (bench/train-trace.ts).
    ...(process.env['BPSTUDIO_NO_MINIFY'] === '1' && { minify: false }),
    // KaTeX and elkjs are large by nature; one chunk each is fine for a desktop app.
    chunkSizeWarningLimit: 2500,
  },
});
