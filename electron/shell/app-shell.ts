/**
 * The main process's logic, free of Electron: windows and their document
 * state, titles, opening files from the command line and the OS, the menu,
 * backups and recovery, and the services behind every IPC channel. main.ts
 * forwards Electron's events here through the ports in ports.ts.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  EVENTS,
  type BackupRequest,
  type DocumentState,
  type OpenedFile,
  type RecentEntry,
  type Recoverable,
  type SaveRequest,
  type SaveResult,
} from '../../core/host/bridge.js';
import { assertNever } from '../../core/ops/attrs.js';
import { buildMenuTemplate, type MenuAction } from '../menu/menu-template.js';
import { BackupScheduler, BackupStore, isBackupId } from '../services/backups.js';
import { RecentFiles } from '../services/recent-files.js';
import { CloseGuard, type CloseGuardTimeouts } from './close-guard.js';
import { DocumentAccess } from './document-access.js';
import type { AppPort, DialogPort, WindowPort } from './ports.js';
import { APP_NAME, windowTitle } from './title.js';
import { WindowRegistry, type WindowRecord } from './windows.js';

/** What the shell is built from. */
export interface AppShellOptions {
  readonly app: AppPort;
  readonly dialogs: DialogPort;
  /** Electron's userData folder: recent files and backups live here. */
  readonly userDataDir: string;
  readonly backupDelayMs?: number;
  readonly closeTimeouts?: CloseGuardTimeouts;
}

/** The main process, as plain logic. */
export class AppShell {
  readonly windows = new WindowRegistry();
  readonly documents: DocumentAccess;
  readonly backups: BackupStore;
  readonly scheduler: BackupScheduler;
  readonly guard: CloseGuard;
  private readonly app: AppPort;
  private readonly dialogs: DialogPort;

  constructor(options: AppShellOptions) {
    this.app = options.app;
    this.dialogs = options.dialogs;
    const recent = new RecentFiles(path.join(options.userDataDir, 'recent-files.json'), { platform: options.app.platform });
    this.documents = new DocumentAccess(recent, options.dialogs, options.app, (entries) => this.installMenu(entries));
    this.backups = new BackupStore(path.join(options.userDataDir, 'backups'));
    this.scheduler = new BackupScheduler(this.backups, {
      ...(options.backupDelayMs === undefined ? {} : { delayMs: options.backupDelayMs }),
      onError: (error) => this.app.log(`Backup failed: ${String(error)}`),
    });
    this.guard = new CloseGuard(options.app, options.dialogs, options.closeTimeouts);
  }

  /** Loads the recent list into the menu. */
  async start(): Promise<void> {
    this.installMenu([]);
    await this.documents.recentFiles().catch((error: unknown) => this.app.log(`Could not read the recent files: ${String(error)}`));
  }

  // ---- windows -------------------------------------------------------------

  /** Registers a window created by main. */
  addWindow(port: WindowPort): WindowRecord {
    const record = this.windows.add(port);
    port.setTitle(APP_NAME);
    return record;
  }

  /** The window's page finished loading: queued events go out now. */
  windowLoaded(id: number): void {
    const record = this.windows.get(id);
    if (record !== undefined) this.windows.markLoaded(record);
  }

  windowFocused(id: number): void {
    this.windows.noteFocus(id);
  }

  /** From the window's `close` event: false vetoes the close. */
  shouldClose(id: number): boolean {
    const record = this.windows.get(id);
    return record === undefined ? true : this.guard.shouldClose(record);
  }

  /**
   * The window is gone. A close that went through the guard (clean, saved, or
   * "Don't Save") takes the backup with it; a window destroyed any other way
   * keeps its backup for recovery.
   */
  windowClosed(id: number): void {
    const record = this.windows.remove(id);
    if (record === undefined) return;
    if (record.closing === 'allowed') void this.scheduler.discard(record.backupId);
    this.guard.onClosed();
  }

  /**
   * The page's process died. Its last edits are written to its backup, which
   * is then left behind as a crash backup, and the page is loaded afresh: on
   * start it lists the recoverable documents and finds it there.
   */
  async rendererGone(id: number): Promise<void> {
    const record = this.windows.get(id);
    if (record === undefined) return;
    const previous = record.backupId;
    record.backupId = randomUUID();
    record.state = undefined;
    record.loaded = false;
    record.closing = 'open';
    await this.scheduler.flush(previous);
    record.port.setTitle(APP_NAME);
    if (!record.port.isDestroyed()) record.port.reload();
  }

