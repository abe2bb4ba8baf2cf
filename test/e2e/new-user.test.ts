/**
 * What a new user runs into in the first minutes with the editor: problems
 * hidden by an unwired node, a new graph that reports an error, a refused
 * rename with no reason, new nodes dropped on old ones, "1 nodes", a cycle
 * drawn behind the cards, a problems panel over the controls, a fit that
 * leaves text unreadable, a refused attr value that vanishes, and a second
 * tab offering to recover the first tab's document.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession, POLL, skipReason } from './browser.js';
import { readCanvas, settled } from './editor-actions.js';

/** Texts of the problems panel's entries, opening it if needed. */
async function problemTexts(page: Page): Promise<string[]> {
  if (!(await page.getByTestId('problems-panel').isVisible())) await page.getByTestId('status-problems').click();
  return page.locator('[data-testid^="problem-"]').allTextContents();
}

/** Selects node `id` by clicking its title bar. */
async function selectNode(page: Page, id: string): Promise<void> {
  await settled(page);
  await page.getByTestId(`node-${id}`).locator('.gate-head').click();
  await expect.poll(() => page.getByTestId('inspector-id').inputValue(), POLL).toBe(id);
}

/** Replaces the stored value of source node `id` through the inspector's text field. */
async function setValue(page: Page, id: string, text: string): Promise<void> {
  await selectNode(page, id);
  await page.getByTestId('value-text').fill(text);
  await page.getByTestId('value-text').blur();
}

