/** Window-level keyboard shortcuts and clipboard events, routed to the one command dispatcher. */
import { useEffect } from 'react';
import type { Host } from '../host/host.js';
import { type AppCommand, isTextTarget, openSearchAtPointer, pasteFromClipboardEvent } from '../app/app-commands.js';
import { commandForKey, nudgeForKey } from '../app/shortcuts.js';
import type { AppStore } from '../store/store.js';

export function useShortcuts(store: AppStore, host: Host, run: (cmd: AppCommand) => void): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const s = store.getState();
      // A dialog or the search box handles its own keys.
      if (s.modal !== null || e.defaultPrevented) return;
      const k = { key: e.key, mod: e.ctrlKey || e.metaKey, shift: e.shiftKey, alt: e.altKey, inText: isTextTarget(e.target) };
      if (e.key === 'Escape' && !k.inText) {
        if (s.search) s.openSearch(null);
        else s.clearSelection();
        return;
      }
      if (s.search) return;
      if (nudgeForKey(store, k)) {
        e.preventDefault();
        return;
      }
      const cmd = commandForKey(k, host.nativeMenu);
      if (!cmd) return;
      e.preventDefault();
      if (cmd === 'search') openSearchAtPointer(store);
      else run(cmd);
    };
    const onPaste = (e: ClipboardEvent) => pasteFromClipboardEvent(e, store);
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('paste', onPaste);
    };
  }, [store, host, run]);
}
