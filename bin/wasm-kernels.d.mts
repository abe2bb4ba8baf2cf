// Types of bin/wasm-kernels.mjs, for the TypeScript that imports it (vitest's global setup, the Vite plugin).
export declare const WASM_DIR: string;
export declare const GENERATED_DIR: string;
export interface WasmKernel {
  readonly name: string;
  readonly source: string;
  readonly output: string;
}
export declare const SHARED_MEMORY_IMPORT: string;
export declare function wasmKernels(): WasmKernel[];
export declare function staleWasmKernels(): WasmKernel[];
export declare function buildWasmKernels(opts?: { force?: boolean; log?: (msg: string) => void }): Promise<string[]>;
