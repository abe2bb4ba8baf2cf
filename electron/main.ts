/**
 * The Electron main process: wires Electron's events to the shell
 * (shell/app-shell.ts), which holds the logic. What stays here is the
 * security setup that only Electron can do: the privileged app:// scheme and
 * its handler, hardened windows, denied navigation and pop-ups, permission
 * checks, and the IPC registration.
 */
import { BrowserWindow, Menu, app, ipcMain, protocol, session, shell as systemShell } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { dialogPort, windowPort } from './adapters.js';
import { createIpcRoutes } from './ipc/router.js';
import { toElectronTemplate } from './menu/menu-template.js';
import { APP_ENTRY_URL, APP_SCHEME, serveAppRequest } from './shell/app-protocol.js';
import { AppShell } from './shell/app-shell.js';
import { documentsFromArgv } from './shell/argv.js';
import type { WindowPort } from './shell/ports.js';
import { isExternalLink, isPermissionAllowed } from './shell/security.js';
import { chromiumSwitches } from './shell/switches.js';
import { APP_NAME } from './shell/title.js';

const here = import.meta.dirname;
const rendererRoot = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, 'preload.cjs');
const log = (message: string): void => console.warn(`[bpstudio] ${message}`);

// Before `ready`: the name and data folder (tests point it elsewhere), GPU switches, and the privileged scheme.
app.setName(APP_NAME);
app.setPath('userData', process.env['BPSTUDIO_USER_DATA_DIR'] ?? path.join(app.getPath('appData'), APP_NAME));
for (const item of chromiumSwitches(process.platform, app.commandLine.getSwitchValue('enable-features'))) {
  if (item.value === undefined) app.commandLine.appendSwitch(item.name);
  else app.commandLine.appendSwitch(item.name, item.value);
}
// `secure` makes app:// a secure context, without which Chromium ignores the COOP/COEP headers the
// handler sends and the page never becomes cross-origin isolated (no SharedArrayBuffer for the CPU
// backend's threads); `standard` gives it the real origin those headers and the CSP's 'self' speak of.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (app.requestSingleInstanceLock()) start();
else app.quit();

function start(): void {
  const defaultApp = process.defaultApp === true;
  // Files named before the first window exists (macOS sends open-file even before `ready`) wait here.
  const early: string[] = [];
  let shell: AppShell | null = null;

  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    if (shell === null) early.push(filePath);
    else void shell.openDocuments([filePath]);
  });

  app.on('second-instance', (_event, argv, workingDirectory) => {
    const files = documentsFromArgv({ argv, cwd: workingDirectory, defaultApp });
    if (shell === null) early.push(...files);
    else if (files.length > 0) void shell.openDocuments(files);
    else shell.windows.target(null)?.port.focus();
  });

  void app.whenReady().then(async () => {
    protocol.handle(APP_SCHEME, async (request) => {
      const response = await serveAppRequest(request.url, rendererRoot);
      return new Response(response.body, { status: response.status, headers: response.headers });
    });
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
      callback(isPermissionAllowed(permission, details.requestingUrl)),
    );
    session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));

    const current = new AppShell({
      app: {
        platform: process.platform,
        isDev: !app.isPackaged,
        documentsDir: app.getPath('documents'),
        createWindow,
        focusedWindowId: () => BrowserWindow.getFocusedWindow()?.id ?? null,
        setMenu: (template) => Menu.setApplicationMenu(Menu.buildFromTemplate(toElectronTemplate(template, (action) => current.menuAction(action)))),
        addRecentDocument: (filePath) => {
          if (process.platform !== 'linux') app.addRecentDocument(filePath);
        },
        clearRecentDocuments: () => {
          if (process.platform !== 'linux') app.clearRecentDocuments();
        },
        quit: () => app.quit(),
        log,
      },
      dialogs: dialogPort,
      userDataDir: app.getPath('userData'),
    });
    const routes = createIpcRoutes(current, { log });
    for (const [channel, handler] of routes.invoke) ipcMain.handle(channel, (event, payload: unknown) => handler(event, payload));
    for (const [channel, handler] of routes.send) ipcMain.on(channel, (event, payload: unknown) => handler(event, payload));

    app.on('before-quit', () => current.beginQuit());
    app.on('window-all-closed', () => {
      if (process.platform !== 'darwin') app.quit();
    });
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) current.addWindow(createWindow());
    });

    await current.start();
    current.addWindow(createWindow());
    shell = current;
    await current.openDocuments([...documentsFromArgv({ argv: process.argv, cwd: process.cwd(), defaultApp }), ...early.splice(0)]);

    function createWindow(): WindowPort {
      const icon = path.join(here, '..', '..', 'assets', 'icon.png');
      const win = new BrowserWindow({
        width: 1280,
        height: 820,
        minWidth: 640,
        minHeight: 420,
        show: false,
        title: APP_NAME,
        backgroundColor: '#f7f7f5',
        ...(process.platform === 'linux' && existsSync(icon) ? { icon } : {}),
        webPreferences: {
          preload: preloadPath,
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          nodeIntegrationInWorker: false,
          nodeIntegrationInSubFrames: false,
          webSecurity: true,
          webviewTag: false,
          navigateOnDragDrop: false,
          spellcheck: false,
        },
      });
      const port = windowPort(win, process.platform);
      const id = win.id;
      const contents = win.webContents;
      // The app is one page: no link, drop or script may navigate any frame anywhere.
      contents.on('will-navigate', (event) => event.preventDefault());
      contents.on('will-frame-navigate', (event) => event.preventDefault());
      contents.on('will-redirect', (event) => event.preventDefault());
      contents.on('will-attach-webview', (event) => event.preventDefault());
      contents.setWindowOpenHandler(({ url }) => {
        if (isExternalLink(url)) void systemShell.openExternal(url);
        return { action: 'deny' };
      });
      contents.on('did-finish-load', () => current.windowLoaded(id));
      contents.on('render-process-gone', (_event, details) => {
        if (details.reason === 'clean-exit') return;
        log(`The page of window ${id} stopped (${details.reason}); reloading it.`);
        void current.rendererGone(id);
      });
      // Main owns the title (document name, dirty marker); the page's <title> must not replace it.
      win.on('page-title-updated', (event) => event.preventDefault());
      win.on('focus', () => current.windowFocused(id));
      win.on('close', (event) => {
        if (!current.shouldClose(id)) event.preventDefault();
      });
      win.on('closed', () => current.windowClosed(id));
      win.once('ready-to-show', () => win.show());
      void win.loadURL(APP_ENTRY_URL);
      return port;
    }
  });
}
