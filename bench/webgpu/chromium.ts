/** Runs the WebGPU workloads in headless Chromium (bench/webgpu/page.ts, bundled and served by test/e2e/bundled-page.ts). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inBundledPage } from '../../test/e2e/bundled-page.js';
import type { GpuRow, MeasureOpts } from './workloads.js';

type Result = { rows: GpuRow[]; reason: string; version: string } | { skipped: string };

export async function chromiumGpuRows(opts: MeasureOpts): Promise<Result> {
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'page.ts');
  const r = await inBundledPage<Result>(entry, `globalThis.runBench(${JSON.stringify(opts)})`, { onPageError: (m) => console.error(`page error: ${m}`) });
  return 'skipped' in r ? r : r.value;
}
