/**
 * Wires the editor refuses, with the reason on screen: one that would close a
 * cycle and one into a port that is already taken. The graph stays exactly as
 * it was, and the refusal is no undo step.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSession, POLL, skipReason } from './browser.js';
import { dragWire, readCanvas } from './editor-actions.js';

/** The text of the newest refusal toast, once one shows. */
async function refusal(page: Page): Promise<string> {
  const toast = page.locator('[data-testid="toast"][data-kind="refusal"]').last();
  await toast.waitFor({ state: 'visible' });
  return (await toast.locator('span').first().textContent()) ?? '';
}

describe.skipIf(skipReason !== undefined)('refused connections', () => {
  const session = editorSession();

  it('refuses a wire that would close a cycle, and one into a taken port, saying why and changing nothing', async () => {
    const editor = await session.browserHost();
    const { page } = editor;

    // Free port a of q by deleting the wire x → q.a (click it, press Delete): f's output could now loop back into q.
    await page.getByTestId('edge-x->q.a').locator('path.react-flow__edge-interaction').click();
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await readCanvas(page)).edges, POLL).toEqual(['q->f.a', 'y->q.b', 'z->f.b']);
    const before = await readCanvas(page);
    const undoTitle = await page.getByTestId('tb-undo').getAttribute('title');

    await dragWire(page, 'f', 'q', 'a');
    expect(await refusal(page)).toBe('refused: would create a cycle q → f → q');
    await editor.shot('refusals-1-cycle');
    expect(await readCanvas(page)).toEqual(before);

    await dragWire(page, 'y', 'f', 'a');
    expect(await refusal(page)).toBe('refused: port a of f is already connected (from q)');
    expect(await readCanvas(page)).toEqual(before);

    // Neither refusal entered the history: Undo still takes back the delete.
    expect(await page.getByTestId('tb-undo').getAttribute('title')).toBe(undoTitle);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await readCanvas(page)).edges, POLL).toEqual(['q->f.a', 'x->q.a', 'y->q.b', 'z->f.b']);
  });
});
