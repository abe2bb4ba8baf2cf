/**
 * `npm run bench:chromium`: the CPU benchmark's Chromium rows alone (bench/chromium-cpu.ts),
 * printed. BENCH_MATMUL_SIZES=256,512 and BENCH_MATMUL_ONLY=1 narrow it as they do `npm run bench`.
 */
import os from 'node:os';
import { chromiumCpuRows, chromiumCpuTable } from './chromium-cpu.js';

const started = Date.now();
const sizes = (process.env['BENCH_MATMUL_SIZES'] ?? '256,512,1024').split(',').map(Number);
const r = await chromiumCpuRows({ sizes, steps: !process.env['BENCH_MATMUL_ONLY'], log: (line) => console.log(`  ${line}`) });
if ('skipped' in r) {
  console.log(`Chromium: skipped: ${r.skipped}`);
} else {
  const yes = (b: boolean) => (b ? 'yes' : 'NO');
  console.log(`\nChromium ${r.chromium}, tfjs ${r.tfjs}, in a dedicated worker per pairing; cross-origin isolated: page ${yes(r.crossOriginIsolated)}, workers ${yes(r.workersCrossOriginIsolated)}; navigator.hardwareConcurrency ${r.hardwareConcurrency}`);
  for (const s of r.notRun) console.log(`not run: ${s}`);
  console.log(chromiumCpuTable(r));
}
const cpus = os.cpus();
const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`\n${new Date().toISOString()}  ${cpus[0]?.model ?? 'unknown cpu'}, ${cpus.length} cores (load ${load}), wall clock, ${((Date.now() - started) / 1000).toFixed(0)} s`);
