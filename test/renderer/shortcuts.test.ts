import { describe, expect, it } from 'vitest';
import { commandForKey, type KeyInfo } from '../../renderer/app/shortcuts.js';

const key = (k: string, over: Partial<KeyInfo> = {}): KeyInfo => ({ key: k, mod: false, shift: false, alt: false, inText: false, ...over });

describe('keyboard shortcuts', () => {
  it('maps the browser shortcuts to commands', () => {
    expect(commandForKey(key('s', { mod: true }), false)).toBe('save');
    expect(commandForKey(key('S', { mod: true, shift: true }), false)).toBe('save-as');
    expect(commandForKey(key('z', { mod: true }), false)).toBe('undo');
    expect(commandForKey(key('Z', { mod: true, shift: true }), false)).toBe('redo');
    expect(commandForKey(key('y', { mod: true }), false)).toBe('redo');
    expect(commandForKey(key('d', { mod: true }), false)).toBe('duplicate');
    expect(commandForKey(key('a', { mod: true }), false)).toBe('select-all');
    expect(commandForKey(key('Delete'), false)).toBe('delete');
    expect(commandForKey(key('Backspace'), false)).toBe('delete');
    expect(commandForKey(key('/'), false)).toBe('search');
  });

  it('leaves the keys a native menu owns to the menu', () => {
    for (const k of ['s', 'o', 'n', 'z', 'y', 'c', 'v', 'x', 'a']) expect(commandForKey(key(k, { mod: true }), true)).toBeUndefined();
    expect(commandForKey(key('d', { mod: true }), true)).toBe('duplicate');
    expect(commandForKey(key('Delete'), true)).toBe('delete');
  });

  it('leaves text fields their own editing keys', () => {
    const inText = { inText: true };
    expect(commandForKey(key('z', { mod: true, ...inText }), false)).toBeUndefined();
    expect(commandForKey(key('Backspace', inText), false)).toBeUndefined();
    expect(commandForKey(key('/', inText), false)).toBeUndefined();
    expect(commandForKey(key('s', { mod: true, ...inText }), false)).toBe('save');
  });
});
