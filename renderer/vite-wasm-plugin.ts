/**
 * Vite plugin that keeps the CPU backend's WebAssembly kernels assembled (bin/wasm-kernels.mjs):
 * before a build or the dev server starts it assembles any .wat newer than its generated module,
 * and the dev server reassembles a .wat when it is saved, so the worker reloads with the new
 * kernel. The generated modules are plain TypeScript, imported like any other source. This file
 * runs in Node at build time, never in the renderer.
 */
import type { Plugin } from 'vite';
import { WASM_DIR, buildWasmKernels, wasmKernels } from '../bin/wasm-kernels.mjs';

export function wasmKernelsPlugin(): Plugin {
  return {
    name: 'bpstudio-wasm-kernels',
    async buildStart() {
      await buildWasmKernels({ log: (msg) => this.info(msg) });
    },
    configureServer(server) {
      // Files, not a glob: the watcher (chokidar 4) takes paths only.
      server.watcher.add(wasmKernels().map((k) => k.source));
      server.watcher.on('change', (file) => {
        if (file.startsWith(WASM_DIR) && (file.endsWith('.wat') || file.endsWith('.wat.mjs'))) {
          buildWasmKernels({ log: (msg) => server.config.logger.info(msg) }).catch((e: unknown) => server.config.logger.error(String(e)));
        }
      });
    },
  };
}
