/**
 * Builds the seeds' f = (x + y) z from an empty graph with mouse and keyboard
 * only, in the desktop host (window.bpstudio backed by main's real document
 * code over a temporary folder), saves it, reopens it, and checks that the
 * file is byte for byte assets/examples/add-mul.bpgraph.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../electron/app-build.js';
import { editorSession, POLL, skipReason } from './browser.js';
import { dragWire, dropGate, readCanvas } from './editor-actions.js';

const EXAMPLE = path.join(repoRoot, 'assets', 'examples', 'add-mul.bpgraph');

/** Sets the selected node's id in the inspector. */
async function rename(page: Page, from: string, to: string): Promise<void> {
  await page.getByTestId(`node-${from}`).locator('.gate-head').click();
  const field = page.getByTestId('inspector-id');
  await expect.poll(() => field.inputValue(), POLL).toBe(from);
  await field.fill(to);
  await field.press('Enter');
  await expect.poll(() => page.getByTestId(`node-${to}`).count(), POLL).toBe(1);
}

describe.skipIf(skipReason !== undefined)('building f = (x + y) z in the editor', () => {
  const session = editorSession();

  it('drags, wires and names the gates, saves, reopens, and writes the example byte for byte', async () => {
    const { editor, bridge } = await session.desktopHost();
    const { page } = editor;
    const example = JSON.parse(await readFile(EXAMPLE, 'utf8')) as { nodes: Array<{ id: string; op: string; attrs?: { value: number }; ui: { x: number; y: number } }>; meta: { name: string; description: string } };

    await page.getByTestId('tb-new').click();
    await expect.poll(() => page.getByTestId('canvas-empty').isVisible(), POLL).toBe(true);

    // Gates in the example's order, each dropped where the example has it, then named and given its value.
    for (const node of example.nodes) {
      await dropGate(page, node.op, node.ui);
      // The new gate is selected, so the inspector shows its fresh id (`input1`, `add1`, ...).
      const fresh = new RegExp(`^${node.op}\\d+$`);
      await expect.poll(() => page.getByTestId('inspector-id').inputValue(), POLL).toMatch(fresh);
      await rename(page, await page.getByTestId('inspector-id').inputValue(), node.id);
      if (node.attrs !== undefined) {
        await page.getByTestId('value-text').fill(String(node.attrs.value));
        await expect.poll(() => page.getByTestId(`node-value-${node.id}`).textContent(), POLL).toBe(String(node.attrs.value));
      }
    }
    await editor.shot('build-add-mul-1-gates');

    for (const [from, to, port] of [['x', 'q', 'a'], ['y', 'q', 'b'], ['q', 'f', 'a'], ['z', 'f', 'b']] as const) {
      await dragWire(page, from, to, port);
      await expect.poll(() => page.locator(`.react-flow__edge[data-id="${from}->${to}.${port}"]`).count(), POLL).toBe(1);
    }

    const canvas = await readCanvas(page);
    expect(canvas.nodes).toEqual(Object.fromEntries(example.nodes.map((n) => [n.id, n.ui])));
    expect(canvas.output).toBe('f');
    // Core's live diagnosis catches up with the last wire: no problems left.
    await expect.poll(() => page.locator('[data-testid^="node-problem-"]').count(), POLL).toBe(0);
    await editor.shot('build-add-mul-2-wired');

    // Nothing selected: the inspector shows the document, where the graph gets its name, description and output.
    await page.keyboard.press('Escape');
    await page.getByTestId('doc-name').fill(example.meta.name);
    await page.getByTestId('doc-description').fill(example.meta.description);
    await page.getByTestId('doc-output').selectOption('f');
    expect(await page.getByTestId('doc-counts').textContent()).toContain('5 nodes, 4 edges · no problems');

    const saved = path.join(bridge.dir, 'add-mul.bpgraph');
    // File → Save from the native menu (Ctrl+S there): main sends the command to the page, which saves through the bridge.
    bridge.dialogs.saveAnswers.push(saved);
    bridge.menu('save');
    await expect.poll(() => page.getByTestId('doc-title').textContent(), POLL).toContain('add-mul.bpgraph');
    await expect.poll(() => page.getByTestId('dirty-marker').count(), POLL).toBe(0);
    expect(bridge.dialogs.asked).toEqual([`save:${path.join(bridge.dir, 'documents', 'untitled.bpgraph')}`]);
    await expect.poll(() => bridge.title(), POLL).toBe('add-mul.bpgraph — Backprop Studio');
    await editor.shot('build-add-mul-3-saved');

    // Reopen: a fresh document first, then File → Open through main's dialog.
    bridge.menu('new');
    await expect.poll(() => page.getByTestId('canvas-empty').isVisible(), POLL).toBe(true);
    bridge.dialogs.openAnswers.push(saved);
    bridge.menu('open');
    await expect.poll(() => page.locator('.react-flow__node').count(), POLL).toBe(5);
    expect(await readCanvas(page)).toEqual(canvas);
    await page.getByTestId('tb-run').click();
    await expect.poll(() => page.getByTestId('node-run-f').textContent(), POLL).toMatch(/^-12∇ 1$/);
    await editor.shot('build-add-mul-4-reopened-run');

    const [written, expected] = await Promise.all([readFile(saved), readFile(EXAMPLE)]);
    expect(written.toString('utf8')).toBe(expected.toString('utf8'));
    expect(written.equals(expected)).toBe(true);
  });
});
