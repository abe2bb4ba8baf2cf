/**
 * Keyboard shortcuts. Keys a native menu owns (Electron: Ctrl+S, Z, C, ...)
 * arrive as menu commands instead and are skipped here, so nothing runs
 * twice; the rest (duplicate, arrows, `/`, Delete) are the page's in every host.
 */
import { BIG_NUDGE, NUDGE, nudgeSelection } from '../store/edit-actions.js';
import type { AppStore } from '../store/store.js';
import type { AppCommand } from './app-command.js';

export interface KeyInfo {
  readonly key: string;
  readonly mod: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
  readonly inText: boolean;
}

/** Commands behind Ctrl/Cmd shortcuts; `menu` marks those a native menu delivers itself. */
const MOD_KEYS: readonly { key: string; shift: boolean; cmd: AppCommand; menu: boolean; inText?: boolean }[] = [
  { key: 's', shift: false, cmd: 'save', menu: true, inText: true },
  { key: 's', shift: true, cmd: 'save-as', menu: true, inText: true },
  { key: 'o', shift: false, cmd: 'open', menu: true, inText: true },
  { key: 'n', shift: false, cmd: 'new', menu: true, inText: true },
  { key: 'z', shift: false, cmd: 'undo', menu: true },
  { key: 'z', shift: true, cmd: 'redo', menu: true },
  { key: 'y', shift: false, cmd: 'redo', menu: true },
  { key: 'c', shift: false, cmd: 'copy', menu: true },
  { key: 'x', shift: false, cmd: 'cut', menu: true },
  { key: 'v', shift: false, cmd: 'paste', menu: true },
  { key: 'a', shift: false, cmd: 'select-all', menu: true },
  { key: 'd', shift: false, cmd: 'duplicate', menu: false },
  { key: 'enter', shift: false, cmd: 'run', menu: false, inText: true },
  // Training, as a debugger's continue/step/stop: Ctrl+Shift+Enter starts or pauses, Ctrl+Shift+→ takes one step, Ctrl+Shift+Backspace stops; Ctrl+J shows the panel.
  { key: 'enter', shift: true, cmd: 'train-toggle', menu: false, inText: true },
  { key: 'arrowright', shift: true, cmd: 'train-step', menu: false },
  { key: 'backspace', shift: true, cmd: 'train-stop', menu: false },
  { key: 'j', shift: false, cmd: 'train-panel', menu: false, inText: true },
];

/** Function keys, as in a debugger; they work in text fields too, where they type nothing. */
const FN_KEYS: readonly { key: string; shift: boolean; cmd: AppCommand }[] = [
  { key: 'f10', shift: false, cmd: 'debug-step' },
  { key: 'f10', shift: true, cmd: 'debug-back' },
  { key: 'f5', shift: false, cmd: 'debug-continue' },
  { key: 'f5', shift: true, cmd: 'debug-stop' },
  { key: 'f9', shift: false, cmd: 'debug-breakpoint' },
];

/** The command a key press stands for, if any. */
export function commandForKey(k: KeyInfo, nativeMenu: boolean): AppCommand | 'search' | undefined {
  const key = k.key.toLowerCase();
  const fn = !k.mod && !k.alt ? FN_KEYS.find((f) => f.key === key && f.shift === k.shift) : undefined;
  if (fn) return fn.cmd;
  if (k.mod && !k.alt) {
    const hit = MOD_KEYS.find((m) => m.key === key && m.shift === k.shift);
    if (!hit || (nativeMenu && hit.menu) || (k.inText && !hit.inText)) return undefined;
    return hit.cmd;
  }
  if (k.inText || k.mod || k.alt) return undefined;
  if (key === 'delete' || key === 'backspace') return 'delete';
  if (key === '/') return 'search';
  return undefined;
}

const ARROWS: Readonly<Record<string, readonly [number, number]>> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** Moves the selection for an arrow key; true when it did. */
export function nudgeForKey(store: AppStore, k: KeyInfo): boolean {
  const dir = ARROWS[k.key];
  if (!dir || k.inText || k.mod || k.alt) return false;
  const step = k.shift ? BIG_NUDGE : NUDGE;
  return nudgeSelection(store, dir[0] * step, dir[1] * step);
}
