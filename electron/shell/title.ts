/**
 * The window title: `name.bpgraph — Backprop Studio`, with a `•` in front
 * while there are unsaved changes. macOS shows unsaved changes as a dot in the
 * close button instead (setDocumentEdited), so the title stays plain there.
 */
import path from 'node:path';
import type { DocumentState } from '../../core/host/bridge.js';

/** The product name, as in electron-builder.yml. */
export const APP_NAME = 'Backprop Studio';

const MAX_NAME = 120;
// Control characters, and bidirectional overrides that could make a file name display as something else.
const UNSAFE = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** The name shown for a document: its file name when saved, else the name the renderer gave it. */
export function displayName(state: DocumentState): string {
  const raw = state.path !== undefined ? path.basename(state.path) : state.name;
  const clean = raw.replace(UNSAFE, '').trim() || 'Untitled';
  return clean.length > MAX_NAME ? `${clean.slice(0, MAX_NAME - 1)}…` : clean;
}

/** The title for a window showing `state` (or no document yet). */
export function windowTitle(state: DocumentState | undefined, platform: NodeJS.Platform): string {
  if (state === undefined) return APP_NAME;
  const marker = state.dirty && platform !== 'darwin' ? '• ' : '';
  return `${marker}${displayName(state)} — ${APP_NAME}`;
}
