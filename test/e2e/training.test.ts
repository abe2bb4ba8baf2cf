/**
 * Training in the editor, end to end in Chromium: the engine worker trains
 * the examples, the panel's curves, data view and decision boundary show it,
 * the weights become part of the document, and the controls do what they say.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession, POLL, skipReason } from './browser.js';

/** Long runs: digits trains 2,000 steps in a worker on a shared 2-core machine. */
const TRAIN = { timeout: 240_000, interval: 200 } as const;

async function openExample(page: Page, file: string): Promise<void> {
  await page.getByTestId('tb-examples').click();
  await page.getByTestId(`gallery-item-${file}`).click();
  await expect.poll(() => page.getByTestId('doc-title').textContent(), POLL).toContain(file);
  // A graph with a training block opens with the training panel.
  await expect.poll(() => page.getByTestId('train-panel').count(), POLL).toBe(1);
  await expect.poll(() => page.getByTestId('train-start').isEnabled(), POLL).toBe(true);
}

const phase = (page: Page) => page.getByTestId('train-status').getAttribute('data-phase');
const stepCount = async (page: Page) => Number((await page.getByTestId('train-step-count').textContent())?.replace(/[^\d]/g, ''));

/** How many pixels of a canvas are drawn (not transparent, not white). */
function inkedPixels(page: Page, selector: string): Promise<number> {
  // A script string: this file is typechecked without the DOM's types.
  return page.evaluate(`(() => {
    let inked = 0;
    for (const c of document.querySelectorAll(${JSON.stringify(selector)})) {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) continue;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) inked++;
    }
    return inked;
  })()`);
}

/** Points the mouse at data coordinates (x, y) of the scatter plot and reads the model's verdict there. */
async function classAtPoint(page: Page, x: number, y: number): Promise<string> {
  const canvas = page.getByTestId('data-scatter').locator('canvas');
  const [left, top, w, h] = ((await canvas.getAttribute('data-plot')) ?? '').split(' ').map(Number);
  const [x0, x1, y0, y1] = ((await canvas.getAttribute('data-extent')) ?? '').split(' ').map(Number);
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the scatter plot is not visible');
  await page.mouse.move(box.x + left + ((x - x0) / (x1 - x0)) * w, box.y + top + (1 - (y - y0) / (y1 - y0)) * h);
  const text = (await page.getByTestId('data-readout').textContent()) ?? '';
  const m = /class (\S+),/.exec(text);
  if (!m) throw new Error(`no prediction in the read-out: ${text}`);
  return m[1];
}

