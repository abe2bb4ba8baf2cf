/**
 * The response headers that make the editor's page cross-origin isolated,
 * sent by every server of it: main's app:// protocol
 * (electron/shell/app-protocol.ts, which the end-to-end tests' server reuses)
 * and Vite's dev server and preview (renderer/vite.config.ts). One list here
 * so that the desktop app and `npm run web` cannot drift apart.
 *
 * Why: the CPU backend's WebAssembly threads need one shared
 * `WebAssembly.Memory` (a SharedArrayBuffer) across workers, and browsers
 * hand SharedArrayBuffer only to cross-origin-isolated pages and the workers
 * they start. COOP same-origin keeps the page out of other origins' browsing
 * context groups; COEP require-corp refuses any cross-origin subresource that
 * has not agreed to be embedded, which costs the app nothing: it loads only
 * its own files (KaTeX's fonts, the digits asset and the workers included).
 * CORP same-origin on those files keeps other origins (another site on
 * localhost beside `npm run web`) from loading them into their own process,
 * where side channels could read them.
 */
export const CROSS_ORIGIN_ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
