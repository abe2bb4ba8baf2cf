/**
 * The debugger on a big graph (500 gates): fitted, the view is so far out
 * that React Flow draws no wires (the overview) and, closer in, it mounts only
 * the cards in view. The current step must show anyway: far out, its wires
 * and pulses are drawn from the node lookup at a readable size and a ring
 * marks its card; close up, the view follows the current node when a step
 * moves it out of view, bringing it above the debugger's step card.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { benchGraph } from '../../bench/editor-graph.js';
import { editorSession, POLL, skipReason } from './browser.js';
import { dropFile, settled } from './editor-actions.js';

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function zoomOf(page: Page): Promise<number> {
  return page.evaluate(() => {
    const d = (globalThis as unknown as { document: { querySelector(s: string): { style: { transform: string } } | null } }).document;
    return Number(/scale\(\s*([\d.e-]+)\)/.exec(d.querySelector('.react-flow__viewport')?.style.transform ?? '')?.[1]);
  });
}

const gestureOver = (page: Page) => page.evaluate(() => !(globalThis as unknown as { document: { querySelector(s: string): { hasAttribute(a: string): boolean } | null } }).document.querySelector('.react-flow')?.hasAttribute('data-gesture'));

function inside(inner: Box, outer: Box, slack = 1): boolean {
  return inner.x >= outer.x - slack && inner.y >= outer.y - slack && inner.x + inner.width <= outer.x + outer.width + slack && inner.y + inner.height <= outer.y + outer.height + slack;
}

describe.skipIf(skipReason !== undefined)('the debugger on a big graph', () => {
  const session = editorSession();

  it('shows the step far out where no wires are drawn, and follows the current node close up', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    const graph = benchGraph(500, true);
    await dropFile(page, { name: 'big.bpgraph', text: graph.text });
    await expect.poll(() => page.getByTestId('doc-title').textContent(), POLL).toContain('big.bpgraph');
    await expect.poll(() => page.locator('.react-flow__node').count(), { ...POLL, timeout: 30_000 }).toBe(graph.nodes);
    await settled(page);
    // Fitted, far out: React Flow has no edges (WireOverview draws them all as a few paths).
    expect(await zoomOf(page)).toBeLessThan(0.3);
    expect(await page.locator('.react-flow__edge').count()).toBe(0);

    const label = page.getByTestId('debug-step-label');
    await page.getByTestId('tb-debug').click();
    await expect.poll(() => label.getAttribute('data-phase'), { ...POLL, timeout: 60_000 }).toBe('forward');
    await page.getByTestId('debug-to-backward').click();
    await expect.poll(() => label.getAttribute('data-phase'), POLL).toBe('backward');
    const output = (await label.getAttribute('data-node')) ?? '';

    // The output's input wires are drawn and pulse, with a pulse big enough to see; a ring marks its card.
    const wires = page.locator('[data-testid^="debug-wire-"]');
    await expect.poll(() => wires.count(), POLL).toBeGreaterThan(0);
    for (const d of await wires.evaluateAll((els) => els.map((el) => (el as unknown as { getAttribute(n: string): string | null }).getAttribute('d') ?? ''))) expect(d).toMatch(/^M-?[\d.]+,-?[\d.]+ /);
    expect(await page.locator('.debug-pulse').count()).toBe(await wires.count());
    const pulse = await page.locator('.debug-pulse').first().boundingBox();
    expect(pulse?.width ?? 0).toBeGreaterThanOrEqual(10);
    const ring = await page.getByTestId('debug-ring').boundingBox();
    const card = await page.getByTestId(`node-${output}`).boundingBox();
    if (!ring || !card) throw new Error('no ring or no current card');
    expect(inside(card, ring)).toBe(true);
    expect(ring.width - card.width).toBeGreaterThanOrEqual(10);
    await editor.shot('debugger-big-1-overview');

    // Zoom in to 1 about the canvas's top-left corner, far from the output at the graph's right end.
    const pane = await page.locator('.react-flow').boundingBox();
    if (!pane) throw new Error('no canvas');
    const z0 = await zoomOf(page);
    await page.mouse.move(pane.x + 30, pane.y + 30);
    await page.mouse.wheel(0, Math.log2(z0) / 0.002);
    await expect.poll(() => gestureOver(page), POLL).toBe(true);
    await settled(page);
    const zoom = await zoomOf(page);
    expect(zoom).toBeCloseTo(1, 1);
    const outOfView = async (id: string) => {
      const box = await page.getByTestId(`node-${id}`).boundingBox().catch(() => null);
      return box === null || !inside(box, pane);
    };
    expect(await outOfView(output)).toBe(true);

    // A step moves to one of the output's inputs: the view pans to it, at the same zoom, and it is drawn with its wires.
    await page.getByTestId('debug-step').click();
    await expect.poll(() => label.getAttribute('data-node'), POLL).not.toBe(output);
    const next = (await label.getAttribute('data-node')) ?? '';
    await expect.poll(() => outOfView(next), POLL).toBe(false);
    await settled(page);
    expect(await zoomOf(page)).toBeCloseTo(zoom, 3);
    expect(await page.getByTestId(`node-${next}`).getAttribute('class')).toContain('debug-current');
    // Above the step's card at the bottom of the canvas, not under it.
    const nextBox = await page.getByTestId(`node-${next}`).boundingBox();
    const stepCard = await page.getByTestId('debug-card').boundingBox();
    if (!nextBox || !stepCard) throw new Error('no current card or no step card');
    expect(nextBox.y + nextBox.height).toBeLessThanOrEqual(stepCard.y);
    expect(await page.locator('.react-flow__node').count()).toBeLessThan(graph.nodes);
    await editor.shot('debugger-big-2-followed');
  });
});
