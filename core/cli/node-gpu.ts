/// <reference types="@webgpu/types" />
/**
 * WebGPU in Node, through the `webgpu` package (Google's Dawn). Node-only, so
 * it lives in core/cli/ with the rest of the Node code (the browser and
 * Electron pass `navigator.gpu` to createWebGpuBackend instead).
 *
 * Dawn needs Vulkan: Debian's `libvulkan1` and a driver. Without a GPU,
 * Chromium's package ships SwiftShader's Vulkan driver (a CPU emulation, slow
 * but exact enough for tests), which Dawn finds only through VK_ICD_FILENAMES.
 */
import { existsSync } from 'node:fs';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

const HOW_TO =
  'install Vulkan with `apt-get install libvulkan1 chromium` (chromium ships the SwiftShader driver for machines without a GPU) ' +
  `and, without a GPU, set VK_ICD_FILENAMES=${SWIFTSHADER_ICD}`;

/**
 * Dawn's `GPU` object, once an adapter answers; otherwise `{ missing }`, one
 * line saying what is missing and how to get it. Sets VK_ICD_FILENAMES to
 * SwiftShader's driver when it is unset and that driver is installed.
 */
export async function nodeGpu(): Promise<GPU | { missing: string }> {
  if (process.env['VK_ICD_FILENAMES'] === undefined && existsSync(SWIFTSHADER_ICD)) {
    process.env['VK_ICD_FILENAMES'] = SWIFTSHADER_ICD;
  }
  let gpu: GPU;
  try {
    const dawn = await import('webgpu');
    // GPUBufferUsage, GPUMapMode and the other WebGPU globals.
    Object.assign(globalThis, dawn.globals);
    gpu = dawn.create([]);
  } catch (e) {
    return { missing: `WebGPU for Node (the webgpu package, Dawn) failed to load: ${e instanceof Error ? e.message : String(e)}; ${HOW_TO}` };
  }
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) {
    const icd = process.env['VK_ICD_FILENAMES'] ?? 'unset';
    return { missing: `no WebGPU adapter: Dawn found no Vulkan device (VK_ICD_FILENAMES=${icd}); ${HOW_TO}` };
  }
  return gpu;
}
