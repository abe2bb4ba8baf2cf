import { chromium } from 'playwright-core';
import { startAppServer } from '../test/e2e/app-server.js';
import { CHROMIUM_ARGS } from '../test/e2e/browser.js';
import { panZoomUntil } from './editor-input.js';
const server = await startAppServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
for (let run = 0; run < 3; run++) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.getByTestId('node-f').waitFor();
  await page.getByTestId('tb-examples').click();
  await page.getByTestId(`gallery-item-xor-mlp.bpgraph`).click();
  await page.locator('[data-testid="doc-title"]', { hasText: 'xor-mlp' }).waitFor();
  await page.getByTestId('train-epochs').fill('1000000');
  await page.getByTestId('train-steps').fill('10000');
  await page.locator('[data-testid="train-start"]:not([disabled])').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1000);
  await page.evaluate(`(() => {
    window.__ev = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__ev.push(['long', Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask' });
    const el = document.querySelector('[data-testid="train-status"]');
    new MutationObserver(() => window.__ev.push(['phase ' + el.getAttribute('data-phase'), Math.round(performance.now())])).observe(el, { attributes: true });
  })()`);
  const t0 = await page.evaluate('performance.now()');
  await page.getByTestId('train-start').click();
  await panZoomUntil(page, async () => (await page.getByTestId('train-status').getAttribute('data-phase')) === 'done');
  await page.waitForTimeout(500);
  console.log('start', Math.round(t0 as number), JSON.stringify(await page.evaluate('window.__ev')));
  await page.close();
}
await browser.close(); await server.close();
