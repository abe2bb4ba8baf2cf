/**
 * Native dialogs for tests of main-process code: each question takes the next
 * scripted answer (none left: the dialog is cancelled) and is written down.
 * Shared by the vitest harness and the end-to-end bridge.
 */
import type { DialogPort, UnsavedChoice } from '../../electron/shell/ports.js';

export interface ScriptedDialogs extends DialogPort {
  openAnswers: Array<string | null>;
  saveAnswers: Array<string | null>;
  unsavedAnswers: UnsavedChoice[];
  /** What was asked, in order: `open`, `save:<suggested path>`, `unsaved:<name>`, `error:<message>`. */
  readonly asked: string[];
}

export function scriptedDialogs(): ScriptedDialogs {
  const dialogs: ScriptedDialogs = {
    openAnswers: [],
    saveAnswers: [],
    unsavedAnswers: [],
    asked: [],
    chooseFileToOpen: async () => {
      dialogs.asked.push('open');
      return dialogs.openAnswers.shift() ?? null;
    },
    chooseSavePath: async (_win, defaultPath) => {
      dialogs.asked.push(`save:${defaultPath}`);
      return dialogs.saveAnswers.shift() ?? null;
    },
    askUnsavedChanges: async (_win, name) => {
      dialogs.asked.push(`unsaved:${name}`);
      return dialogs.unsavedAnswers.shift() ?? 'cancel';
    },
    showError: (_win, message) => {
      dialogs.asked.push(`error:${message}`);
    },
  };
  return dialogs;
}
