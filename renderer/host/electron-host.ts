/** The Host inside Electron: every call goes over the preload bridge (`window.bpstudio`, core/host/bridge.ts). */
import type { BridgeApi, OpenedFile } from '../../core/host/bridge.js';
import { assertNever } from '../../core/ops/attrs.js';
import type { Host, OpenedDocument } from './host.js';

function opened(f: OpenedFile): OpenedDocument {
  return { file: { name: f.name, path: f.path, token: f.token }, text: f.text };
}

export function createElectronHost(bridge: BridgeApi): Host {
  return {
    kind: 'electron',
    nativeMenu: true,
    async openDialog() {
      const f = await bridge.openDialog(null);
      return f ? opened(f) : null;
    },
    async openDropped(file) {
      // A file from disk opens through main like any other (its path, the token for conflicts, Open Recent).
      // One without a path (made in memory by another page) opens as a new document that already has a name.
      const path = bridge.pathForFile(file);
      if (path !== '') return opened(await bridge.openPath(path));
      return { file: { name: file.name }, text: await file.text() };
    },
    async save({ text, file, saveAs, force }) {
      const r = await bridge.save({
        path: file.path,
        text,
        token: saveAs ? undefined : file.token,
        force,
        saveAs,
        suggestedName: file.name,
      });
      switch (r.status) {
        case 'saved':
          return { status: 'saved', file: { name: r.name, path: r.path, token: r.token } };
        case 'conflict':
          return { status: 'conflict', message: r.message };
        case 'error':
          return { status: 'error', message: r.message };
        case 'cancelled':
          return { status: 'cancelled' };
        default:
          return assertNever(r);
      }
    },
    async recentFiles() {
      const list = await bridge.recentFiles(null);
      return list.map((r) => ({ id: r.path, name: r.name, detail: r.path, openedAt: r.openedAt }));
    },
    async openRecent(id) {
      return opened(await bridge.openPath(id));
    },
    documentState(state) {
      bridge.documentState(state);
    },
    backup(state) {
      bridge.backup(state);
    },
    recoverable() {
      return bridge.recoverable(null);
    },
    async discardRecoverable(id) {
      await bridge.discardRecoverable(id);
    },
    onMenu(listener) {
      return bridge.on('menu', listener);
    },
    onOpenFile(listener) {
      return bridge.on('openFile', (f) => listener(opened(f)));
    },
    onOpenFailed(listener) {
      return bridge.on('openFailed', listener);
    },
  };
}
