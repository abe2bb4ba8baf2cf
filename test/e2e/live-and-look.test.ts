/**
 * Live results and the look: after a Run, an edit of f = (x + y) z shows the new values without pressing Run; an
 * edit that leaves a problem, or any edit of a graph too costly to re-run after every keystroke (the 500-wide
 * init-he net), keeps the old results dimmed and marked stale until the next Run. The theme choice switches
 * `data-theme` (and React Flow's colour mode), is remembered, and follows the system when asked; the examples
 * gallery shows a picture of every graph.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession, POLL, skipReason } from './browser.js';
import { settled } from './editor-actions.js';

const STALE_NOTE = 'results are from before the last edit: Run to refresh';

/** The page's getComputedStyle (these tests compile without the DOM library). */
interface StyleGlobals {
  getComputedStyle(el: unknown): { readonly opacity: string; readonly backgroundColor: string };
}
const computed = (loc: Locator, prop: 'opacity' | 'backgroundColor') => loc.evaluate((el, p) => (globalThis as unknown as StyleGlobals).getComputedStyle(el)[p], prop);

const canvasClass = (page: Page) => page.getByTestId('canvas').getAttribute('class');
const htmlTheme = (page: Page) => page.locator('html').getAttribute('data-theme');

async function select(page: Page, id: string): Promise<void> {
  await page.getByTestId(`node-${id}`).locator('.gate-head').click();
  await expect.poll(() => page.getByTestId('inspector-id').inputValue(), POLL).toBe(id);
  // Off the card, so that its hover card does not cover the graph in the screenshots.
  await page.mouse.move(600, 700);
}

