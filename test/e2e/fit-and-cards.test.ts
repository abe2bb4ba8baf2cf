/**
 * How graphs look when fitted: the XOR example, opened from the gallery and
 * fitted, is readable (card text at least 10 px on screen) at 1280×800 and
 * 1440×900 with the default panels open, and shows every card; cards are as
 * wide as their content, so a long id is shown whole; no two cards of any
 * example overlap.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession, POLL, skipReason } from './browser.js';
import { openExample, settled } from './editor-actions.js';

interface Rect {
  readonly id: string;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** The few DOM members the page functions below use (these tests compile without the DOM library). */
interface PageElement {
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  readonly style: { readonly transform: string };
}
interface PageGlobals {
  readonly document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): Iterable<PageElement> };
  getComputedStyle(el: PageElement): { readonly fontSize: string };
}

async function fit(page: Page): Promise<void> {
  await page.locator('.react-flow__controls-fitview').click();
  await settled(page);
}

/** Every card's box on screen, and the canvas's. */
function cardRects(page: Page): Promise<{ pane: Rect; cards: Rect[] }> {
  return page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const box = (el: PageElement, id: string) => {
      const r = el.getBoundingClientRect();
      return { id, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const paneEl = g.document.querySelector('.react-flow');
    if (!paneEl) throw new Error('no canvas');
    const cards = [...g.document.querySelectorAll('.react-flow__node')].map((el) => box(el, el.getAttribute('data-id') ?? '?'));
    return { pane: box(paneEl, 'pane'), cards };
  });
}

/** The smallest on-screen font size of the cards' ids and labels: their computed size times the view's zoom. */
function smallestLabelPx(page: Page): Promise<number> {
  return page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const transform = g.document.querySelector('.react-flow__viewport')?.style.transform ?? '';
    const zoom = Number(/scale\(([\d.]+)\)/.exec(transform)?.[1] ?? 'NaN');
    const sizes = [...g.document.querySelectorAll('.gate-label')].map((el) => parseFloat(g.getComputedStyle(el).fontSize) * zoom);
    return Math.min(...sizes);
  });
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

describe.skipIf(skipReason !== undefined)('fitted graphs and card sizes', () => {
  const session = editorSession();

  it('fits the XOR example readably, every card inside the canvas, at 1280×800 and 1440×900', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await openExample(page, 'xor-mlp.bpgraph');
    // The training panel opens with the example: the default panels are the palette, the inspector and it.
    await expect.poll(() => page.getByTestId('train-panel').count(), POLL).toBe(1);
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1440, height: 900 },
    ]) {
      await page.setViewportSize(size);
      await page.locator('.react-flow__controls-zoomout').click();
      await fit(page);
      expect(await smallestLabelPx(page)).toBeGreaterThanOrEqual(10);
      const { pane, cards } = await cardRects(page);
      expect(cards).toHaveLength(12);
      for (const c of cards) {
        expect(c.left, c.id).toBeGreaterThanOrEqual(pane.left);
        expect(c.right, c.id).toBeLessThanOrEqual(pane.right);
        expect(c.top, c.id).toBeGreaterThanOrEqual(pane.top);
        expect(c.bottom, c.id).toBeLessThanOrEqual(pane.bottom);
      }
      // The zoom buttons in the bottom-left corner cover no card.
      const controls = await page.locator('.react-flow__controls').boundingBox();
      if (!controls) throw new Error('no zoom buttons');
      const buttons = { id: 'controls', left: controls.x, top: controls.y, right: controls.x + controls.width, bottom: controls.y + controls.height };
      expect(cards.filter((c) => overlaps(c, buttons)).map((c) => c.id)).toEqual([]);
      await editor.shot(`fit-xor-${size.width}x${size.height}`);
    }
  });

  it('widens a card to show a long id whole', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await page.getByTestId('node-q').locator('.gate-head').click();
    const field = page.getByTestId('inspector-id');
    await expect.poll(() => field.inputValue(), POLL).toBe('q');
    await field.fill('hidden_layer_activation_1');
    await field.press('Enter');
    const card = page.getByTestId('node-hidden_layer_activation_1');
    await expect.poll(() => card.count(), POLL).toBe(1);
    const label = card.locator('.gate-label');
    expect(await label.textContent()).toBe('hidden_layer_activation_1');
    const fits = () => label.evaluate((el) => {
      const e = el as unknown as PageElement;
      return e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight;
    });
    await expect.poll(fits, POLL).toBe(true);
    // One line: the card grew rather than wrapping the id.
    const box = await label.boundingBox();
    expect(box?.height ?? 0).toBeLessThan(20);
    const width = (await card.boundingBox())?.width ?? 0;
    const zoom = await page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec((globalThis as unknown as PageGlobals).document.querySelector('.react-flow__viewport')?.style.transform ?? '')?.[1]));
    expect(width / zoom).toBeGreaterThan(120);
    expect(width / zoom).toBeLessThanOrEqual(240);
    // Its wires still end on its handles: the output wire leaves from the widened card's right edge.
    await settled(page);
    const handle = await page.getByTestId('port-hidden_layer_activation_1-out').boundingBox();
    const cardBox = await card.boundingBox();
    if (!handle || !cardBox) throw new Error('no card');
    expect(Math.abs(handle.x + handle.width / 2 - (cardBox.x + cardBox.width))).toBeLessThan(6);
    await editor.shot('cards-long-id');
  });

  it('lays out every example without overlapping cards', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await page.getByTestId('tb-examples').click();
    const files = await page
      .locator('[data-testid^="gallery-item-"]')
      .evaluateAll((els) => els.map((el) => ((el as unknown as PageElement).getAttribute('data-testid') ?? '').slice('gallery-item-'.length)));
    await page.getByTestId('modal-close').click();
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      await openExample(page, file);
      await fit(page);
      const { cards } = await cardRects(page);
      const clashes: string[] = [];
      for (let i = 0; i < cards.length; i++) for (let j = i + 1; j < cards.length; j++) if (overlaps(cards[i], cards[j])) clashes.push(`${cards[i].id} / ${cards[j].id}`);
      expect(clashes, file).toEqual([]);
    }
  });
});