describe.skipIf(skipReason !== undefined)('a new user in the editor', () => {
  const session = editorSession();

  it('lists a shape problem while another node is not wired yet', async () => {
    const { page } = await session.browserHost();
    await setValue(page, 'x', '1, 2, 3');
    await setValue(page, 'y', '1, 2');
    await page.getByTestId('palette-item-dropout').click();
    await expect.poll(() => page.getByTestId('node-problem-dropout1').count(), POLL).toBe(1);
    await expect.poll(() => page.getByTestId('node-problem-q').count(), POLL).toBe(1);
    const texts = await problemTexts(page);
    expect(texts).toHaveLength(2);
    expect(texts.some((t) => t.includes('dropout1') && t.includes('missing input'))).toBe(true);
    expect(texts.some((t) => /\bq\b/.test(t) && t.includes('[3]') && t.includes('[2]'))).toBe(true);
    expect(await page.getByTestId('status-problems').textContent()).toBe('⚠ 2 problems');
  });

  it('shows a new, empty graph as clean, and counts in the singular', async () => {
    const { page } = await session.browserHost();
    await page.getByTestId('tb-new').click();
    await expect.poll(() => page.getByTestId('canvas-empty').count(), POLL).toBe(1);
    // Problems are debounced: give them time to (wrongly) appear.
    await page.waitForTimeout(400);
    expect(await page.getByTestId('status-problems').textContent()).toBe('✓ No problems');
    expect(await page.getByTestId('status-counts').textContent()).toBe('0 nodes · 0 edges');
    await page.getByTestId('palette-item-input').click();
    await expect.poll(() => page.getByTestId('status-counts').textContent(), POLL).toBe('1 node · 0 edges');
    await page.getByTestId('tb-undo').click();
    await expect.poll(() => page.getByTestId('status-counts').textContent(), POLL).toBe('0 nodes · 0 edges');
    expect(await page.getByTestId('doc-counts').textContent()).toBe('0 nodes, 0 edges · no problems');
  });

  it('says why a rename to a taken id is refused and keeps the typed text', async () => {
    const { page } = await session.browserHost();
    await selectNode(page, 'x');
    const field = page.getByTestId('inspector-id');
    await field.fill('q');
    await field.press('Enter');
    expect(await field.inputValue()).toBe('q');
    expect(await page.getByTestId('inspector-id-error').textContent()).toBe('"q" is taken by another node');
    await field.blur();
    expect(await field.inputValue()).toBe('q');
    await field.focus();
    await field.fill('x2');
    await field.press('Enter');
    await expect.poll(() => page.getByTestId('node-x2').count(), POLL).toBe(1);
    expect(await page.getByTestId('inspector-id-error').count()).toBe(0);
    // Escape gives the current id back.
    await field.fill('y');
    expect(await page.getByTestId('inspector-id-error').textContent()).toBe('"y" is taken by another node');
    await field.press('Escape');
    expect(await field.inputValue()).toBe('x2');
    expect(await page.getByTestId('inspector-id-error').count()).toBe(0);
  });

  it('places palette clicks in free space near the middle, on the grid, over no card', async () => {
    const { page } = await session.browserHost();
    for (const op of ['add', 'mul', 'tanh', 'add']) {
      const before = await page.locator('.react-flow__node').count();
      await page.getByTestId(`palette-item-${op}`).click();
      await expect.poll(() => page.locator('.react-flow__node').count(), POLL).toBe(before + 1);
    }
    await settled(page);
    const boxes = await Promise.all((await page.locator('.react-flow__node').all()).map(async (n) => ({ id: await n.getAttribute('data-id'), box: await n.boundingBox() })));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].box;
        const b = boxes[j].box;
        if (a === null || b === null) throw new Error('a card is not visible');
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${boxes[i].id} and ${boxes[j].id} overlap`).toBe(true);
      }
    }
    const { nodes } = await readCanvas(page);
    for (const id of ['add1', 'mul1', 'tanh1', 'add2']) {
      expect(Math.abs(nodes[id].x % 10)).toBe(0);
      expect(Math.abs(nodes[id].y % 10)).toBe(0);
    }
  });

  it('keeps the problems panel clear of the zoom controls and minimap, and closes it when the last problem goes', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await setValue(page, 'x', '1, 2, 3');
    await setValue(page, 'y', '1, 2');
    await expect.poll(() => page.getByTestId('status-problems').textContent(), POLL).toBe('⚠ 1 problem');
    await page.getByTestId('status-problems').click();
    await expect.poll(() => page.getByTestId('problems-panel').isVisible(), POLL).toBe(true);
    const panel = await page.getByTestId('problems-panel').boundingBox();
    for (const selector of ['.react-flow__controls', '.react-flow__minimap']) {
      const other = await page.locator(selector).first().boundingBox();
      if (panel === null || other === null) throw new Error(`no box for the panel or ${selector}`);
      const apart = panel.x + panel.width <= other.x || other.x + other.width <= panel.x || panel.y + panel.height <= other.y || other.y + other.height <= panel.y;
      expect(apart, `the problems panel covers ${selector}`).toBe(true);
    }
    await editor.shot('new-user-7-problems-panel');
    await setValue(page, 'y', '5');
    await expect.poll(() => page.getByTestId('problems-panel').count(), POLL).toBe(0);
    expect(await page.getByTestId('status-problems').textContent()).toBe('✓ No problems');
  });

  it('shows a refused attr value, marked and explained, on the card and in the inspector until it is fixed', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await page.getByTestId('palette-item-dropout').click();
    await expect.poll(() => page.getByTestId('node-dropout1').count(), POLL).toBe(1);
    await settled(page);
    const card = page.getByTestId('attr-dropout1-p');
    await card.fill('2');
    expect(await page.getByTestId('attr-dropout1-p-error').textContent()).toBe('attr "p" must be < 1, got 2');
    expect(await page.getByTestId('inspector-attr-p').inputValue()).toBe('2');
    expect(await page.getByTestId('inspector-attr-p-error').textContent()).toBe('attr "p" must be < 1, got 2');
    // The help text states the range once, from the spec.
    expect(await page.locator('label', { has: page.getByTestId('inspector-attr-p') }).getAttribute('title')).toBe('attr "p" must be < 1, got 2');
    // Deselecting (the inspector closes) leaves the card showing the refused text, marked.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await expect.poll(() => page.getByTestId('inspector-document').count(), POLL).toBe(1);
    expect(await card.inputValue()).toBe('2');
    expect(await card.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('attr-dropout1-p-error').isVisible()).toBe(true);
    await editor.shot('new-user-9-refused-attr');
    await card.fill('0.25');
    await expect.poll(() => page.getByTestId('attr-dropout1-p-error').count(), POLL).toBe(0);
    const label = page.locator('label', { has: card });
    expect(await label.getAttribute('title')).toBe('p: probability of dropping a value (number, ≥ 0, < 1; default 0.5)');
  });

  it('offers a second tab no backup of a document open in the first, but offers a crashed tab\'s', async () => {
    const { page } = await session.browserHost();
    await page.getByTestId('palette-item-tanh').click();
    await expect.poll(() => page.getByTestId('dirty-marker').count(), POLL).toBe(1);
    // The backup is written about a second after the edit.
    await page.waitForTimeout(1800);
    const context = page.context();
    const openTab = async (): Promise<Page> => {
      const tab = await context.newPage();
      await tab.goto(page.url());
      await expect.poll(() => tab.getByTestId('node-f').count(), POLL).toBe(1);
      // recoverable() answers right after start-up; give the dialog time to (wrongly) appear.
      await tab.waitForTimeout(800);
      return tab;
    };
    const second = await openTab();
    expect(await second.getByTestId('modal-recover').count()).toBe(0);
    await second.close();
    // A crash leaves the backup behind and drops the tab's lock: the next tab offers it.
    const cdp = await context.newCDPSession(page);
    void cdp.send('Page.crash').catch(() => undefined);
    const third = await openTab();
    await expect.poll(() => third.getByTestId('modal-recover').count(), POLL).toBe(1);
    expect(await third.getByTestId('recover-item-0').textContent()).toContain('add-mul.bpgraph');
  });

  it('fits the XOR example: every card in view, using the canvas', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await page.getByTestId('tb-examples').click();
    await page.getByTestId('gallery-item-xor-mlp.bpgraph').click();
    await expect.poll(() => page.getByTestId('doc-title').textContent(), POLL).toContain('xor-mlp');
    await page.locator('.react-flow__controls-zoomout').click();
    await page.locator('.react-flow__controls-zoomout').click();
    await page.locator('.react-flow__controls-fitview').click();
    await settled(page);
    // Every card lies inside the canvas, and the graph spans at least 85% of its width or of its height.
    const pane = await page.locator('.react-flow').boundingBox();
    const boxes = await page.locator('.react-flow__node').evaluateAll((els) => els.map((el) => (el as unknown as { getBoundingClientRect(): { left: number; top: number; right: number; bottom: number } }).getBoundingClientRect()).map((r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom })));
    if (!pane) throw new Error('no canvas');
    const left = Math.min(...boxes.map((b) => b.left));
    const right = Math.max(...boxes.map((b) => b.right));
    const top = Math.min(...boxes.map((b) => b.top));
    const bottom = Math.max(...boxes.map((b) => b.bottom));
    expect(left).toBeGreaterThanOrEqual(pane.x - 1);
    expect(right).toBeLessThanOrEqual(pane.x + pane.width + 1);
    expect(top).toBeGreaterThanOrEqual(pane.y - 1);
    expect(bottom).toBeLessThanOrEqual(pane.y + pane.height + 1);
    expect(Math.max((right - left) / pane.width, (bottom - top) / pane.height)).toBeGreaterThanOrEqual(0.85);
    await editor.shot('new-user-8-fit-xor');
  });
});