describe.skipIf(skipReason !== undefined)('live results and the look', () => {
  const session = editorSession();

  it('re-runs f = (x + y) z after an edit, and keeps the results stale while the graph has a problem', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await page.getByTestId('tb-run').click();
    await expect.poll(() => page.getByTestId('node-run-f').textContent(), POLL).toBe('-12∇ 1');

    // x = 3: q = 8, f = -32, df/dx = z = -4; no Run pressed.
    await select(page, 'x');
    await page.getByTestId('value-text').fill('3');
    await expect.poll(() => page.getByTestId('node-run-f').textContent(), POLL).toBe('-32∇ 1');
    expect(await page.getByTestId('node-run-q').textContent()).toBe('8∇ -4');
    expect(await page.getByTestId('edge-value-q->f.a').textContent()).toBe('8');
    expect(await canvasClass(page)).not.toContain('results-stale');
    expect(await page.getByTestId('status-run').textContent()).toBe('ran: output f');
    await editor.shot('live-1-after-edit');

    // Deleting y leaves port b of q unconnected: the results stay, dimmed, and the status bar says why.
    await select(page, 'y');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('node-problem-q').count(), POLL).toBe(1);
    await expect.poll(() => canvasClass(page), POLL).toContain('results-stale');
    expect(await page.getByTestId('status-run').textContent()).toBe(STALE_NOTE);
    expect(await page.getByTestId('node-run-f').textContent()).toBe('-32∇ 1');
    expect(await computed(page.getByTestId('node-run-f'), 'opacity')).toBe('0.4');
    await editor.shot('live-2-problem-stale');

    // Undo brings y back: valid again, so the results are refreshed by themselves.
    await page.keyboard.press('Control+z');
    await expect.poll(() => canvasClass(page), POLL).not.toContain('results-stale');
    await expect.poll(() => page.getByTestId('status-run').textContent(), POLL).toBe('ran: output f');
    expect(await page.getByTestId('node-run-f').textContent()).toBe('-32∇ 1');
  });

  it('shows a thumbnail per example, and keeps a costly graph\'s results stale after an edit until Run', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await page.getByTestId('tb-examples').click();
    const items = page.locator('[data-testid^="gallery-item-"]');
    await expect.poll(() => items.count(), POLL).toBeGreaterThan(5);
    const files = await items.evaluateAll((els) => els.map((el) => ((el as unknown as { getAttribute(name: string): string | null }).getAttribute('data-testid') ?? '').slice('gallery-item-'.length)));
    for (const file of files) {
      const thumb = page.getByTestId(`gallery-thumb-${file}`);
      expect(await thumb.count(), file).toBe(1);
      expect(await thumb.locator('rect').count(), file).toBeGreaterThan(2);
      expect(await thumb.locator('path').count(), file).toBeGreaterThan(1);
    }
    await editor.shot('look-1-gallery-light');

    // init-he: ten 100 x 500 by 500 x 500 matmuls, some 7.6e8 estimated operations a pass.
    await page.getByTestId('gallery-item-init-he.bpgraph').click();
    await expect.poll(() => page.getByTestId('node-data').count(), POLL).toBe(1);
    await settled(page);
    await page.getByTestId('tb-run').click();
    await expect.poll(() => page.getByTestId('node-run-z1').count(), { ...POLL, timeout: 60_000 }).toBe(1);
    const before = await page.getByTestId('node-run-h1').textContent();

    await select(page, 'W5');
    await page.getByTestId('inspector-attr-seed').fill('2');
    await expect.poll(() => canvasClass(page), POLL).toContain('results-stale');
    expect(await page.getByTestId('status-run').textContent()).toBe(STALE_NOTE);
    // Nothing re-runs it: the old results stay as they were.
    await page.waitForTimeout(1500);
    expect(await page.getByTestId('status-run').textContent()).toBe(STALE_NOTE);
    expect(await page.getByTestId('node-run-h1').textContent()).toBe(before);
    await editor.shot('live-3-big-stale');

    await page.getByTestId('tb-run').click();
    await expect.poll(() => canvasClass(page), { ...POLL, timeout: 60_000 }).not.toContain('results-stale');
    await expect.poll(() => page.getByTestId('status-run').textContent(), POLL).toMatch(/^ran: output/);
  });

  it('switches to the dark theme and back, remembers the choice, and follows the system on "system"', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => htmlTheme(page), POLL).toBe('light');
    await page.getByTestId('tb-theme').selectOption('dark');
    await expect.poll(() => htmlTheme(page), POLL).toBe('dark');
    expect(await page.locator('.react-flow').getAttribute('class')).toContain('dark');
    expect(await computed(page.getByTestId('canvas'), 'backgroundColor')).toBe('rgb(18, 21, 28)');
    await page.getByTestId('tb-run').click();
    await expect.poll(() => page.getByTestId('node-run-f').textContent(), POLL).toBe('-12∇ 1');
    await editor.shot('look-2-dark-canvas-run');

    await page.getByTestId('tb-examples').click();
    await expect.poll(() => page.getByTestId('gallery-thumb-add-mul.bpgraph').count(), POLL).toBe(1);
    await editor.shot('look-3-dark-gallery');

    // A graph made to be trained opens its training panel, whose charts take the theme's colours too.
    await page.getByTestId('gallery-item-spiral-softmax.bpgraph').click();
    await expect.poll(() => page.getByTestId('node-W1').count(), POLL).toBe(1);
    await page.getByTestId('tb-run').click();
    await expect.poll(() => page.getByTestId('status-run').textContent(), { ...POLL, timeout: 30_000 }).toMatch(/^ran: output/);
    await editor.shot('look-4-dark-training-panel');

    // Remembered across a reload.
    await page.reload();
    await expect.poll(() => page.getByTestId('node-f').count(), POLL).toBe(1);
    expect(await htmlTheme(page)).toBe('dark');
    expect(await page.getByTestId('tb-theme').inputValue()).toBe('dark');

    // "System" follows prefers-color-scheme, also when it changes.
    await page.getByTestId('tb-theme').selectOption('system');
    await expect.poll(() => htmlTheme(page), POLL).toBe('light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => htmlTheme(page), POLL).toBe('dark');
    await page.getByTestId('tb-theme').selectOption('light');
    await expect.poll(() => htmlTheme(page), POLL).toBe('light');
    expect(await page.locator('.react-flow').getAttribute('class')).toContain('light');
  });
});
