/** Subscribes to what the host pushes: native menu commands, files to open, files that failed to open. */
import { useEffect } from 'react';
import type { AppCommand } from '../app/app-commands.js';
import type { DocumentActions } from '../app/document-actions.js';
import type { AppStore } from '../store/store.js';

export function useHostEvents(store: AppStore, actions: DocumentActions, run: (cmd: AppCommand) => void): void {
  useEffect(() => {
    const host = actions.host;
    const offs = [
      host.onMenu(run),
      host.onOpenFile((doc) => void actions.openPushed(doc)),
      host.onOpenFailed(({ path, message }) =>
        store.getState().openModal({ kind: 'problems', title: 'Could not open the file', intro: `${path} could not be opened:`, lines: [message] }),
      ),
    ];
    return () => offs.forEach((off) => off());
  }, [store, actions, run]);
}
