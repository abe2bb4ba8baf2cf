import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEND, INVOKE } from '../../core/host/bridge.js';
import { createIpcRoutes } from '../../electron/ipc/router.js';
import { BackupScheduler, BackupStore } from '../../electron/services/backups.js';
import { createHarness, tempDir, type Harness } from './harness.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('backup store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes, lists (newest first, without live windows) and removes backups', async () => {
    let clock = 1000;
    const store = new BackupStore(path.join(dir, 'backups'), () => clock++);
    await store.write('a', { text: 'A', name: 'a.bpgraph', path: '/x/a.bpgraph' });
    await store.write('b', { text: 'B', name: 'Untitled' });
    expect(await store.list()).toEqual([
      { id: 'b', name: 'Untitled', savedAt: 1001, text: 'B' },
      { id: 'a', name: 'a.bpgraph', path: '/x/a.bpgraph', savedAt: 1000, text: 'A' },
    ]);
    expect((await store.list(new Set(['b']))).map((it) => it.id)).toEqual(['a']);
    await store.remove('a');
    await store.remove('a');
    expect((await store.list()).map((it) => it.id)).toEqual(['b']);
  });

  it('skips damaged or foreign files instead of failing', async () => {
    const folder = path.join(dir, 'backups');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'broken.json'), '{"format": "backprop-stu');
    await writeFile(path.join(folder, 'other.json'), '{"format": "something-else", "version": 1}');
    await writeFile(path.join(folder, 'notes.txt'), 'hello');
    const store = new BackupStore(folder);
    await store.write('good', { text: 'T', name: 'n' });
    expect((await store.list()).map((it) => it.id)).toEqual(['good']);
    expect(await new BackupStore(path.join(dir, 'never-created')).list()).toEqual([]);
  });

  it('refuses ids that could leave the folder', async () => {
    const store = new BackupStore(path.join(dir, 'backups'));
    await expect(store.write('../escape', { text: 'x', name: 'n' })).rejects.toThrow(/Invalid backup id/);
    await expect(store.remove('a/b')).rejects.toThrow(/Invalid backup id/);
  });
});

describe('backup scheduler', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes once, the last text, a delay after the last edit', async () => {
    const store = new BackupStore(path.join(dir, 'backups'));
    const scheduler = new BackupScheduler(store, { delayMs: 80 });
    scheduler.update('w', { text: 'one', name: 'g' });
    scheduler.update('w', { text: 'two', name: 'g' });
    scheduler.update('w', { text: 'three', name: 'g' });
    await sleep(20);
    expect(await store.list()).toEqual([]);
    await sleep(150);
    await scheduler.idle();
    expect((await store.list()).map((it) => it.text)).toEqual(['three']);
  });

  it('still backs up during a long burst of edits (max wait)', async () => {
    const store = new BackupStore(path.join(dir, 'backups'));
    const scheduler = new BackupScheduler(store, { delayMs: 60, maxWaitMs: 120 });
    // Edits 25 ms apart never leave the 60 ms quiet gap a plain debounce waits for.
    for (let i = 0; i < 10; i++) {
      scheduler.update('w', { text: `edit ${i}`, name: 'g' });
      await sleep(25);
    }
    await scheduler.idle();
    const during = await store.list();
    expect(during.length).toBe(1);
    expect(during[0]?.text).toMatch(/^edit \d+$/);
    scheduler.discard('w');
    await scheduler.idle();
  });

  it('removes the backup when the document becomes clean, and a pending write never lands', async () => {
    const store = new BackupStore(path.join(dir, 'backups'));
    const scheduler = new BackupScheduler(store, { delayMs: 40 });
    scheduler.update('w', { text: 'dirty', name: 'g' });
    await scheduler.flush('w');
    expect((await store.list()).length).toBe(1);
    scheduler.update('w', { text: 'dirtier', name: 'g' });
    scheduler.update('w', { text: null, name: 'g' });
    await sleep(100);
    await scheduler.idle();
    expect(await store.list()).toEqual([]);
  });
});

describe('backup and recovery through the shell', () => {
  let first: Harness;
  let second: Harness | undefined;
  beforeEach(async () => {
    first = await createHarness({ backupDelayMs: 30 });
  });
  afterEach(async () => {
    await second?.cleanup();
    second = undefined;
    await first.cleanup();
  });

  it('offers a crashed session’s dirty document at the next start, and discards it on request', async () => {
    const win = first.openWindow();
    const routes = createIpcRoutes(first.shell);
    const send = (channel: string, payload: unknown): void => routes.send.get(channel)?.(first.eventFrom(win), payload);
    send(SEND.documentState.channel, { name: 'g.bpgraph', path: '/docs/g.bpgraph', dirty: true });
    send(SEND.backup.channel, { text: '{"edited": true}', name: 'g.bpgraph', path: '/docs/g.bpgraph' });
    await sleep(80);
    await first.shell.scheduler.idle();
    // The live window's own backup is not offered to it.
    expect(await routes.invoke.get(INVOKE.recoverable.channel)?.(first.eventFrom(win), null)).toEqual([]);

    // "Crash": a new process on the same user data, the old one never closed its window.
    second = await createHarness({ userData: first.userData });
    const next = second.openWindow();
    const nextRoutes = createIpcRoutes(second.shell);
    const found = await nextRoutes.invoke.get(INVOKE.recoverable.channel)?.(second.eventFrom(next), null);
    expect(found).toEqual([{ id: expect.any(String), name: 'g.bpgraph', path: '/docs/g.bpgraph', savedAt: expect.any(Number), text: '{"edited": true}' }]);
    // A recovered document may be saved back to its path without a dialog.
    expect(second.shell.documents.isGranted('/docs/g.bpgraph')).toBe(true);

    const id = (found as Array<{ id: string }>)[0]?.id;
    await nextRoutes.invoke.get(INVOKE.discardRecoverable.channel)?.(second.eventFrom(next), id);
    expect(await nextRoutes.invoke.get(INVOKE.recoverable.channel)?.(second.eventFrom(next), null)).toEqual([]);
  });

  it('removes the window’s backup on a clean close', async () => {
    const win = first.openWindow();
    first.shell.documentState(first.shell.windowOf(win.webContentsId), { name: 'g', dirty: true });
    first.shell.backup(first.shell.windowOf(win.webContentsId), { text: 'unsaved', name: 'g' });
    await first.shell.scheduler.flush(first.shell.windowOf(win.webContentsId).backupId);
    const folder = path.join(first.userData, 'backups');
    expect((await readdir(folder)).length).toBe(1);
    first.shell.documentState(first.shell.windowOf(win.webContentsId), { name: 'g', dirty: false });
    win.close();
    expect(win.destroyed).toBe(true);
    await first.shell.scheduler.idle();
    expect(await readdir(folder)).toEqual([]);
  });

  it('keeps the last edits when the page crashes and offers them to the reloaded page', async () => {
    const win = first.openWindow();
    const record = first.shell.windowOf(win.webContentsId);
    first.shell.documentState(record, { name: 'g', dirty: true });
    first.shell.backup(record, { text: 'before the crash', name: 'g' });
    await first.shell.rendererGone(win.id);
    expect(win.reloads).toBe(1);
    const offered = await first.shell.recoverable();
    expect(offered.map((it) => it.text)).toEqual(['before the crash']);
    expect(existsSync(path.join(first.userData, 'backups', `${record.backupId}.json`))).toBe(false);
  });
});
