/**
 * The ports of shell/ports.ts over Electron's real modules. Deliberately thin:
 * each method is one or two Electron calls, so that everything worth testing
 * lives in the shell, which vitest runs without Electron.
 */
import { BrowserWindow, dialog, type MessageBoxOptions } from 'electron';
import type { DialogPort, UnsavedChoice, WindowPort } from './shell/ports.js';

const GRAPH_FILTERS = [{ name: 'Backprop Studio graphs', extensions: ['bpgraph'] }];

/** A WindowPort over a BrowserWindow. */
export function windowPort(win: BrowserWindow, platform: NodeJS.Platform): WindowPort {
  const contents = win.webContents;
  return {
    id: win.id,
    webContentsId: contents.id,
    send: (channel, payload) => {
      if (!contents.isDestroyed()) contents.send(channel, payload);
    },
    setTitle: (title) => win.setTitle(title),
    setDocumentEdited: (edited, filePath) => {
      if (platform !== 'darwin') return;
      win.setDocumentEdited(edited);
      win.setRepresentedFilename(filePath ?? '');
    },
    close: () => win.close(),
    focus: () => {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    },
    toggleDevTools: () => contents.toggleDevTools(),
    reload: () => contents.reload(),
    isDestroyed: () => win.isDestroyed(),
  };
}

function browserWindow(port: WindowPort | null): BrowserWindow | null {
  if (port === null) return null;
  const win = BrowserWindow.fromId(port.id);
  return win === null || win.isDestroyed() ? null : win;
}

async function messageBox(port: WindowPort | null, options: MessageBoxOptions): Promise<number> {
  const win = browserWindow(port);
  const result = win === null ? await dialog.showMessageBox(options) : await dialog.showMessageBox(win, options);
  return result.response;
}

/** Native dialogs over Electron's `dialog`, each modal to its window. */
export const dialogPort: DialogPort = {
  async chooseFileToOpen(port) {
    const win = browserWindow(port);
    const options = { title: 'Open Graph', filters: GRAPH_FILTERS, properties: ['openFile' as const] };
    const result = win === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(win, options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  async chooseSavePath(port, defaultPath) {
    const win = browserWindow(port);
    const options = {
      title: 'Save Graph',
      defaultPath,
      filters: GRAPH_FILTERS,
      properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
    };
    const result = win === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(win, options);
    return result.canceled || result.filePath === undefined || result.filePath === '' ? null : result.filePath;
  },
  async askUnsavedChanges(port, documentName): Promise<UnsavedChoice> {
    const choices: readonly UnsavedChoice[] = ['save', 'discard', 'cancel'];
    const response = await messageBox(port, {
      type: 'warning',
      buttons: ['Save', "Don't Save", 'Cancel'],
      defaultId: 0,
      cancelId: 2,
      noLink: true,
      message: `Do you want to save the changes you made to ${documentName}?`,
      detail: "Your changes will be lost if you don't save them.",
    });
    return choices[response] ?? 'cancel';
  },
  showError(port, message) {
    void messageBox(port, { type: 'error', buttons: ['OK'], message });
  },
};
