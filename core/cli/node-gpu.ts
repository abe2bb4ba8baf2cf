/// <reference types="@webgpu/types" />
/**
 * WebGPU in Node, through the `webgpu` package (Google's Dawn). Node-only, so
 * it lives in core/cli/ with the rest of the Node code (the browser and
 * Electron pass `navigator.gpu` to createWebGpuBackend instead).
 *
 * Dawn needs Vulkan: Debian's `libvulkan1` and a driver. Without a GPU,
 * Chromium's package ships SwiftShader's Vulkan driver (a CPU emulation, slow
 * but exact enough for tests), which Dawn finds only through VK_ICD_FILENAMES:
 * nodeGpu sets it when the system's drivers give no adapter.
 */
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter } from 'node:path';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

const HOW_TO =
  'install Vulkan with `apt-get install libvulkan1 chromium` (chromium ships the SwiftShader driver for machines without a GPU) ' +
  `and, without a GPU, set VK_ICD_FILENAMES=${SWIFTSHADER_ICD}`;

/** Where the Vulkan loader looks for drivers on Linux when VK_ICD_FILENAMES is unset. */
const ICD_DIRS = ['/etc/vulkan/icd.d', '/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

function systemDrivers(): string[] {
  return ICD_DIRS.flatMap((d) => {
    try {
      return readdirSync(d).filter((f) => f.endsWith('.json'));
    } catch {
      return [];
    }
  });
}

/** Dawn instances are kept: one that is garbage-collected takes the process down with it. */
const instances: GPU[] = [];

/** Dawn's GPU with an adapter behind it; else why not, and whether Dawn itself failed to load. */
async function tryDawn(): Promise<{ gpu: GPU } | { failed: string; unloadable?: true }> {
  let gpu: GPU;
  try {
    const dawn = await import('webgpu');
    // GPUBufferUsage, GPUMapMode and the other WebGPU globals.
    Object.assign(globalThis, dawn.globals);
    gpu = dawn.create([]);
  } catch (e) {
    return { failed: `WebGPU for Node (the webgpu package, Dawn) failed to load: ${e instanceof Error ? e.message : String(e)}`, unloadable: true };
  }
  instances.push(gpu);
  const adapter = await gpu.requestAdapter().catch(() => null);
  return adapter ? { gpu } : { failed: `Dawn found no Vulkan device (VK_ICD_FILENAMES=${process.env['VK_ICD_FILENAMES'] ?? 'unset'})` };
}

/**
 * Dawn's `GPU` object, once an adapter answers; otherwise `{ missing }`, one line saying what is
 * missing and how to get it. The system's Vulkan drivers come first (a real GPU); SwiftShader's,
 * from the chromium package, only when they give no adapter. A VK_ICD_FILENAMES set by the user
 * is used as it is.
 */
export async function nodeGpu(): Promise<GPU | { missing: string }> {
  // SwiftShader's window-system code complains on stderr when this is unset; compute needs no window.
  process.env['XDG_RUNTIME_DIR'] ??= tmpdir();
  const chosen = process.env['VK_ICD_FILENAMES'] ?? process.env['VK_DRIVER_FILES'];
  const swiftshader = existsSync(SWIFTSHADER_ICD);
  if (chosen !== undefined && chosen.split(delimiter).every((f) => !existsSync(f))) {
    return { missing: `no WebGPU adapter: no Vulkan driver at ${chosen} (VK_ICD_FILENAMES); ${HOW_TO}` };
  }
  const hasSystemDrivers = process.platform !== 'linux' || systemDrivers().length > 0;
  if (chosen === undefined && !hasSystemDrivers && !swiftshader) {
    // Without a driver Dawn only prints warnings; say what is missing instead.
    return { missing: `no WebGPU adapter: no Vulkan driver is installed; ${HOW_TO}` };
  }
  if (chosen !== undefined || hasSystemDrivers) {
    const r = await tryDawn();
    if ('gpu' in r) return r.gpu;
    if (chosen !== undefined || !swiftshader || r.unloadable) return missing(r);
  }
  process.env['VK_ICD_FILENAMES'] = SWIFTSHADER_ICD;
  const r = await tryDawn();
  return 'gpu' in r ? r.gpu : missing(r);
}

function missing(r: { readonly failed: string; readonly unloadable?: true }): { missing: string } {
  return { missing: `${r.unloadable ? '' : 'no WebGPU adapter: '}${r.failed}; ${HOW_TO}` };
}
