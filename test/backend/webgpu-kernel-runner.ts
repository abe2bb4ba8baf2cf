/**
 * Test-only: runs one KernelSpec on a Dawn device (the `webgpu` package) and
 * reads the output back, so kernel generators can be tested before the
 * WebGPU backend exists. Without a GPU, Dawn runs on SwiftShader's Vulkan
 * driver from Debian's chromium package.
 */
import type { KernelSpec } from '../../core/backend/webgpu/kernel-spec.js';
import { sizeOf } from '../../core/tensor/shape.js';

/** Held for the life of the process: once the GPU object is collected, Dawn tears down the devices it made. */
let instance: GPU | null = null;

/**
 * Dawn zero-fills workgroup memory at the top of every shader, which
 * SwiftShader compiles into code so slow to build that a 16 KiB tile costs
 * ~5 s a pipeline; the kernels write every shared element before reading it,
 * so the tests turn that off (browsers keep it on: expect slow first
 * compiles on SwiftShader there).
 */
const DAWN_FLAGS = ['enable-dawn-features=disable_workgroup_init'];

/** A Dawn device, or null with the reason when no adapter is found. */
export async function createTestDevice(flags: readonly string[] = DAWN_FLAGS): Promise<{ device: GPUDevice; adapterName: string } | { device: null; reason: string }> {
  // Must be set before create(), when Dawn loads Vulkan. A machine with a GPU
  // sets VK_ICD_FILENAMES to its driver's manifest (or to nothing) to use it.
  process.env['VK_ICD_FILENAMES'] ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
  let adapter: GPUAdapter | null;
  try {
    // Imported here so that a missing native library is a skip reason, not a failed import.
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    instance ??= create([...flags]);
    adapter = await instance.requestAdapter();
  } catch (e) {
    return { device: null, reason: `Dawn failed to start: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (adapter === null) return { device: null, reason: 'no WebGPU adapter (is libvulkan1 and a Vulkan driver installed?)' };
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
    },
  });
  const info = adapter.info;
  const name = [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(' ');
  return { device, adapterName: name || 'an unnamed adapter' };
}

/** A pipeline per key; a key met again with different code is a generator bug. */
const pipelines = new WeakMap<GPUDevice, Map<string, { code: string; pipeline: GPUComputePipeline }>>();

async function pipelineFor(device: GPUDevice, spec: KernelSpec): Promise<GPUComputePipeline> {
  let cache = pipelines.get(device);
  if (cache === undefined) pipelines.set(device, (cache = new Map()));
  const hit = cache.get(spec.key);
  if (hit !== undefined) {
    if (hit.code !== spec.code) throw new Error(`kernel key ${spec.key} was used for two different shaders`);
    return hit.pipeline;
  }
  const module = device.createShaderModule({ code: spec.code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0) {
    const lines = errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('\n');
    throw new Error(`WGSL for ${spec.key} does not compile:\n${lines}\n${spec.code}`);
  }
  const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  cache.set(spec.key, { code: spec.code, pipeline });
  return pipeline;
}

/** Storage buffers may not be empty; round up to 16 bytes so vec4 views of the same data bind too. */
function storageBuffer(device: GPUDevice, floats: number, usage: number): GPUBuffer {
  return device.createBuffer({ size: Math.max(16, Math.ceil((floats * 4) / 16) * 16), usage });
}

/** A prepared dispatch: buffers and bind group made once, so a benchmark can repeat `encode` alone. */
export interface PreparedKernel {
  encode(encoder: GPUCommandEncoder): void;
  read(): Promise<Float32Array>;
  destroy(): void;
}

export async function prepareKernel(device: GPUDevice, spec: KernelSpec, inputs: readonly Float32Array[]): Promise<PreparedKernel> {
  if (inputs.length !== spec.inputs) throw new Error(`${spec.key} takes ${spec.inputs} inputs, got ${inputs.length}`);
  const pipeline = await pipelineFor(device, spec);
  const buffers = inputs.map((data) => {
    const buf = storageBuffer(device, data.length, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    device.queue.writeBuffer(buf, 0, data);
    return buf;
  });
  const outSize = sizeOf(spec.outShape);
  const out = storageBuffer(device, outSize, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
  // Poisoned, so that an element the kernel never writes reads back as NaN.
  device.queue.writeBuffer(out, 0, new Float32Array(out.size / 4).fill(Number.NaN));
  const staging = device.createBuffer({ size: out.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const all = [...buffers, out];
  if (spec.params !== undefined) {
    const uniform = device.createBuffer({ size: spec.params.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(uniform, 0, spec.params);
    all.push(uniform);
  }
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: all.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  return {
    encode(encoder) {
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(...spec.workgroups);
      pass.end();
    },
    async read() {
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(out, 0, staging, 0, out.size);
      device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      const result = new Float32Array(staging.getMappedRange().slice(0, outSize * 4));
      staging.unmap();
      return result;
    },
    destroy() {
      for (const b of [...all, staging]) b.destroy();
    },
  };
}

/** Dispatches `spec` once on `inputs` and returns its output; a validation error rejects. */
export async function runKernel(device: GPUDevice, spec: KernelSpec, inputs: readonly Float32Array[]): Promise<Float32Array> {
  device.pushErrorScope('validation');
  let result: Float32Array | null = null;
  let failure: unknown = null;
  try {
    const k = await prepareKernel(device, spec, inputs);
    const encoder = device.createCommandEncoder();
    k.encode(encoder);
    device.queue.submit([encoder.finish()]);
    result = await k.read();
    k.destroy();
  } catch (e) {
    failure = e;
  }
  const error = await device.popErrorScope();
  if (error !== null) throw new Error(`${spec.key}: ${error.message}`);
  if (result === null) throw failure;
  return result;
}
