/**
 * Undo and redo as a person uses them, in the browser host (`npm run web`,
 * where the page owns Ctrl+Z and Ctrl+Shift+Z): add two gates, move one with
 * a single drag, wire them, delete one; undo each step back to the empty
 * graph, checking the graph on the canvas after every step, then redo them
 * all.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession, POLL, skipReason } from './browser.js';
import { dragNode, dragWire, dropGate, readCanvas, type CanvasGraph } from './editor-actions.js';

const EMPTY: CanvasGraph = { nodes: {}, edges: [], output: null };

async function expectCanvas(page: Page, expected: CanvasGraph): Promise<void> {
  await expect.poll(() => readCanvas(page), POLL).toEqual(expected);
}

describe.skipIf(skipReason !== undefined)('undo and redo', () => {
  const session = editorSession();

  it('steps back through add, move, connect and delete one gesture at a time, and forward again', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    await page.getByTestId('tb-new').click();
    await expectCanvas(page, EMPTY);
    expect(await page.getByTestId('tb-undo').isDisabled()).toBe(true);

    const states: CanvasGraph[] = [EMPTY];
    await dropGate(page, 'input', { x: 100, y: 100 });
    states.push({ nodes: { input1: { x: 100, y: 100 } }, edges: [], output: 'input1' });
    await expectCanvas(page, states[1]);

    await dropGate(page, 'neg', { x: 320, y: 100 });
    states.push({ nodes: { input1: { x: 100, y: 100 }, neg1: { x: 320, y: 100 } }, edges: [], output: 'input1' });
    await expectCanvas(page, states[2]);

    // One drag through many intermediate positions: the node lands on the grid, and the move is one step.
    await dragNode(page, 'neg1', { x: 90, y: 120 });
    const moved = (await readCanvas(page)).nodes['neg1'];
    expect(moved).toBeDefined();
    expect(moved?.x).toBeGreaterThan(320);
    expect(moved?.y).toBeGreaterThan(100);
    expect([(moved?.x ?? 1) % 10, (moved?.y ?? 1) % 10]).toEqual([0, 0]);
    states.push({ ...states[2], nodes: { ...states[2].nodes, neg1: moved ?? { x: 0, y: 0 } } });
    await expectCanvas(page, states[3]);

    await dragWire(page, 'input1', 'neg1', 'x');
    states.push({ ...states[3], edges: ['input1->neg1.x'], output: 'neg1' });
    await expectCanvas(page, states[4]);
    await expect.poll(() => page.locator('[data-testid^="node-problem-"]').count(), POLL).toBe(0);
    await editor.shot('history-1-before-delete');

    await page.getByTestId('node-input1').locator('.gate-head').click();
    await page.keyboard.press('Delete');
    states.push({ nodes: { neg1: states[4].nodes['neg1'] ?? { x: 0, y: 0 } }, edges: [], output: 'neg1' });
    await expectCanvas(page, states[5]);

    for (let step = states.length - 2; step >= 0; step--) {
      await page.keyboard.press('Control+z');
      await expectCanvas(page, states[step]);
    }
    expect(await page.getByTestId('tb-undo').isDisabled()).toBe(true);
    await editor.shot('history-2-undone');

    for (let step = 1; step < states.length; step++) {
      await page.keyboard.press('Control+Shift+z');
      await expectCanvas(page, states[step]);
    }
    expect(await page.getByTestId('tb-redo').isDisabled()).toBe(true);
    // The toolbar's Undo is the same command: one click takes back the delete.
    await page.getByTestId('tb-undo').click();
    await expectCanvas(page, states[4]);
    await editor.shot('history-3-redone-and-undone');
  });
});
