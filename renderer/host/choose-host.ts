/** Picks the host: the Electron bridge when the preload exposed one, else the browser. */
import type { BridgeApi } from '../../core/host/bridge.js';
import { createBrowserHost } from './browser-host.js';
import { createElectronHost } from './electron-host.js';
import type { Host } from './host.js';

declare global {
  interface Window {
    /** Exposed by electron/preload through contextBridge; absent in a plain browser. */
    readonly bpstudio?: BridgeApi;
  }
}

export function chooseHost(): Host {
  return window.bpstudio ? createElectronHost(window.bpstudio) : createBrowserHost();
}
