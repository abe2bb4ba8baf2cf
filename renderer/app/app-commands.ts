/**
 * One dispatcher for every user command, whether it comes from the native
 * menu (Electron), a keyboard shortcut (browser, and the keys no menu owns)
 * or a toolbar button — so each command has exactly one implementation.
 */
import { assertNever } from '../../core/ops/attrs.js';
import { parseFragment } from '../model/fragment.js';
import { copySelection, cutSelection, deleteSelection, duplicateSelection, paste } from '../store/edit-actions.js';
import type { AppStore } from '../store/store.js';
import { canvasCenter, fitView, lastPointer, pastePoint, screenToFlow, zoomIn, zoomOut } from './canvas-control.js';
import type { AppCommand } from './app-command.js';
import type { DocumentActions } from './document-actions.js';
import type { DebugActions } from './debug-actions.js';
import type { TrainActions } from './train-actions.js';

export type { AppCommand };

/** True when keyboard input belongs to a text field, where Ctrl+Z, Delete and friends edit text. */
export function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range', 'color'].includes(target.type);
}

/** The browser's own command for edit commands a native menu sends while a text field has focus. */
const NATIVE_TEXT_COMMANDS: Partial<Record<AppCommand, string>> = {
  undo: 'undo',
  redo: 'redo',
  cut: 'cut',
  copy: 'copy',
  paste: 'paste',
  'select-all': 'selectAll',
  delete: 'delete',
};

function writeSystemClipboard(text: string): void {
  // Best effort, so that a copy can be pasted into another window; the in-app clipboard is what paste reads.
  navigator.clipboard?.writeText(text).catch(() => undefined);
}

/** Opens the add-node search box at the pointer (or the middle of the canvas). */
export function openSearchAtPointer(store: AppStore): void {
  const screen = lastPointer() ?? canvasCenter();
  store.getState().openSearch({ screen, flow: screenToFlow(screen) });
}

export function runCommand(cmd: AppCommand, store: AppStore, actions: DocumentActions, train: TrainActions, debug: DebugActions): void {
  const native = NATIVE_TEXT_COMMANDS[cmd];
  if (native && isTextTarget(document.activeElement)) {
    document.execCommand(native);
    return;
  }
  const s = store.getState();
  switch (cmd) {
    case 'new':
      void actions.newDocument();
      return;
    case 'open':
      void actions.open();
      return;
    case 'save':
      void actions.save(false);
      return;
    case 'save-as':
      void actions.save(true);
      return;
    case 'close':
      void actions.closeDocument();
      return;
    case 'undo':
      s.undo();
      return;
    case 'redo':
      s.redo();
      return;
    case 'cut': {
      const f = cutSelection(store);
      if (f) writeSystemClipboard(JSON.stringify(f));
      return;
    }
    case 'copy': {
      const f = copySelection(store);
      if (f) writeSystemClipboard(JSON.stringify(f));
      return;
    }
    case 'paste': {
      const p = pastePoint();
      paste(store, p ? screenToFlow(p) : undefined);
      return;
    }
    case 'delete':
      deleteSelection(store);
      return;
    case 'select-all':
      s.selectAll();
      return;
    case 'zoom-in':
      zoomIn();
      return;
    case 'zoom-out':
      zoomOut();
      return;
    case 'fit-view':
      fitView();
      return;
    case 'add-node':
      openSearchAtPointer(store);
      return;
    case 'examples':
      s.openModal({ kind: 'gallery' });
      return;
    case 'duplicate':
      duplicateSelection(store);
      return;
    case 'run':
      void actions.run();
      return;
    case 'auto-layout':
      void actions.autoLayout(true);
      return;
    case 'train-toggle':
      s.setTrainPanel({ open: true });
      void train.toggle();
      return;
    case 'train-step':
      s.setTrainPanel({ open: true });
      void train.step();
      return;
    case 'train-stop':
      void train.stop();
      return;
    case 'train-panel':
      s.setTrainPanel({ open: !s.trainPanel.open });
      return;
    case 'debug-start':
      void debug.start();
      return;
    case 'debug-step':
      void debug.move('next');
      return;
    case 'debug-back':
      void debug.move('back');
      return;
    case 'debug-continue':
      void debug.move('continue');
      return;
    case 'debug-stop':
      debug.stop();
      return;
    case 'debug-breakpoint':
      debug.toggleBreakpointOnSelection();
      return;
    case 'gradcheck':
      void debug.gradcheck();
      return;
    default:
      assertNever(cmd);
  }
}

/** Pastes a fragment another window put on the system clipboard (the Edit menu's Paste, or a native menu role). */
export function pasteFromClipboardEvent(e: ClipboardEvent, store: AppStore): void {
  if (isTextTarget(e.target)) return;
  const fragment = parseFragment(e.clipboardData?.getData('text/plain') ?? '');
  if (!fragment) return;
  e.preventDefault();
  const p = lastPointer();
  paste(store, p ? screenToFlow(p) : undefined, fragment);
}
