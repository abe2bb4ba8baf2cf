import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS } from '../../core/host/bridge.js';
import { buildMenuTemplate, toElectronTemplate, type MenuAction, type MenuItemSpec } from '../../electron/menu/menu-template.js';
import { windowTitle } from '../../electron/shell/title.js';

function flatten(items: readonly MenuItemSpec[]): MenuItemSpec[] {
  return items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);
}

function byLabel(items: readonly MenuItemSpec[], label: string): MenuItemSpec {
  const found = flatten(items).find((item) => item.label === label);
  if (found === undefined) throw new Error(`no menu item ${label}`);
  return found;
}

const recent = [
  { path: '/docs/a.bpgraph', name: 'a.bpgraph', openedAt: 2 },
  { path: '/docs/R&D/b.bpgraph', name: 'b.bpgraph', openedAt: 1 },
];

describe('menu template', () => {
  const linux = buildMenuTemplate({ platform: 'linux', isDev: false, recent, appName: 'Backprop Studio' });

  it('has the usual items with their shortcuts, each sending its command', () => {
    const expected: Array<[string, string | undefined, string]> = [
      ['New', 'CmdOrCtrl+N', 'new'],
      ['Open…', 'CmdOrCtrl+O', 'open'],
      ['Save', 'CmdOrCtrl+S', 'save'],
      ['Save As…', 'Shift+CmdOrCtrl+S', 'save-as'],
      ['Close', 'CmdOrCtrl+W', 'close'],
      ['Undo', 'CmdOrCtrl+Z', 'undo'],
      ['Redo', 'Shift+CmdOrCtrl+Z', 'redo'],
      ['Cut', 'CmdOrCtrl+X', 'cut'],
      ['Copy', 'CmdOrCtrl+C', 'copy'],
      ['Paste', 'CmdOrCtrl+V', 'paste'],
      ['Delete', 'Delete', 'delete'],
      ['Select All', 'CmdOrCtrl+A', 'select-all'],
      ['Zoom In', 'CmdOrCtrl+=', 'zoom-in'],
      ['Zoom Out', 'CmdOrCtrl+-', 'zoom-out'],
      ['Fit to Window', 'CmdOrCtrl+0', 'fit-view'],
      ['Add Node…', undefined, 'add-node'],
      ['Examples…', undefined, 'examples'],
    ];
    for (const [label, accelerator, command] of expected) {
      const item = byLabel(linux, label);
      expect(item.accelerator, label).toBe(accelerator);
      expect(item.action, label).toEqual({ kind: 'command', command });
    }
    expect(byLabel(linux, 'Delete').registerAccelerator).toBe(false);
    expect(byLabel(linux, 'Undo').registerAccelerator).toBeUndefined();
    const commands = new Set(flatten(linux).flatMap((item) => (item.action?.kind === 'command' ? [item.action.command] : [])));
    expect([...commands].sort()).toEqual([...MENU_COMMANDS].sort());
  });

  it('lists recent files in Open Recent, escaping & for menu mnemonics, with Clear', () => {
    const submenu = byLabel(linux, 'Open Recent').submenu ?? [];
    expect(submenu.map((item) => item.label ?? item.type)).toEqual(['/docs/a.bpgraph', '/docs/R&&D/b.bpgraph', 'separator', 'Clear Recently Opened']);
    expect(submenu[1]?.action).toEqual({ kind: 'open-recent', path: '/docs/R&D/b.bpgraph' });
    const empty = buildMenuTemplate({ platform: 'linux', isDev: false, recent: [], appName: 'B' });
    const emptySub = byLabel(empty, 'Open Recent').submenu ?? [];
    expect(emptySub[0]).toEqual({ label: 'No Recent Files', enabled: false });
    expect(byLabel(empty, 'Clear Recently Opened').enabled).toBe(false);
  });

  it('has developer tools only in development', () => {
    expect(flatten(linux).some((item) => item.action?.kind === 'toggle-devtools')).toBe(false);
    const dev = buildMenuTemplate({ platform: 'linux', isDev: true, recent: [], appName: 'B' });
    expect(byLabel(dev, 'Toggle Developer Tools')).toMatchObject({ accelerator: 'Ctrl+Shift+I', action: { kind: 'toggle-devtools' } });
  });

  it('follows each platform: macOS app menu, Windows redo, Quit placement', () => {
    const mac = buildMenuTemplate({ platform: 'darwin', isDev: true, recent: [], appName: 'Backprop Studio' });
    expect(mac[0]?.label).toBe('Backprop Studio');
    expect((mac[0]?.submenu ?? []).map((item) => item.role).filter(Boolean)).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(mac.at(-1)?.role).toBe('windowMenu');
    expect(byLabel(mac, 'Toggle Developer Tools').accelerator).toBe('Alt+Command+I');
    expect(flatten(mac).filter((item) => item.role === 'quit').length).toBe(1);
    const win = buildMenuTemplate({ platform: 'win32', isDev: false, recent: [], appName: 'B' });
    expect(byLabel(win, 'Redo').accelerator).toBe('Ctrl+Y');
    expect(byLabel(win, 'Quit')).toMatchObject({ role: 'quit', accelerator: 'Ctrl+Q' });
  });

  it('becomes an Electron template whose clicks call back with the action', () => {
    const actions: MenuAction[] = [];
    const template = toElectronTemplate(linux, (action) => actions.push(action));
    const file = template[0];
    const submenu = Array.isArray(file?.submenu) ? file.submenu : [];
    const save = submenu.find((item) => item.label === 'Save');
    expect(save?.accelerator).toBe('CmdOrCtrl+S');
    save?.click?.({} as never, undefined, {} as never);
    expect(actions).toEqual([{ kind: 'command', command: 'save' }]);
  });
});

describe('window title', () => {
  it('shows the file name and the product, with a dirty marker', () => {
    expect(windowTitle({ name: 'add-mul.bpgraph', path: '/g/add-mul.bpgraph', dirty: false }, 'linux')).toBe('add-mul.bpgraph — Backprop Studio');
    expect(windowTitle({ name: 'add-mul.bpgraph', path: '/g/add-mul.bpgraph', dirty: true }, 'win32')).toBe('• add-mul.bpgraph — Backprop Studio');
    expect(windowTitle({ name: 'Untitled', dirty: true }, 'linux')).toBe('• Untitled — Backprop Studio');
    expect(windowTitle(undefined, 'linux')).toBe('Backprop Studio');
  });

  it('prefers the file name of the path, leaves the marker to macOS’s close button', () => {
    expect(windowTitle({ name: 'f = (x + y) z', path: '/g/add-mul.bpgraph', dirty: true }, 'darwin')).toBe('add-mul.bpgraph — Backprop Studio');
  });

  it('strips control and direction-override characters, and shortens long names', () => {
    expect(windowTitle({ name: 'evil\u202Egpj.bpgraph\n', dirty: false }, 'linux')).toBe('evilgpj.bpgraph — Backprop Studio');
    const long = windowTitle({ name: 'x'.repeat(300), dirty: false }, 'linux');
    expect(long.startsWith('x'.repeat(119) + '…')).toBe(true);
    expect(windowTitle({ name: '\u0007', dirty: false }, 'linux')).toBe('Untitled — Backprop Studio');
  });
});
