/**
 * The Electron host over a stand-in bridge: a dropped file with a path (from
 * the preload's pathForFile) opens through main, with its path and token; one
 * without a path opens from its text as a new, never-saved document.
 */
import { describe, expect, it } from 'vitest';
import type { BridgeApi, DroppedFile, OpenedFile } from '../../core/host/bridge.js';
import { createElectronHost } from '../../renderer/host/electron-host.js';

function bridgeWith(paths: ReadonlyMap<string, string>, opened: string[]): BridgeApi {
  const refuse = (): never => {
    throw new Error('not used by these tests');
  };
  return {
    openDialog: refuse,
    openPath: async (path: string): Promise<OpenedFile> => {
      opened.push(path);
      return { path, name: path.split('/').at(-1) ?? path, text: '{"from": "disk"}', token: 'v1:16:0:abc' };
    },
    save: refuse,
    recentFiles: refuse,
    recoverable: refuse,
    discardRecoverable: refuse,
    documentState: refuse,
    backup: refuse,
    on: refuse,
    pathForFile: (file: DroppedFile) => paths.get(file.name) ?? '',
  };
}

describe('Electron host', () => {
  it('opens a dropped file from disk through main, with its path and version token', async () => {
    const opened: string[] = [];
    const host = createElectronHost(bridgeWith(new Map([['g.bpgraph', '/home/ada/g.bpgraph']]), opened));
    const doc = await host.openDropped(new File(['{"from": "drop"}'], 'g.bpgraph'));
    expect(opened).toEqual(['/home/ada/g.bpgraph']);
    expect(doc).toEqual({ file: { name: 'g.bpgraph', path: '/home/ada/g.bpgraph', token: 'v1:16:0:abc' }, text: '{"from": "disk"}' });
  });

  it('opens a dropped file without a path from its text, as a document not yet saved', async () => {
    const opened: string[] = [];
    const host = createElectronHost(bridgeWith(new Map(), opened));
    const doc = await host.openDropped(new File(['{"from": "drop"}'], 'made.bpgraph'));
    expect(opened).toEqual([]);
    expect(doc).toEqual({ file: { name: 'made.bpgraph' }, text: '{"from": "drop"}' });
  });
});
