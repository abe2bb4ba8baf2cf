/**
 * Dropping a .bpgraph file onto the window opens it, in both hosts. In the
 * browser the file's text is all there is; on the desktop the bridge maps
 * the dropped File to its path (webUtils.getPathForFile in the preload), so
 * the document opens through main with its path: Save writes back to it
 * without asking, and it is listed under Open Recent.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../electron/app-build.js';
import { editorSession, POLL, skipReason } from './browser.js';
import { dropFile, readCanvas } from './editor-actions.js';

const exampleText = (name: string): Promise<string> => readFile(path.join(repoRoot, 'assets', 'examples', name), 'utf8');

describe.skipIf(skipReason !== undefined)('dropping a file onto the window', () => {
  const session = editorSession();

  it('opens it in the browser host, and turns away a file that is not a graph', async () => {
    const editor = await session.browserHost();
    const { page } = editor;
    const text = await exampleText('sigmoid-neuron.bpgraph');
    const nodes = (JSON.parse(text) as { nodes: unknown[] }).nodes.length;

    await dropFile(page, { name: 'notes.txt', text: 'hello' });
    const toast = page.locator('[data-testid="toast"][data-kind="error"]');
    await toast.waitFor({ state: 'visible' });
    expect(await toast.locator('span').first().textContent()).toBe('notes.txt is not a graph: drop a .bpgraph file');
    expect(await page.getByTestId('doc-title').textContent()).toContain('add-mul.bpgraph');

    await dropFile(page, { name: 'neuron.bpgraph', text });
    await expect.poll(() => page.getByTestId('doc-title').textContent(), POLL).toMatch(/^neuron\.bpgraph/);
    await expect.poll(async () => Object.keys((await readCanvas(page)).nodes).length, POLL).toBe(nodes);
    expect(await page.getByTestId('drop-hint').count()).toBe(0);
    expect(await page.getByTestId('dirty-marker').count()).toBe(0);
    await editor.shot('drop-file-1-browser');
  });

  it('opens it with its path in the desktop host, so that Save writes back to it', async () => {
    const { editor, bridge } = await session.desktopHost();
    const { page } = editor;
    const file = path.join(bridge.dir, 'neuron.bpgraph');
    await writeFile(file, await exampleText('sigmoid-neuron.bpgraph'));

    await dropFile(page, { name: 'neuron.bpgraph', text: await readFile(file, 'utf8'), path: file });
    await expect.poll(() => page.getByTestId('doc-title').getAttribute('title'), POLL).toBe(file);
    await expect.poll(() => bridge.title(), POLL).toBe('neuron.bpgraph — Backprop Studio');
    expect((await bridge.shell.recentFiles()).map((entry) => entry.path)).toEqual([file]);

    // Move a gate with the keyboard, then save: straight to the dropped file, no dialog.
    const first = Object.keys((await readCanvas(page)).nodes)[0] ?? '';
    const was = (await readCanvas(page)).nodes[first];
    await page.getByTestId(`node-${first}`).locator('.gate-head').click();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('dirty-marker').count(), POLL).toBe(1);
    await page.getByTestId('tb-save').click();
    await expect.poll(() => page.getByTestId('dirty-marker').count(), POLL).toBe(0);
    expect(bridge.dialogs.asked).toEqual([]);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { nodes: Array<{ id: string; ui?: { x: number; y: number } }> };
    expect(saved.nodes.find((n) => n.id === first)?.ui).toEqual({ x: (was?.x ?? 0) + 10, y: was?.y });
    await editor.shot('drop-file-2-desktop-saved');
  });
});
