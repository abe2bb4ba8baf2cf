/**
 * Opening and saving documents on behalf of a window, and which paths a
 * renderer may name. A renderer can only save without a dialog to a path
 * main itself handed out (opened, saved, recent, recovered); any other path
 * goes through the save dialog with that path suggested, so a compromised
 * page cannot write files the user never chose. Opening by path is limited
 * to `.bpgraph` files.
 */
import path from 'node:path';
import type { OpenedFile, RecentEntry, SaveRequest, SaveResult } from '../../core/host/bridge.js';
import { DOCUMENT_EXTENSION, isDocumentPath, readDocument, saveDocument } from '../services/documents.js';
import { DocumentError } from '../services/fs-errors.js';
import type { RecentFiles } from '../services/recent-files.js';
import type { AppPort, DialogPort, WindowPort } from './ports.js';

/** Documents on disk as one window's renderer sees them. */
export class DocumentAccess {
  private readonly granted = new Set<string>();
  private recentCache: RecentEntry[] = [];

  constructor(
    private readonly recent: RecentFiles,
    private readonly dialogs: DialogPort,
    private readonly app: AppPort,
    /** Called with the new list whenever the recent files change (to rebuild the menu). */
    private readonly onRecentChanged: (entries: readonly RecentEntry[]) => void,
  ) {}

  private key(filePath: string): string {
    const full = path.resolve(filePath);
    return this.app.platform === 'win32' || this.app.platform === 'darwin' ? full.toLowerCase() : full;
  }

  /** Lets renderers save to `filePath` without a dialog. */
  grant(filePath: string): void {
    this.granted.add(this.key(filePath));
  }

  isGranted(filePath: string): boolean {
    return this.granted.has(this.key(filePath));
  }

  /** The recent list as last loaded. */
  get recentEntries(): readonly RecentEntry[] {
    return this.recentCache;
  }

  /** The recent files that still exist; each becomes a path renderers may save to. */
  async recentFiles(): Promise<RecentEntry[]> {
    const entries = await this.recent.list();
    this.setRecent(entries);
    return entries;
  }

  /** Reads a document and records it as recent; throws `DocumentError` with a one-line message. */
  async open(filePath: string): Promise<OpenedFile> {
    if (!path.isAbsolute(filePath)) throw new DocumentError(`Cannot open ${filePath}: the path is not absolute.`);
    if (!isDocumentPath(filePath)) throw new DocumentError(`Cannot open ${filePath}: only ${DOCUMENT_EXTENSION} files can be opened.`);
    let opened: OpenedFile;
    try {
      opened = await readDocument(filePath);
    } catch (error) {
      // A vanished file drops out of the recent list (and the menu) right away.
      await this.recentFiles().catch(() => undefined);
      throw error;
    }
    this.grant(opened.path);
    await this.remember(opened.path);
    return opened;
  }

  /** Shows the open dialog; null when cancelled. */
  async openWithDialog(window: WindowPort): Promise<OpenedFile | null> {
    const chosen = await this.dialogs.chooseFileToOpen(window);
    return chosen === null ? null : this.open(chosen);
  }

  /** Saves as the request asks: straight to a granted path, else through the save dialog. */
  async save(window: WindowPort, request: SaveRequest): Promise<SaveResult> {
    const known = request.saveAs !== true && request.path !== undefined && isDocumentPath(request.path) && path.isAbsolute(request.path) && this.isGranted(request.path);
    let target: string;
    let force = request.force === true;
    let token = request.token;
    if (known && request.path !== undefined) {
      target = request.path;
    } else {
      const suggestion = request.path ?? path.join(this.app.documentsDir, `${baseName(request.suggestedName)}${DOCUMENT_EXTENSION}`);
      const chosen = await this.dialogs.chooseSavePath(window, suggestion);
      if (chosen === null) return { status: 'cancelled' };
      // The dialog confirmed overwriting what it showed; a name we extend ourselves was never shown,
      // so an existing file there is still a conflict for the renderer to ask about.
      const extended = !isDocumentPath(chosen);
      target = extended ? `${chosen}${DOCUMENT_EXTENSION}` : chosen;
      force = !extended;
      token = undefined;
      this.grant(target);
    }
    const result = await saveDocument(target, request.text, { token, force });
    if (result.status === 'saved') {
      this.grant(result.path);
      await this.remember(result.path);
    }
    return result;
  }

  /** Empties the recent list (menu: Clear Recently Opened). */
  async clearRecent(): Promise<void> {
    this.setRecent(await this.recent.clear());
    this.app.clearRecentDocuments();
  }

  private async remember(filePath: string): Promise<void> {
    try {
      this.setRecent(await this.recent.add(filePath));
      this.app.addRecentDocument(filePath);
    } catch (error) {
      this.app.log(`Could not update the recent files: ${String(error)}`);
    }
  }

  private setRecent(entries: readonly RecentEntry[]): void {
    for (const entry of entries) this.grant(entry.path);
    this.recentCache = [...entries];
    this.onRecentChanged(this.recentCache);
  }
}

function baseName(suggested: string | undefined): string {
  const raw = (suggested ?? 'Untitled').replace(/\.bpgraph$/i, '');
  // Keep the suggestion a plain file name: no folders, nothing a file system refuses.
  const clean = raw.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').trim();
  return clean.length > 0 ? clean.slice(0, 200) : 'Untitled';
}
