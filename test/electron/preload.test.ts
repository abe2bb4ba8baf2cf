/**
 * The preload (electron/preload.ts) over a stand-in for the three Electron
 * modules it uses: what it exposes, how calls and events pass through, and
 * `pathForFile`, the one call answered without IPC.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENTS, INVOKE, SEND, type BridgeApi } from '../../core/host/bridge.js';

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
  const sent: Array<{ channel: string; payload: unknown }> = [];
  const answers = new Map<string, () => Promise<unknown>>();
  const pathsAsked: unknown[] = [];
  return {
    exposed,
    listeners,
    sent,
    answers,
    pathsAsked,
    module: {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: {
        invoke: (channel: string) => answers.get(channel)?.() ?? Promise.reject(new Error(`No handler registered for '${channel}'`)),
        send: (channel: string, payload: unknown) => sent.push({ channel, payload }),
        on: (channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.set(channel, listener),
      },
      webUtils: {
        getPathForFile: (file: { name: string }) => {
          pathsAsked.push(file);
          return `/home/ada/${file.name}`;
        },
      },
    },
  };
});

vi.mock('electron', () => electron.module);

describe('preload', () => {
  let api: BridgeApi;

  beforeAll(async () => {
    await import('../../electron/preload.js');
    api = electron.exposed.get('bpstudio') as BridgeApi;
  });

  it('exposes exactly the bridge as window.bpstudio, and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual(['bpstudio']);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(INVOKE), ...Object.keys(SEND), 'on', 'pathForFile'].sort());
  });

  it('answers pathForFile from webUtils for a real File, and with nothing for anything else', () => {
    const file = new File(['{}'], 'g.bpgraph');
    expect(api.pathForFile(file)).toBe('/home/ada/g.bpgraph');
    expect(electron.pathsAsked).toEqual([file]);
    expect(api.pathForFile({ name: 'fake.bpgraph', size: 2 })).toBe('');
    expect(electron.pathsAsked).toHaveLength(1);
  });

  it('passes main\'s one-line refusals on without Electron\'s prefix, and checks responses', async () => {
    electron.answers.set(INVOKE.openPath.channel, () =>
      Promise.reject(new Error("Error invoking remote method 'doc:open-path': DocumentError: Cannot open /x.bpgraph: the file or its folder does not exist (ENOENT).")),
    );
    await expect(api.openPath('/x.bpgraph')).rejects.toThrow(/^Cannot open \/x\.bpgraph: the file or its folder does not exist \(ENOENT\)\.$/);
    electron.answers.set(INVOKE.recentFiles.channel, () => Promise.resolve([{ path: '/a.bpgraph', name: 'a.bpgraph', openedAt: 1 }]));
    expect(await api.recentFiles(null)).toEqual([{ path: '/a.bpgraph', name: 'a.bpgraph', openedAt: 1 }]);
    electron.answers.set(INVOKE.recentFiles.channel, () => Promise.resolve([{ path: 7 }]));
    await expect(api.recentFiles(null)).rejects.toThrow();
    api.documentState({ name: 'g.bpgraph', dirty: true });
    expect(electron.sent).toEqual([{ channel: SEND.documentState.channel, payload: { name: 'g.bpgraph', dirty: true } }]);
  });

  it('holds events until the page subscribes, and drops malformed ones', async () => {
    const deliver = electron.listeners.get(EVENTS.menu.channel);
    expect(deliver).toBeDefined();
    deliver?.({}, 'undo');
    deliver?.({}, 'format-disk');
    const got: string[] = [];
    const unsubscribe = api.on('menu', (command) => got.push(command));
    await Promise.resolve();
    expect(got).toEqual(['undo']);
    deliver?.({}, 'redo');
    unsubscribe();
    deliver?.({}, 'save');
    expect(got).toEqual(['undo', 'redo']);
  });
});
