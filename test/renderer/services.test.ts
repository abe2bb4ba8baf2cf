import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAnalysis, startBackups, startTitleReports } from '../../renderer/app/services.js';
import type { BackupState, DocumentStatus, Host } from '../../renderer/host/host.js';
import { createAppStore } from '../../renderer/store/store.js';
import { example } from './helpers.js';

/** A host that records what the services tell it; the calls they never make fail the test. */
function recordingHost(): { host: Host; backups: BackupState[]; states: DocumentStatus[] } {
  const backups: BackupState[] = [];
  const states: DocumentStatus[] = [];
  const unused = (): never => {
    throw new Error('not used by the services');
  };
  const host: Host = {
    kind: 'browser',
    nativeMenu: false,
    openDialog: unused,
    openDropped: unused,
    save: unused,
    recentFiles: unused,
    openRecent: unused,
    documentState: (s) => states.push(s),
    backup: (b) => backups.push(b),
    recoverable: unused,
    discardRecoverable: unused,
    onMenu: unused,
    onOpenFile: unused,
    onOpenFailed: unused,
  };
  return { host, backups, states };
}

describe('background services', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('backs up about a second after the last edit, and drops the backup once saved', () => {
    const store = createAppStore(example('add-mul.bpgraph'), { name: 'add-mul.bpgraph' });
    const { host, backups } = recordingHost();
    const stop = startBackups(store, host);
    store.getState().dispatch({ kind: 'set-attr', node: 'x', name: 'value', value: 1 });
    vi.advanceTimersByTime(500);
    store.getState().dispatch({ kind: 'set-attr', node: 'x', name: 'value', value: 2 });
    vi.advanceTimersByTime(900);
    expect(backups).toHaveLength(0);
    vi.advanceTimersByTime(200);
    expect(backups).toHaveLength(1);
    expect(backups[0].text).toContain('"value": 2');
    store.getState().markSaved({ name: 'add-mul.bpgraph', path: '/x/add-mul.bpgraph' }, store.getState().doc);
    vi.advanceTimersByTime(10);
    expect(backups.at(-1)).toEqual({ text: null, name: 'add-mul.bpgraph', path: '/x/add-mul.bpgraph' });
    stop();
  });

  it('reports the name and dirty state when they change', () => {
    const store = createAppStore(example('add-mul.bpgraph'), { name: 'add-mul.bpgraph' });
    const { host, states } = recordingHost();
    const stop = startTitleReports(store, host);
    store.getState().select(['x']);
    store.getState().dispatch({ kind: 'move', positions: new Map([['x', { x: 0, y: 0 }]]), record: true });
    store.getState().dispatch({ kind: 'move', positions: new Map([['x', { x: 10, y: 0 }]]), record: true });
    store.getState().undo();
    store.getState().undo();
    expect(states).toEqual([
      { name: 'add-mul.bpgraph', dirty: false },
      { name: 'add-mul.bpgraph', dirty: true },
      { name: 'add-mul.bpgraph', dirty: false },
    ]);
    stop();
  });

  it('diagnoses at once after a load and debounced after edits', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    const stop = startAnalysis(store);
    expect(store.getState().analysis.shapes.get('f')).toEqual([]);
    store.getState().dispatch({ kind: 'delete', nodes: [], edges: ['x->q.a'] });
    expect(store.getState().analysis.problems).toHaveLength(0);
    vi.advanceTimersByTime(200);
    expect(store.getState().analysis.nodeProblems.get('q')?.[0]).toMatch(/port "a" of add is not connected/);
    stop();
  });
});
