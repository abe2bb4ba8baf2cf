/**
 * The renderer talks to where it runs only through this interface (as VS
 * Code and Netron do): ElectronHost over the preload bridge, BrowserHost for
 * `npm run web`. Nothing else in the renderer touches files, IPC or storage.
 */
import type { MenuCommand, Recoverable } from '../../core/host/bridge.js';
import type { DocFile } from '../store/types.js';

/** A document's text and where it came from. */
export interface OpenedDocument {
  readonly file: DocFile;
  readonly text: string;
}

export interface SaveRequest {
  readonly text: string;
  /** The document's current file; `path`/`handle` say where Save writes. */
  readonly file: DocFile;
  /** Ask where to save even if the document has a file (Save As, or never saved). */
  readonly saveAs: boolean;
  /** Overwrite even though the file changed on disk (the user confirmed). */
  readonly force?: boolean;
}

export type SaveOutcome =
  | { readonly status: 'saved'; readonly file: DocFile }
  | { readonly status: 'cancelled' }
  /** The file changed since it was opened; nothing was written. */
  | { readonly status: 'conflict'; readonly message: string }
  /** Nothing was written; the message names the file and the reason. */
  | { readonly status: 'error'; readonly message: string };

/** An entry of Open Recent. */
export interface RecentFile {
  /** What `openRecent` takes. */
  readonly id: string;
  readonly name: string;
  /** A path, or where the browser keeps it. */
  readonly detail: string;
  readonly openedAt: number;
}

export interface DocumentStatus {
  readonly name: string;
  readonly path?: string;
  readonly dirty: boolean;
}

export interface BackupState {
  /** null: the document is clean, drop its backup. */
  readonly text: string | null;
  readonly name: string;
  readonly path?: string;
}

export interface Host {
  readonly kind: 'electron' | 'browser';
  /**
   * True when a native menu turns the standard shortcuts (Ctrl+S, Z, C, ...)
   * into MenuCommand events, so the page must not handle those keys as well.
   */
  readonly nativeMenu: boolean;
  /** Asks for a file to open; null when the user cancels. Rejects with a one-line message. */
  openDialog(): Promise<OpenedDocument | null>;
  /** Reads a file dropped onto the window. */
  openDropped(file: File): Promise<OpenedDocument>;
  save(request: SaveRequest): Promise<SaveOutcome>;
  recentFiles(): Promise<RecentFile[]>;
  openRecent(id: string): Promise<OpenedDocument>;
  /** Title and dirty marker (window title, unsaved-changes checks on close). */
  documentState(state: DocumentStatus): void;
  /** Keeps a copy of unsaved work for recovery after a crash. */
  backup(state: BackupState): void;
  /** Unsaved work left by an earlier session that ended without saving. */
  recoverable(): Promise<Recoverable[]>;
  discardRecoverable(id: string): Promise<void>;
  onMenu(listener: (command: MenuCommand) => void): () => void;
  /** Files the host opens on its own (command line, the OS, Open Recent in a native menu). */
  onOpenFile(listener: (doc: OpenedDocument) => void): () => void;
  onOpenFailed(listener: (failure: { readonly path: string; readonly message: string }) => void): () => void;
}

/** The message of anything a host call rejected with. */
export function hostErrorMessage(e: unknown): string {
  if (e instanceof Error) return e.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '');
  return String(e);
}
