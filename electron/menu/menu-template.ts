/**
 * The native menu as plain data, built by a pure function so that tests can
 * check every item and shortcut without Electron. Items either use one of
 * Electron's roles (quit, hide, full screen, ...) or carry an action that the
 * shell carries out: most send a MenuCommand to the focused window's renderer.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, RecentEntry } from '../../core/host/bridge.js';

/** What a menu item does when clicked. */
export type MenuAction =
  | { readonly kind: 'command'; readonly command: MenuCommand }
  | { readonly kind: 'open-recent'; readonly path: string }
  | { readonly kind: 'clear-recent' }
  | { readonly kind: 'toggle-devtools' };

/** One menu item as data. */
export interface MenuItemSpec {
  readonly label?: string;
  readonly accelerator?: string;
  /** Linux/Windows: false shows the shortcut but leaves the key to the page. */
  readonly registerAccelerator?: boolean;
  readonly role?: NonNullable<MenuItemConstructorOptions['role']>;
  readonly type?: 'separator' | 'submenu';
  readonly enabled?: boolean;
  readonly action?: MenuAction;
  readonly submenu?: readonly MenuItemSpec[];
}

/** What the menu depends on. */
export interface MenuContext {
  readonly platform: NodeJS.Platform;
  /** Unpackaged run: adds developer tools and reload. */
  readonly isDev: boolean;
  readonly recent: readonly RecentEntry[];
  readonly appName: string;
}

const separator: MenuItemSpec = { type: 'separator' };

function command(label: string, name: MenuCommand, accelerator?: string): MenuItemSpec {
  return { label, action: { kind: 'command', command: name }, ...(accelerator === undefined ? {} : { accelerator }) };
}

function recentSubmenu(recent: readonly RecentEntry[]): MenuItemSpec[] {
  const items: MenuItemSpec[] = recent.map((entry) => ({
    // A path can contain '&', which Windows and Linux menus read as a mnemonic marker.
    label: entry.path.replace(/&/g, '&&'),
    action: { kind: 'open-recent', path: entry.path },
  }));
  if (items.length === 0) items.push({ label: 'No Recent Files', enabled: false });
  return [...items, separator, { label: 'Clear Recently Opened', enabled: recent.length > 0, action: { kind: 'clear-recent' } }];
}

/** The application menu for `context`. */
export function buildMenuTemplate(context: MenuContext): MenuItemSpec[] {
  const mac = context.platform === 'darwin';
  const fileMenu: MenuItemSpec = {
    label: '&File',
    submenu: [
      command('New', 'new', 'CmdOrCtrl+N'),
      command('Open…', 'open', 'CmdOrCtrl+O'),
      { label: 'Open Recent', type: 'submenu', submenu: recentSubmenu(context.recent) },
      command('Examples…', 'examples'),
      separator,
      command('Save', 'save', 'CmdOrCtrl+S'),
      command('Save As…', 'save-as', 'Shift+CmdOrCtrl+S'),
      separator,
      command('Close', 'close', 'CmdOrCtrl+W'),
      ...(mac ? [] : [separator, { label: 'Quit', role: 'quit', accelerator: 'Ctrl+Q' } satisfies MenuItemSpec]),
    ],
  };
  const editMenu: MenuItemSpec = {
    label: '&Edit',
    submenu: [
      command('Undo', 'undo', 'CmdOrCtrl+Z'),
      command('Redo', 'redo', context.platform === 'win32' ? 'Ctrl+Y' : 'Shift+CmdOrCtrl+Z'),
      separator,
      command('Cut', 'cut', 'CmdOrCtrl+X'),
      command('Copy', 'copy', 'CmdOrCtrl+C'),
      command('Paste', 'paste', 'CmdOrCtrl+V'),
      // The page handles Delete/Backspace itself (also in text fields); the menu only shows the key.
      // macOS has no such option, and its menu consumes the key before the page, so the command arrives once there too.
      { ...command('Delete', 'delete', 'Delete'), ...(mac ? {} : { registerAccelerator: false }) },
      command('Select All', 'select-all', 'CmdOrCtrl+A'),
      separator,
      command('Add Node…', 'add-node'),
    ],
  };
  const viewMenu: MenuItemSpec = {
    label: '&View',
    submenu: [
      command('Zoom In', 'zoom-in', 'CmdOrCtrl+='),
      command('Zoom Out', 'zoom-out', 'CmdOrCtrl+-'),
      command('Fit to Window', 'fit-view', 'CmdOrCtrl+0'),
      separator,
      { role: 'togglefullscreen' },
      ...(context.isDev
        ? [
            separator,
            { label: 'Toggle Developer Tools', accelerator: mac ? 'Alt+Command+I' : 'Ctrl+Shift+I', action: { kind: 'toggle-devtools' } } satisfies MenuItemSpec,
            { role: 'forceReload' } satisfies MenuItemSpec,
          ]
        : []),
    ],
  };
  const appMenu: MenuItemSpec = {
    label: context.appName,
    submenu: [
      { role: 'about' },
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };
  return mac ? [appMenu, fileMenu, editMenu, viewMenu, { role: 'windowMenu' }] : [fileMenu, editMenu, viewMenu];
}

/**
 * Turns the data into Electron's template, wiring each action to `onAction`.
 * Pure as well: `click` only calls back.
 */
export function toElectronTemplate(items: readonly MenuItemSpec[], onAction: (action: MenuAction) => void): MenuItemConstructorOptions[] {
  return items.map((item) => {
    const out: MenuItemConstructorOptions = {};
    if (item.label !== undefined) out.label = item.label;
    if (item.accelerator !== undefined) out.accelerator = item.accelerator;
    if (item.registerAccelerator !== undefined) out.registerAccelerator = item.registerAccelerator;
    if (item.role !== undefined) out.role = item.role;
    if (item.type !== undefined) out.type = item.type;
    if (item.enabled !== undefined) out.enabled = item.enabled;
    if (item.submenu !== undefined) out.submenu = toElectronTemplate(item.submenu, onAction);
    const { action } = item;
    if (action !== undefined) out.click = () => onAction(action);
    return out;
  });
}
