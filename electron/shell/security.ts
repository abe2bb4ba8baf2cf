/**
 * Decisions of the security checklist that main.ts applies to every window:
 * which permissions a page may have, and which links may leave the app (to
 * the user's browser, never inside a window of ours).
 */
import { APP_ORIGIN } from './app-protocol.js';

/** The only permissions the app's page needs: copying and pasting nodes through the clipboard. */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'clipboard-read']);

/** Whether `permission` may be granted to a page at `requestingUrl`. */
export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  let origin = '';
  try {
    const url = new URL(requestingUrl);
    origin = `${url.protocol}//${url.host}`;
  } catch {
    return false;
  }
  return origin === APP_ORIGIN && ALLOWED_PERMISSIONS.has(permission);
}

/** Whether a link the page tried to open in a new window should go to the system browser instead. */
export function isExternalLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}
