/**
 * Saves that cannot or should not go through, in the desktop host with main's
 * real document code: a folder that vanished, a read-only folder, and a file
 * changed on disk since it was opened. Each shows a clear message, writes
 * nothing, and keeps the document's unsaved changes.
 */
import { access, chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../electron/app-build.js';
import { editorSession, POLL, skipReason } from './browser.js';
import type { E2eBridge } from './host-bridge.js';

const EXAMPLE = path.join(repoRoot, 'assets', 'examples', 'add-mul.bpgraph');

/**
 * A folder this process cannot create files in. A folder without write
 * permission, unless the tests run as root, who may write anywhere; then
 * /sys, where not even root can create files.
 */
async function readOnlyFolder(base: string): Promise<string> {
  const folder = path.join(base, 'read-only');
  await mkdir(folder);
  await chmod(folder, 0o555);
  try {
    await writeFile(path.join(folder, 'probe'), '');
  } catch {
    return folder;
  }
  await rm(path.join(folder, 'probe'));
  return '/sys';
}

/** Opens `file` through File → Open and makes one edit (moves node x right with the keyboard). */
async function openAndEdit(page: Page, bridge: E2eBridge, file: string): Promise<void> {
  bridge.dialogs.openAnswers.push(file);
  await page.getByTestId('tb-open').click();
  await expect.poll(() => page.getByTestId('doc-title').getAttribute('title'), POLL).toBe(file);
  await page.getByTestId('node-x').locator('.gate-head').click();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => page.getByTestId('dirty-marker').count(), POLL).toBe(1);
}

/** The problems dialog's lines (after `whileOpen`), after which it is closed. */
async function problemLines(page: Page, whileOpen?: () => Promise<void>): Promise<string[]> {
  const dialog = page.getByTestId('modal-problems');
  await dialog.waitFor({ state: 'visible' });
  expect(await dialog.getByTestId('modal-title').textContent()).toBe('Could not save');
  const lines = await dialog.getByTestId('modal-lines').locator('li').allTextContents();
  await whileOpen?.();
  await page.getByTestId('modal-ok').click();
  await dialog.waitFor({ state: 'detached' });
  return lines;
}

describe.skipIf(skipReason !== undefined)('saving when the disk says no', () => {
  const session = editorSession();

  it('reports a vanished folder and a read-only one, writes nothing, and keeps the changes unsaved', async () => {
    const { editor, bridge } = await session.desktopHost();
    const { page } = editor;
    const folder = path.join(bridge.dir, 'project');
    const file = path.join(folder, 'add-mul.bpgraph');
    await mkdir(folder);
    await writeFile(file, await readFile(EXAMPLE));
    await openAndEdit(page, bridge, file);

    await rm(folder, { recursive: true });
    await page.getByTestId('tb-save').click();
    expect(await problemLines(page)).toEqual([`Could not save ${file}: the file or its folder does not exist (ENOENT).`]);
    expect(await page.getByTestId('dirty-marker').count()).toBe(1);
    expect(bridge.title()).toBe(`${process.platform === 'darwin' ? '' : '• '}add-mul.bpgraph — Backprop Studio`);

    const readOnly = await readOnlyFolder(bridge.dir);
    const target = path.join(readOnly, 'add-mul.bpgraph');
    bridge.dialogs.saveAnswers.push(target);
    await page.getByTestId('tb-save-as').click();
    const lines = await problemLines(page, () => editor.shot('save-errors-1-read-only'));
    expect(lines).toEqual([`Could not save ${target}: permission denied (EACCES).`]);
    await expect(access(target)).rejects.toThrow();
    expect(await page.getByTestId('dirty-marker').count()).toBe(1);
    expect(await page.getByTestId('doc-title').getAttribute('title')).toBe(file);
    // Save As suggests the document's own file.
    expect(bridge.dialogs.asked).toEqual(['open', `save:${file}`]);
  });

  it('asks before overwriting a file changed on disk: Cancel keeps both, Overwrite saves', async () => {
    const { editor, bridge } = await session.desktopHost();
    const { page } = editor;
    const file = path.join(bridge.dir, 'add-mul.bpgraph');
    await writeFile(file, await readFile(EXAMPLE));
    await openAndEdit(page, bridge, file);

    const theirs = (await readFile(EXAMPLE, 'utf8')).replace('"value": 5', '"value": 6');
    await writeFile(file, theirs);
    await page.getByTestId('tb-save').click();
    const choice = page.getByTestId('modal-choice');
    await choice.waitFor({ state: 'visible' });
    expect(await choice.getByTestId('modal-title').textContent()).toBe('The file changed on disk');
    expect(await choice.textContent()).toContain(`${file} was changed on disk since it was opened.`);
    await editor.shot('save-errors-2-conflict');
    await page.getByTestId('choice-cancel').click();
    await choice.waitFor({ state: 'detached' });
    expect(await readFile(file, 'utf8')).toBe(theirs);
    expect(await page.getByTestId('dirty-marker').count()).toBe(1);

    await page.getByTestId('tb-save').click();
    await choice.waitFor({ state: 'visible' });
    await page.getByTestId('choice-overwrite').click();
    await expect.poll(() => page.getByTestId('dirty-marker').count(), POLL).toBe(0);
    const mine = JSON.parse(await readFile(file, 'utf8')) as { nodes: Array<{ id: string; attrs?: { value: number }; ui: { x: number; y: number } }> };
    expect(mine.nodes.find((n) => n.id === 'x')?.ui).toEqual({ x: 50, y: 40 });
    expect(mine.nodes.find((n) => n.id === 'y')?.attrs).toEqual({ value: 5 });
  });
});