  beginQuit(): void {
    this.guard.beginQuit();
  }

  /** True for the webContents of a window we created (the IPC sender check). */
  isOurWebContents(webContentsId: number): boolean {
    return this.windows.byWebContents(webContentsId) !== undefined;
  }

  /** The window whose webContents sent an IPC message. */
  windowOf(webContentsId: number): WindowRecord {
    const record = this.windows.byWebContents(webContentsId);
    if (record === undefined) throw new Error(`No window for webContents ${webContentsId}.`);
    return record;
  }

  private targetWindow(): WindowRecord {
    const existing = this.windows.target(this.app.focusedWindowId());
    if (existing !== undefined) return existing;
    return this.addWindow(this.app.createWindow());
  }

  // ---- files from the command line, the OS and the menu ---------------------

  /** Opens documents named outside the renderer (argv, second instance, macOS open-file, Open Recent). */
  async openDocuments(paths: readonly string[]): Promise<void> {
    if (paths.length === 0) return;
    const target = this.targetWindow();
    target.port.focus();
    for (const filePath of paths) {
      try {
        const opened: OpenedFile = await this.documents.open(filePath);
        this.windows.deliver(target, EVENTS.openFile.channel, opened);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.windows.deliver(target, EVENTS.openFailed.channel, { path: filePath, message });
      }
    }
  }

  /** Carries out a menu item. */
  menuAction(action: MenuAction): void {
    switch (action.kind) {
      case 'command': {
        const target = this.targetWindow();
        this.windows.deliver(target, EVENTS.menu.channel, action.command);
        return;
      }
      case 'open-recent':
        void this.openDocuments([action.path]);
        return;
      case 'clear-recent':
        void this.documents.clearRecent().catch((error: unknown) => this.app.log(`Could not clear the recent files: ${String(error)}`));
        return;
      case 'toggle-devtools':
        this.windows.target(this.app.focusedWindowId())?.port.toggleDevTools();
        return;
      default:
        assertNever(action);
    }
  }

  private installMenu(recent: readonly RecentEntry[]): void {
    this.app.setMenu(buildMenuTemplate({ platform: this.app.platform, isDev: this.app.isDev, recent, appName: APP_NAME }));
  }

  // ---- IPC services (each called with the sending window) --------------------

  openDialog(record: WindowRecord): Promise<OpenedFile | null> {
    return this.documents.openWithDialog(record.port);
  }

  openPath(_record: WindowRecord, filePath: string): Promise<OpenedFile> {
    return this.documents.open(filePath);
  }

  async save(record: WindowRecord, request: SaveRequest): Promise<SaveResult> {
    this.guard.onSaveStarted(record);
    let result: SaveResult;
    try {
      result = await this.documents.save(record.port, request);
    } catch (error) {
      result = { status: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    this.guard.onSaveFinished(record, result);
    return result;
  }

  recentFiles(): Promise<RecentEntry[]> {
    return this.documents.recentFiles();
  }

  /** Backups left by a crash (not those of live windows); their paths become savable. */
  async recoverable(): Promise<Recoverable[]> {
    const found = await this.backups.list(this.windows.liveBackupIds());
    for (const item of found) if (item.path !== undefined) this.documents.grant(item.path);
    return found;
  }

  async discardRecoverable(id: string): Promise<null> {
    if (!isBackupId(id)) throw new Error(`Invalid backup id ${JSON.stringify(id).slice(0, 80)}.`);
    if (this.windows.liveBackupIds().has(id)) throw new Error('That backup belongs to an open window.');
    await this.backups.remove(id);
    return null;
  }

  documentState(record: WindowRecord, state: DocumentState): void {
    record.state = state;
    record.port.setTitle(windowTitle(state, this.app.platform));
    record.port.setDocumentEdited(state.dirty, state.path);
    this.guard.onDocumentState(record);
  }

  backup(record: WindowRecord, request: BackupRequest): void {
    this.scheduler.update(record.backupId, request);
  }
}
