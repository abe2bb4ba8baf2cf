/**
 * Opening files that do not load, in the desktop host (File → Open through
 * main's dialog and document code): the dialog shows core's messages, naming
 * the line and column or the node, and the document being edited stays as it
 * was.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../electron/app-build.js';
import { editorSession, POLL, skipReason, type Editor } from './browser.js';
import { readCanvas } from './editor-actions.js';
import type { E2eBridge } from './host-bridge.js';

const BAD_JSON = `{
  "format": "backprop-studio/graph",
  "version": 1,
  "nodes": [
    { "id": "x", "op": "input", "attrs": { "value": 1 } }
  ],,
  "edges": []
}
`;

describe.skipIf(skipReason !== undefined)('opening a broken file', () => {
  const session = editorSession();

  /** Opens `text` as `name` through File → Open; returns the lines of the problems dialog. */
  async function openBroken({ editor, bridge }: { editor: Editor; bridge: E2eBridge }, name: string, text: string): Promise<string[]> {
    const { page } = editor;
    const file = path.join(bridge.dir, name);
    await writeFile(file, text);
    bridge.dialogs.openAnswers.push(file);
    await page.getByTestId('tb-open').click();
    const dialog = page.getByTestId('modal-problems');
    await expect.poll(() => dialog.isVisible(), POLL).toBe(true);
    expect(await dialog.getByTestId('modal-title').textContent()).toBe(`Could not open ${name}`);
    return page.getByTestId('modal-lines').locator('li').allTextContents();
  }

  it('shows core\'s messages for bad JSON and an unknown op, and leaves the current document untouched', async () => {
    const desktop = await session.desktopHost();
    const { editor } = desktop;
    const { page } = editor;
    const before = await readCanvas(page);

    expect(await openBroken(desktop, 'bad-json.bpgraph', BAD_JSON)).toEqual(["line 6:5: invalid JSON: unexpected ',', expected a property name in double quotes"]);
    await editor.shot('broken-files-1-bad-json');
    await page.getByTestId('modal-ok').click();
    await expect.poll(() => page.getByTestId('modal-problems').count(), POLL).toBe(0);

    const example = JSON.parse(await readFile(path.join(repoRoot, 'assets', 'examples', 'add-mul.bpgraph'), 'utf8')) as { nodes: Array<{ id: string; op: string }> };
    const unknown = { ...example, nodes: example.nodes.map((n) => (n.id === 'q' ? { ...n, op: 'frobnicate' } : n)) };
    const lines = await openBroken(desktop, 'unknown-op.bpgraph', `${JSON.stringify(unknown, null, 2)}\n`);
    expect(lines).toEqual(['node "q": unknown op "frobnicate"']);
    await editor.shot('broken-files-2-unknown-op');
    await page.getByTestId('modal-ok').click();

    expect(await readCanvas(page)).toEqual(before);
    expect(await page.getByTestId('doc-title').textContent()).toContain('add-mul.bpgraph');
    expect(await page.getByTestId('dirty-marker').count()).toBe(0);
  });
});
