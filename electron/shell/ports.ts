/**
 * The thin seams between the shell's logic and Electron. main.ts implements
 * them over BrowserWindow, dialog and app (electron/adapters.ts); tests
 * implement them with plain objects.
 */
import type { MenuItemSpec } from '../menu/menu-template.js';

/** One window we created. */
export interface WindowPort {
  /** BrowserWindow id. */
  readonly id: number;
  /** Its webContents id (what IPC events carry as `sender.id`). */
  readonly webContentsId: number;
  send(channel: string, payload: unknown): void;
  setTitle(title: string): void;
  /** macOS: the dot in the close button, and the proxy icon for the file. */
  setDocumentEdited(edited: boolean, filePath: string | undefined): void;
  /** Asks to close; the shell's close guard may still veto it. */
  close(): void;
  focus(): void;
  toggleDevTools(): void;
  /** Loads the app page again (after the page's process died). */
  reload(): void;
  isDestroyed(): boolean;
}

/** The user's answer to "save changes before closing?". */
export type UnsavedChoice = 'save' | 'discard' | 'cancel';

/** Native dialogs. */
export interface DialogPort {
  /** A `.bpgraph` file to open, or null when cancelled. */
  chooseFileToOpen(window: WindowPort): Promise<string | null>;
  /** Where to save, or null when cancelled; `defaultPath` is the suggested file. */
  chooseSavePath(window: WindowPort, defaultPath: string): Promise<string | null>;
  askUnsavedChanges(window: WindowPort, documentName: string): Promise<UnsavedChoice>;
  showError(window: WindowPort | null, message: string): void;
}

/** Application-level services. */
export interface AppPort {
  readonly platform: NodeJS.Platform;
  /** True when running unpackaged (`npm start`): developer tools in the menu. */
  readonly isDev: boolean;
  /** The folder a first save suggests. */
  readonly documentsDir: string;
  /** Opens a new window showing the app. */
  createWindow(): WindowPort;
  /** The focused window, or null. */
  focusedWindowId(): number | null;
  /** Re-installs the application menu (after the recent list changed). */
  setMenu(template: MenuItemSpec[]): void;
  /** The OS-level recent documents (Windows jump list, macOS Dock menu). */
  addRecentDocument(filePath: string): void;
  clearRecentDocuments(): void;
  /** Asks the app to quit again (after a close that a quit was waiting on). */
  quit(): void;
  log(message: string): void;
}
