/** The debug slice driven through the store (no React), and the debugger's keys. */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { runGraph } from '../../core/studio/run-graph.js';
import { commandForKey, type KeyInfo } from '../../renderer/app/shortcuts.js';
import { buildTrace } from '../../renderer/model/debug-trace.js';
import { debugNodeClass, selectDebugStep } from '../../renderer/store/debug-selectors.js';
import { createAppStore } from '../../renderer/store/store.js';
import { example } from './helpers.js';

const key = (k: string, over: Partial<KeyInfo> = {}): KeyInfo => ({ key: k, mod: false, shift: false, alt: false, inText: false, ...over });

async function debugging() {
  const doc = example('add-mul.bpgraph');
  const store = createAppStore(doc);
  const reply = await runGraph(doc, createCpuBackend(), {});
  if (!reply.ok) throw new Error(reply.message);
  store.getState().setDebugTrace(buildTrace(reply));
  const at = () => {
    const step = selectDebugStep(store.getState());
    return `${step?.phase}:${step?.node}`;
  };
  return { store, at };
}

describe('debug slice', () => {
  it('moves the cursor: step, back, continue to breakpoints, skip to backward, end, restart', async () => {
    const { store, at } = await debugging();
    const s = () => store.getState();
    expect(at()).toBe('forward:x');
    s().debugMove('back');
    expect(at()).toBe('forward:x');
    s().debugMove('next');
    expect(at()).toBe('forward:y');
    s().toggleBreakpoint('q');
    s().debugMove('continue');
    expect(at()).toBe('forward:q');
    s().debugMove('continue');
    expect(at()).toBe('backward:q');
    s().debugMove('continue');
    expect(at()).toBe('backward:x');
    s().debugMove('restart');
    s().debugMove('backward');
    expect(at()).toBe('backward:f');
    s().debugMove('end');
    expect(at()).toBe('backward:x');
  });

  it('marks the current card and the inputs it sends gradients to', async () => {
    const { store } = await debugging();
    store.getState().debugMove('backward');
    store.getState().toggleBreakpoint('z');
    const cls = (id: string) => debugNodeClass(store.getState(), id).trim();
    expect(cls('f')).toBe('debug-current debug-backward');
    expect(cls('q')).toBe('debug-receives');
    expect(cls('z')).toBe('debug-receives has-breakpoint');
    expect(cls('x')).toBe('');
    store.getState().setDebugTrace(null);
    expect(cls('f')).toBe('');
    expect(cls('z')).toBe('has-breakpoint');
  });

  it('stops playback at the end and at a breakpoint', async () => {
    const { store, at } = await debugging();
    const s = () => store.getState();
    s().toggleBreakpoint('z');
    s().setDebugPlay({ playing: true });
    while (s().debugPlay.playing) s().debugMove('next');
    expect(at()).toBe('forward:z');
    s().setDebugPlay({ playing: true });
    while (s().debugPlay.playing) s().debugMove('next');
    expect(at()).toBe('backward:z');
    s().toggleBreakpoint('z');
    s().setDebugPlay({ playing: true });
    while (s().debugPlay.playing) s().debugMove('next');
    expect(at()).toBe('backward:x');
  });

  it('forgets breakpoints on deleted nodes', async () => {
    const { store } = await debugging();
    store.getState().toggleBreakpoint('q');
    store.getState().toggleBreakpoint('z');
    store.getState().pruneBreakpoints(new Set(['q']));
    expect([...store.getState().breakpoints]).toEqual(['q']);
  });
});

describe('debugger keys', () => {
  it('F10 steps, Shift+F10 steps back, F5 continues, Shift+F5 stops, F9 toggles a breakpoint', () => {
    expect(commandForKey(key('F10'), false)).toBe('debug-step');
    expect(commandForKey(key('F10', { shift: true }), true)).toBe('debug-back');
    expect(commandForKey(key('F5'), true)).toBe('debug-continue');
    expect(commandForKey(key('F5', { shift: true }), false)).toBe('debug-stop');
    expect(commandForKey(key('F9', { inText: true }), false)).toBe('debug-breakpoint');
    expect(commandForKey(key('F5', { mod: true }), false)).toBeUndefined();
  });
});
