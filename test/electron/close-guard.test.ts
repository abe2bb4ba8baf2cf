import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENTS } from '../../core/host/bridge.js';
import { createHarness, type FakeWindow, type Harness } from './harness.js';

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('closing with unsaved changes', () => {
  let h: Harness;
  let win: FakeWindow;
  const record = () => h.shell.windowOf(win.webContentsId);
  const makeDirty = async (): Promise<void> => {
    h.shell.documentState(record(), { name: 'g.bpgraph', dirty: true });
    h.shell.backup(record(), { text: 'unsaved work', name: 'g.bpgraph' });
    await h.shell.scheduler.flush(record().backupId);
  };
  const backups = (): Promise<string[]> => readdir(path.join(h.userData, 'backups')).catch(() => []);

  beforeEach(async () => {
    h = await createHarness({ closeTimeouts: { saveStartMs: 200, cleanAfterSaveMs: 200 } });
    win = h.openWindow();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('closes a clean window at once, without asking', () => {
    h.shell.documentState(record(), { name: 'g.bpgraph', dirty: false });
    win.close();
    expect(win.destroyed).toBe(true);
    expect(h.dialogs.asked).toEqual([]);
  });

  it('asks, and Cancel keeps the window and its backup', async () => {
    await makeDirty();
    h.dialogs.unsavedAnswers.push('cancel');
    win.close();
    await tick();
    expect(h.dialogs.asked).toEqual(['unsaved:g.bpgraph']);
    expect(win.destroyed).toBe(false);
    expect((await backups()).length).toBe(1);
    // Asking again works after a cancel.
    h.dialogs.unsavedAnswers.push('cancel');
    win.close();
    await tick();
    expect(h.dialogs.asked.length).toBe(2);
  });

  it("Don't Save closes the window and removes its backup", async () => {
    await makeDirty();
    h.dialogs.unsavedAnswers.push('discard');
    win.close();
    await tick();
    expect(win.destroyed).toBe(true);
    await h.shell.scheduler.idle();
    expect(await backups()).toEqual([]);
  });

  it("Save runs the page's save and closes once the page reports a clean document", async () => {
    await makeDirty();
    h.dialogs.unsavedAnswers.push('save');
    h.dialogs.saveAnswers.push(path.join(h.dir, 'saved.bpgraph'));
    win.close();
    await tick();
    expect(win.sent.at(-1)).toEqual({ channel: EVENTS.menu.channel, payload: 'save' });
    expect(win.destroyed).toBe(false);
    // The page does what it does on the menu's Save: asks main to save, then reports clean.
    const result = await h.shell.save(record(), { text: 'the document', suggestedName: 'g' });
    expect(result.status).toBe('saved');
    expect(win.destroyed).toBe(false);
    h.shell.documentState(record(), { name: 'saved.bpgraph', path: path.join(h.dir, 'saved.bpgraph'), dirty: false });
    expect(win.destroyed).toBe(true);
    expect(await readFile(path.join(h.dir, 'saved.bpgraph'), 'utf8')).toBe('the document');
  });

  it('a cancelled, failed or conflicting save keeps the window open', async () => {
    await makeDirty();
    for (const answer of [null, path.join(h.dir, 'no-such-folder', 'x.bpgraph')]) {
      h.dialogs.unsavedAnswers.push('save');
      h.dialogs.saveAnswers.push(answer);
      win.close();
      await tick();
      const result = await h.shell.save(record(), { text: 't' });
      expect(['cancelled', 'error']).toContain(result.status);
      // A clean report long after must not close the window by surprise.
      h.shell.documentState(record(), { name: 'g.bpgraph', dirty: false });
      expect(win.destroyed).toBe(false);
      h.shell.documentState(record(), { name: 'g.bpgraph', dirty: true });
    }
  });

  it('gives up waiting when the page never saves', async () => {
    await makeDirty();
    h.dialogs.unsavedAnswers.push('save');
    win.close();
    await tick(300);
    expect(h.logs.at(-1)).toMatch(/abandoned/);
    h.shell.documentState(record(), { name: 'g.bpgraph', dirty: false });
    expect(win.destroyed).toBe(false);
  });

  it('a quit interrupted by the question is asked again once the window has closed', async () => {
    const other = h.openWindow();
    await makeDirty();
    h.shell.beginQuit();
    // Electron closes the windows: the clean one goes, the dirty one vetoes and the quit stops.
    other.close();
    expect(other.destroyed).toBe(true);
    expect(h.quits.count).toBe(0);
    h.dialogs.unsavedAnswers.push('discard');
    win.close();
    await tick();
    expect(win.destroyed).toBe(true);
    expect(h.quits.count).toBe(1);
  });

  it('a quit cancelled at the question is forgotten', async () => {
    await makeDirty();
    h.shell.beginQuit();
    h.dialogs.unsavedAnswers.push('cancel');
    win.close();
    await tick();
    h.shell.documentState(record(), { name: 'g.bpgraph', dirty: false });
    win.close();
    expect(win.destroyed).toBe(true);
    expect(h.quits.count).toBe(0);
  });
});
