import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENTS, INVOKE, SEND } from '../../core/host/bridge.js';
import { createIpcRoutes, type IpcRoutes } from '../../electron/ipc/router.js';
import { MAX_PAYLOAD_BYTES, payloadSize } from '../../electron/ipc/validate.js';
import { createHarness, type FakeWindow, type Harness } from './harness.js';

describe('IPC handlers', () => {
  let h: Harness;
  let win: FakeWindow;
  let routes: IpcRoutes;
  const invoke = (channel: string, payload: unknown, event = h.eventFrom(win)): Promise<unknown> => {
    const handler = routes.invoke.get(channel);
    if (handler === undefined) throw new Error(`no handler for ${channel}`);
    return handler(event, payload);
  };
  const send = (channel: string, payload: unknown, event = h.eventFrom(win)): void => routes.send.get(channel)?.(event, payload);

  beforeEach(async () => {
    h = await createHarness();
    win = h.openWindow();
    routes = createIpcRoutes(h.shell, { maxPayloadBytes: 4096, log: (message) => h.logs.push(message) });
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('has a handler for every channel of the bridge and no other', () => {
    expect([...routes.invoke.keys()].sort()).toEqual(Object.values(INVOKE).map((it) => it.channel).sort());
    expect([...routes.send.keys()].sort()).toEqual(Object.values(SEND).map((it) => it.channel).sort());
  });

  it('serves a valid request from our window', async () => {
    const file = path.join(h.dir, 'g.bpgraph');
    await writeFile(file, '{"format": "backprop-studio/graph"}');
    const opened = await invoke(INVOKE.openPath.channel, file);
    expect(opened).toMatchObject({ path: file, name: 'g.bpgraph', text: '{"format": "backprop-studio/graph"}' });
    expect(await invoke(INVOKE.recentFiles.channel, null)).toEqual([{ path: file, name: 'g.bpgraph', openedAt: expect.any(Number) }]);
  });

  it('rejects an oversized payload before looking at it', async () => {
    const big = 'x'.repeat(5000);
    await expect(invoke(INVOKE.save.channel, { text: big })).rejects.toThrow('doc:save: refused, the payload is larger than 4096 bytes.');
    send(SEND.backup.channel, { text: big, name: 'g' });
    expect(h.logs.at(-1)).toBe('doc:backup: refused, the payload is larger than 4096 bytes.');
  });

  it('counts multi-byte characters by their UTF-8 size', () => {
    expect(payloadSize('é'.repeat(3000), 4096)).toBeGreaterThan(4096);
    expect(payloadSize({ a: ['x', { b: 'yy' }] }, 4096)).toBeLessThan(100);
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(payloadSize(deep, 4096)).toBe(Number.POSITIVE_INFINITY);
    expect(MAX_PAYLOAD_BYTES).toBeGreaterThan(256 * 1024 * 1024);
  });

  it('rejects wrong types with the channel, the field and the reason', async () => {
    await expect(invoke(INVOKE.save.channel, { text: 42 })).rejects.toThrow(/^doc:save: refused, text: /);
    await expect(invoke(INVOKE.openPath.channel, 7)).rejects.toThrow(/^doc:open-path: refused, payload: /);
    await expect(invoke(INVOKE.openPath.channel, '')).rejects.toThrow(/^doc:open-path: refused/);
    await expect(invoke(INVOKE.recentFiles.channel, { sneaky: true })).rejects.toThrow(/^recent:list: refused/);
    await expect(invoke(INVOKE.discardRecoverable.channel, '../../etc/passwd')).rejects.toThrow(/Invalid backup id/);
    send(SEND.documentState.channel, { name: 'g', dirty: 'yes' });
    expect(h.logs.at(-1)).toMatch(/^doc:state: refused, dirty: /);
    expect(win.title).toBe('Backprop Studio');
  });

  it('rejects messages from a foreign page, a sub-frame, a gone frame, or a window that is not ours', async () => {
    const foreign = { sender: { id: win.webContentsId }, senderFrame: { url: 'https://evil.example/', parent: null } };
    await expect(invoke(INVOKE.recentFiles.channel, null, foreign)).rejects.toThrow('recent:list: refused, sent from https://evil.example, not app://bpstudio.');
    const fileUrl = { sender: { id: win.webContentsId }, senderFrame: { url: 'file:///etc/index.html', parent: null } };
    await expect(invoke(INVOKE.recentFiles.channel, null, fileUrl)).rejects.toThrow(/refused, sent from file:/);
    const subFrame = { sender: { id: win.webContentsId }, senderFrame: { url: 'app://bpstudio/index.html', parent: {} } };
    await expect(invoke(INVOKE.recentFiles.channel, null, subFrame)).rejects.toThrow('recent:list: refused, sent from a sub-frame.');
    const gone = { sender: { id: win.webContentsId }, senderFrame: null };
    await expect(invoke(INVOKE.recentFiles.channel, null, gone)).rejects.toThrow('recent:list: refused, the sending frame is gone.');
    const stranger = { sender: { id: 99_999 }, senderFrame: { url: 'app://bpstudio/index.html', parent: null } };
    await expect(invoke(INVOKE.recentFiles.channel, null, stranger)).rejects.toThrow('recent:list: refused, the sender is not a window of this app.');
    send(SEND.documentState.channel, { name: 'g', dirty: true }, foreign);
    expect(win.title).toBe('Backprop Studio');
  });

  it('opens by path only absolute .bpgraph files', async () => {
    await expect(invoke(INVOKE.openPath.channel, '/etc/passwd')).rejects.toThrow('Cannot open /etc/passwd: only .bpgraph files can be opened.');
    await expect(invoke(INVOKE.openPath.channel, 'relative.bpgraph')).rejects.toThrow(/the path is not absolute/);
  });

  it('saves without a dialog only to paths main handed out; any other path goes through the dialog', async () => {
    const elsewhere = path.join(h.dir, 'chosen-by-page.bpgraph');
    const cancelled = await invoke(INVOKE.save.channel, { path: elsewhere, text: 'x' });
    expect(cancelled).toEqual({ status: 'cancelled' });
    expect(h.dialogs.asked).toEqual([`save:${elsewhere}`]);

    h.dialogs.saveAnswers.push(path.join(h.dir, 'picked'));
    const saved = await invoke(INVOKE.save.channel, { text: 'hello', suggestedName: 'My Graph' });
    expect(h.dialogs.asked.at(-1)).toBe(`save:${path.join(h.dir, 'documents', 'My Graph.bpgraph')}`);
    expect(saved).toMatchObject({ status: 'saved', path: path.join(h.dir, 'picked.bpgraph'), name: 'picked.bpgraph' });
    expect(await readFile(path.join(h.dir, 'picked.bpgraph'), 'utf8')).toBe('hello');

    // Now the path is known: saving there again asks nothing.
    const token = (saved as { token: string }).token;
    const again = await invoke(INVOKE.save.channel, { path: path.join(h.dir, 'picked.bpgraph'), text: 'hello 2', token });
    expect(again).toMatchObject({ status: 'saved' });
    expect(h.dialogs.asked.length).toBe(2);

    // Save As always asks, suggesting the document's own file.
    const asked = await invoke(INVOKE.save.channel, { path: path.join(h.dir, 'picked.bpgraph'), text: 'hello 3', saveAs: true });
    expect(asked).toEqual({ status: 'cancelled' });
    expect(h.dialogs.asked.at(-1)).toBe(`save:${path.join(h.dir, 'picked.bpgraph')}`);
    expect(await readFile(path.join(h.dir, 'picked.bpgraph'), 'utf8')).toBe('hello 2');
  });

  it('updates the window title from the document state', () => {
    send(SEND.documentState.channel, { name: 'add-mul.bpgraph', path: '/g/add-mul.bpgraph', dirty: true });
    expect(win.title).toBe('• add-mul.bpgraph — Backprop Studio');
    send(SEND.documentState.channel, { name: 'add-mul.bpgraph', path: '/g/add-mul.bpgraph', dirty: false });
    expect(win.title).toBe('add-mul.bpgraph — Backprop Studio');
  });

  it('sends files named outside the page to the window, or a one-line failure', async () => {
    const file = path.join(h.dir, 'from-argv.bpgraph');
    await writeFile(file, '{}');
    const missing = path.join(h.dir, 'missing.bpgraph');
    await h.shell.openDocuments([file, missing]);
    expect(win.sent).toEqual([
      { channel: EVENTS.openFile.channel, payload: expect.objectContaining({ path: file, text: '{}' }) },
      { channel: EVENTS.openFailed.channel, payload: { path: missing, message: `Cannot open ${missing}: the file or its folder does not exist (ENOENT).` } },
    ]);
  });

  it('holds events for a window whose page has not loaded yet', async () => {
    const file = path.join(h.dir, 'early.bpgraph');
    await writeFile(file, '{}');
    // As for a window just created at startup, before its page finished loading.
    h.shell.windowOf(win.webContentsId).loaded = false;
    await h.shell.openDocuments([file]);
    expect(win.sent).toEqual([]);
    h.shell.windowLoaded(win.id);
    expect(win.sent.map((it) => it.channel)).toEqual([EVENTS.openFile.channel]);
  });
});
