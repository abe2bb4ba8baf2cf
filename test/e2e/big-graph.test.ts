/**
 * Panning and zooming a big graph (over 300 gates), which the canvas moves
 * through the viewport's CSS transform while the gesture lasts and hands to
 * React Flow when it ends (renderer/app/view-gesture.ts): the view ends where
 * the same input moves a small graph, the dot grid moves with it, a pan does
 * not clear the selection, a plain click on the pane still does, and cards
 * can be picked and dragged again once the view is still.
 */
import { describe, expect, it } from 'vitest';
import { editorSession, POLL, skipReason } from './browser.js';
import { dragNode, openBenchGraph, readCanvas, settled } from './editor-actions.js';

interface PaneState {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
  readonly gesture: boolean;
  readonly left: number;
  readonly top: number;
}

type Page = Parameters<typeof settled>[0];

function paneState(page: Page): Promise<PaneState> {
  return page.evaluate(() => {
    const d = (globalThis as unknown as { document: { querySelector(s: string): { style: { transform: string }; hasAttribute(a: string): boolean; getBoundingClientRect(): { left: number; top: number } } | null } }).document;
    const flow = d.querySelector('.react-flow');
    const m = /translate\(\s*(-?[\d.e-]+)px,\s*(-?[\d.e-]+)px\)\s*scale\(\s*([\d.e-]+)\)/.exec(d.querySelector('.react-flow__viewport')?.style.transform ?? '');
    if (!flow || !m) throw new Error('no React Flow viewport on the page');
    const box = flow.getBoundingClientRect();
    return { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]), gesture: flow.hasAttribute('data-gesture'), left: box.left, top: box.top };
  });
}

/** A point of the empty pane near the canvas's middle. */
function emptySpot(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const d = (globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): { left: number; top: number; width: number; height: number } } | null; elementFromPoint(x: number, y: number): { classList: { contains(c: string): boolean } } | null } }).document;
    const box = d.querySelector('.react-flow')?.getBoundingClientRect();
    if (!box) throw new Error('no canvas');
    for (let r = 0; r < 300; r += 5) {
      for (let a = 0; a < 16; a++) {
        const x = box.left + box.width / 2 + r * Math.cos((a * Math.PI) / 8);
        const y = box.top + box.height / 2 + r * Math.sin((a * Math.PI) / 8);
        if (d.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    throw new Error('no empty spot on the canvas');
  });
}

const selectedIds = (page: Page) => page.locator('.react-flow__node.selected').evaluateAll((els) => els.map((el) => (el as unknown as { getAttribute(name: string): string | null }).getAttribute('data-id')));

describe.skipIf(skipReason !== undefined)('a big graph', () => {
  const session = editorSession();

  it('pans and zooms like a small one, keeps the selection through a pan, and clears it on a plain click', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    const graph = await openBenchGraph(page, 400);

    // Zoom in with the wheel over an empty spot: about that spot, by d3-zoom's 2^(deltaY * 0.002) per pixel.
    const spot = await emptySpot(page);
    const before = await paneState(page);
    await page.mouse.move(spot.x, spot.y);
    await page.mouse.wheel(0, -250);
    await expect.poll(async () => (await paneState(page)).gesture, POLL).toBe(false);
    await settled(page);
    const zoomed = await paneState(page);
    expect(zoomed.zoom / before.zoom).toBeCloseTo(2 ** 0.5, 3);
    const flowX = (v: PaneState) => (spot.x - v.left - v.x) / v.zoom;
    const flowY = (v: PaneState) => (spot.y - v.top - v.y) / v.zoom;
    // Within 0.05 flow units: Chrome writes the transform back with six significant digits, so a zoom near 0.3 read
    // from it is off by up to 2e-6 of itself, a few thousandths of a unit at x = 2,000.
    expect(flowX(zoomed)).toBeCloseTo(flowX(before), 1);
    expect(flowY(zoomed)).toBeCloseTo(flowY(before), 1);

    // Select a card, then pan by dragging the pane: mid-drag the view moves without React Flow (data-gesture).
    const card = page.locator('.react-flow__node').nth(Math.floor(graph.nodes / 2));
    const id = await card.getAttribute('data-id');
    await card.locator('.gate-head').click();
    await expect.poll(() => selectedIds(page), POLL).toEqual([id]);
    const from = await emptySpot(page);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 20, { steps: 4 });
    await page.mouse.move(from.x + 120, from.y + 40, { steps: 4 });
    await expect.poll(async () => (await paneState(page)).gesture, POLL).toBe(true);
    await expect.poll(async () => (await paneState(page)).x, POLL).toBeCloseTo(zoomed.x + 120, 3);
    const grid = await page.locator('svg.react-flow__background').evaluate((el) => (el as unknown as { style: { transform: string } }).style.transform);
    // The dot grid moves along: by the same 120, 40 pixels, at the same scale.
    const [gx, gy, gs] = (/translate\(([-\d.e]+)px,\s*([-\d.e]+)px\)\s*scale\(([-\d.e]+)\)/.exec(grid) ?? []).slice(1).map(Number);
    expect([gx, gy, gs].map((n) => Math.round((n ?? NaN) * 1000) / 1000)).toEqual([120, 40, 1]);
    await editor.shot('big-graph-1-mid-pan');
    await page.mouse.up();
    const panned = await paneState(page);
    expect(panned.gesture).toBe(false);
    expect(await page.locator('svg.react-flow__background').evaluate((el) => (el as unknown as { style: { transform: string } }).style.transform)).toBe('');
    // To a thousandth of a pixel: the hand-over to React Flow goes through its own float arithmetic.
    expect(panned.x - zoomed.x).toBeCloseTo(120, 3);
    expect(panned.y - zoomed.y).toBeCloseTo(40, 3);
    expect(panned.zoom).toBe(zoomed.zoom);
    expect(await selectedIds(page)).toEqual([id]);
    await editor.shot('big-graph-2-after-pan');

    // Where React Flow now puts the view, cards are where they look: a click on another one selects it.
    const other = page.locator('.react-flow__node').nth(Math.floor(graph.nodes / 2) + 1);
    const otherId = await other.getAttribute('data-id');
    await other.locator('.gate-head').click();
    await expect.poll(() => selectedIds(page), POLL).toEqual([otherId]);

    // Dragging a card is still React Flow's: it moves that card (by the drag over the zoom, less the first step, which
    // React Flow's drag threshold takes), as one undo step, and leaves the view where it was.
    const before2 = (await readCanvas(page)).nodes[otherId ?? ''];
    const z = (await paneState(page)).zoom;
    await dragNode(page, otherId ?? '', { x: 100, y: 50 });
    await expect.poll(async () => ((await readCanvas(page)).nodes[otherId ?? '']?.x ?? 0) - (before2?.x ?? 0), POLL).toBeGreaterThan(80 / z);
    expect(((await readCanvas(page)).nodes[otherId ?? '']?.x ?? 0) - (before2?.x ?? 0)).toBeLessThanOrEqual(100 / z + 10);
    expect((await paneState(page)).x).toBe(panned.x);
    await page.getByTestId('tb-undo').click();
    await expect.poll(async () => (await readCanvas(page)).nodes[otherId ?? ''], POLL).toEqual(before2);

    // A click on the pane that does not move is still "clear the selection".
    const empty = await emptySpot(page);
    await page.mouse.click(empty.x, empty.y);
    await expect.poll(() => selectedIds(page), POLL).toEqual([]);
    expect((await paneState(page)).x).toBe(panned.x);
  });
});