describe.skipIf(skipReason !== undefined)('training in the editor', () => {
  const session = editorSession();

  it('trains XOR to 100%, draws the curve, and saves weights that Run reproduces after reopening', async () => {
    const { editor, bridge } = await session.desktopHost();
    const { page } = editor;
    await openExample(page, 'xor-mlp.bpgraph');
    await page.getByTestId('train-start').click();
    await expect.poll(() => phase(page), TRAIN).toBe('done');
    await expect.poll(() => page.getByTestId('train-accuracy').textContent(), POLL).toBe('acc 100.0%');
    expect(await inkedPixels(page, '[data-testid="curve-loss"] canvas')).toBeGreaterThan(200);
    // The trained weights are part of the document: unsaved, and one undo step away from the untrained ones.
    await expect.poll(() => page.getByTestId('dirty-marker').count(), POLL).toBe(1);
    expect(await page.getByTestId('tb-undo').getAttribute('title')).toMatch(/^Undo train \(/);
    await editor.shot('training-1-xor-trained');

    await page.getByTestId('tb-run').click();
    await expect.poll(() => page.getByTestId('node-run-loss').count(), POLL).toBe(1);
    const before = await page.getByTestId('node-run-loss').textContent();

    const saved = path.join(bridge.dir, 'xor-trained.bpgraph');
    bridge.dialogs.saveAnswers.push(saved);
    bridge.menu('save');
    await expect.poll(() => page.getByTestId('dirty-marker').count(), POLL).toBe(0);
    bridge.menu('new');
    await expect.poll(() => page.getByTestId('canvas-empty').isVisible(), POLL).toBe(true);
    bridge.dialogs.openAnswers.push(saved);
    bridge.menu('open');
    await expect.poll(() => page.getByTestId('doc-title').textContent(), POLL).toContain('xor-trained.bpgraph');
    await page.getByTestId('tb-run').click();
    await expect.poll(() => page.getByTestId('node-run-loss').textContent(), POLL).toBe(before);
  });

  it('draws a decision boundary on the spiral that follows the three arms', async () => {
    const { page, shot } = await session.browserHost();
    await openExample(page, 'spiral-relu-net.bpgraph');
    await page.getByTestId('train-start').click();
    await expect.poll(() => phase(page), TRAIN).toBe('done');
    await expect.poll(() => page.getByTestId('data-readout').textContent(), POLL).toContain('Point at the plot');
    await shot('training-2-spiral-boundary');
    // Arm j of cs231n's spiral passes through r·(sin t, cos t) with t = 4j + 4r.
    for (let arm = 0; arm < 3; arm++) {
      for (const r of [0.55, 0.75, 0.95]) {
        const t = 4 * arm + 4 * r;
        expect(await classAtPoint(page, r * Math.sin(t), r * Math.cos(t)), `arm ${arm} at r = ${r}`).toBe(String(arm));
      }
    }
  });

  it('trains the digits MLP from the app’s own digits asset to at least 90% validation accuracy', async () => {
    const { page, shot } = await session.browserHost();
    await openExample(page, 'digits-mlp.bpgraph');
    await page.getByTestId('train-start').click();
    await expect.poll(() => phase(page), TRAIN).toBe('done');
    const acc = Number((await page.getByTestId('train-val-accuracy').textContent())?.replace(/[^\d.]/g, ''));
    expect(acc).toBeGreaterThanOrEqual(90);
    await page.getByTestId('train-tab-data').click();
    await expect.poll(() => page.getByTestId('confusion-matrix').count(), POLL).toBe(1);
    await expect.poll(() => page.getByTestId('data-images').count(), POLL).toBe(1);
    await shot('training-3-digits');
  });

  it('stops a diverging run, names the node that produced NaN first and selects it', async () => {
    const { page, shot } = await session.browserHost();
    await openExample(page, 'spiral-relu-net.bpgraph');
    await page.getByTestId('train-optimizer-lr').fill('1e12');
    await page.getByTestId('train-start').click();
    await expect.poll(() => phase(page), TRAIN).toBe('error');
    const issue = (await page.getByTestId('train-issue').textContent()) ?? '';
    const named = /node "([^"]+)"/.exec(issue) ?? /param "([^"]+)"/.exec(issue);
    expect(issue).toMatch(/training stopped at step \d+/);
    expect(named).not.toBeNull();
    await expect.poll(() => page.getByTestId('inspector-id').inputValue(), POLL).toBe(named?.[1]);
    // One message, and the document keeps its last good weights: NaN is never written into it.
    expect(await page.locator('[data-testid="toast"][data-kind="error"]').count()).toBe(1);
    expect(await page.getByTestId('tb-undo').getAttribute('title')).not.toMatch(/^Undo train \(/);
    await shot('training-4-diverged');
  });

  it('pauses, steps one mini-batch at a time and resumes; a new learning rate shows in the history', async () => {
    const { page, shot } = await session.browserHost();
    await openExample(page, 'xor-mlp.bpgraph');
    await page.getByTestId('train-epochs').fill('1000000');
    await page.getByTestId('train-step').click();
    await expect.poll(() => stepCount(page), POLL).toBe(1);
    await page.getByTestId('train-step').click();
    await expect.poll(() => stepCount(page), POLL).toBe(2);
    expect(await phase(page)).toBe('paused');
    await page.getByTestId('train-resume').click();
    await expect.poll(() => stepCount(page), TRAIN).toBeGreaterThan(200);
    await page.getByTestId('train-optimizer-lr').fill('0.05');
    await expect.poll(() => page.getByTestId('train-curves').textContent(), POLL).toContain('optimizer.lr 0.5 → 0.05');
    await page.getByTestId('train-pause').click();
    await expect.poll(() => phase(page), POLL).toBe('paused');
    const paused = await stepCount(page);
    await page.waitForTimeout(300);
    expect(await stepCount(page)).toBe(paused);
    await page.getByTestId('train-step').click();
    await expect.poll(() => stepCount(page), POLL).toBe(paused + 1);
    await page.getByTestId('train-resume').click();
    await expect.poll(() => stepCount(page), TRAIN).toBeGreaterThan(paused + 1);
    await shot('training-5-retuned');
    await page.getByTestId('train-stop').click();
    await expect.poll(() => phase(page), POLL).toBe('done');
  });

  it('shows at a glance why initialisation matters: layer 10 collapses with small weights, stays spread with Xavier', async () => {
    const { page, shot } = await session.browserHost();
    const sigmaOf = async (layer: string): Promise<number> => {
      // The card's σ, exactly (data-std), rather than its three-digit text.
      return Number(await page.getByTestId(`diag-layer-${layer}`).getAttribute('data-std'));
    };
    const spreads: Record<string, number> = {};
    for (const name of ['init-small', 'init-xavier']) {
      await page.getByTestId('tb-examples').click();
      await page.getByTestId(`gallery-item-${name}.bpgraph`).click();
      await expect.poll(() => page.getByTestId('doc-title').textContent(), POLL).toContain(name);
      if ((await page.getByTestId('train-panel').count()) === 0) await page.getByTestId('tb-train').click();
      // No training block: the panel shows the network's health from one forward and backward pass.
      await expect.poll(() => page.getByTestId('diag-layer-h10').count(), TRAIN).toBe(1);
      await expect.poll(() => sigmaOf('h1'), POLL).toBeGreaterThan(0.1);
      spreads[name] = await sigmaOf('h10');
      await shot(`training-6-${name}`);
    }
    expect(spreads['init-small']).toBeLessThan(1e-4);
    expect(spreads['init-xavier']).toBeGreaterThan(0.1);
  });
});
