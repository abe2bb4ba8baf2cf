import { readFileSync, readdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startAppServer } from '../test/e2e/app-server.js';
import { CHROMIUM_ARGS } from '../test/e2e/browser.js';
const name = process.argv[2] ?? 'digits-mlp';
const steps = Number(process.argv[3] ?? 5000);
const server = await startAppServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
function snap(): Map<string, { cpu: number; wait: number; name: string }> {
  const m = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let comm = '';
    try { comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { continue; }
    if (!/chrom/i.test(comm) && !/node/.test(comm)) continue;
    let tids: string[] = [];
    try { tids = readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const tid of tids) {
      try {
        const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
        const tname = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
        m.set(`${pid}/${tid}`, { cpu: run / 1e6, wait: wait / 1e6, name: `${comm}:${tname}` });
      } catch {}
    }
  }
  return m;
}
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(server.url);
await page.getByTestId('node-f').waitFor();
await page.getByTestId('tb-examples').click();
await page.getByTestId(`gallery-item-${name}.bpgraph`).click();
await page.locator('[data-testid="doc-title"]', { hasText: name }).waitFor();
await page.getByTestId('train-epochs').fill('1000000');
await page.getByTestId('train-steps').fill(String(steps));
await page.locator('[data-testid="train-start"]:not([disabled])').waitFor({ timeout: 60_000 });
await page.waitForTimeout(1000);
await page.getByTestId('train-start').click();
if (process.argv[6] === 'closed') await page.keyboard.press('Control+j');
await page.waitForTimeout(Number(process.argv[4] ?? 1500));
const stepOf = async () => Number((await page.getByTestId('train-step-count').textContent())?.replace(/[^\d]/g, ''));
const s0 = process.argv[6] === 'closed' ? 0 : await stepOf();
const a = snap();
const t0 = performance.now();
await page.waitForTimeout(Number(process.argv[5] ?? 3000));
const b = snap();
const dt = performance.now() - t0;
if (process.argv[6] !== 'closed') console.log('steps/s', (((await stepOf()) - s0) * 1000 / dt).toFixed(0));
const rows = [...b].map(([k, v]) => ({ k, name: v.name, cpu: v.cpu - (a.get(k)?.cpu ?? 0), wait: v.wait - (a.get(k)?.wait ?? 0) })).filter((r) => r.cpu > 20).sort((x, y) => y.cpu - x.cpu);
console.log(`${dt.toFixed(0)} ms; per thread: CPU ms, runqueue wait ms`);
for (const r of rows) console.log(r.name.padEnd(40), r.cpu.toFixed(0).padStart(6), r.wait.toFixed(0).padStart(6));
console.log('phase', await page.getByTestId('train-status').getAttribute('data-phase'));
await browser.close(); await server.close();
