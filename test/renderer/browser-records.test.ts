import { describe, expect, it } from 'vitest';
import {
  addRecent,
  type BackupRecord,
  isGraphFileName,
  MAX_RECENT_TEXT,
  newSessionId,
  type RecentRecord,
  liveSessions,
  recoverableBackups,
  staleRecent,
  TAB_LOCK_PREFIX,
  textRecent,
  windowTitle,
  withExtension,
} from '../../renderer/host/browser-records.js';

const entry = (key: string, openedAt: number): RecentRecord => ({ key, name: `${key}.bpgraph`, openedAt });

describe('browser host records', () => {
  it('keeps recent files newest first, without duplicates, at most ten', () => {
    let list: RecentRecord[] = [];
    for (let i = 0; i < 12; i++) list = addRecent(list, entry(`f${i}`, i));
    expect(list.map((r) => r.key)).toEqual(['f11', 'f10', 'f9', 'f8', 'f7', 'f6', 'f5', 'f4', 'f3', 'f2']);
    list = addRecent(list, entry('f5', 100));
    expect(list[0]).toEqual(entry('f5', 100));
    expect(list.filter((r) => r.key === 'f5')).toHaveLength(1);
    expect(staleRecent([...list, entry('old', -1)]).map((r) => r.key)).toEqual(['old']);
  });

  it('remembers small files opened without a handle by their text', () => {
    expect(textRecent('a.bpgraph', '{}', 5)).toEqual({ key: 'text:a.bpgraph', name: 'a.bpgraph', openedAt: 5, text: '{}' });
    expect(textRecent('big.bpgraph', 'x'.repeat(MAX_RECENT_TEXT + 1), 5)).toBeUndefined();
  });

  it("offers other sessions' backups for recovery, newest first, never this session's own", () => {
    const records: BackupRecord[] = [
      { id: 'me', name: 'mine.bpgraph', text: '{}', savedAt: 30 },
      { id: 'tab-a', name: 'a.bpgraph', text: '{"a":1}', savedAt: 10 },
      { id: 'tab-b', name: 'b.bpgraph', text: '{"b":1}', savedAt: 20 },
      { id: 'tab-c', name: 'c.bpgraph', text: '', savedAt: 40 },
    ];
    expect(recoverableBackups(records, 'me')).toEqual([
      { id: 'tab-b', name: 'b.bpgraph', savedAt: 20, text: '{"b":1}' },
      { id: 'tab-a', name: 'a.bpgraph', savedAt: 10, text: '{"a":1}' },
    ]);
  });

  it('does not offer the backup of a tab that is still open, only that of one that went', () => {
    const records = [
      { id: 'tab-open', name: 'open.bpgraph', text: '{"o":1}', savedAt: 30 },
      { id: 'tab-crashed', name: 'crashed.bpgraph', text: '{"c":1}', savedAt: 20 },
    ];
    const live = liveSessions([`${TAB_LOCK_PREFIX}tab-open`, `${TAB_LOCK_PREFIX}me`, 'someone-else', undefined]);
    expect(live).toEqual(new Set(['tab-open', 'me']));
    expect(recoverableBackups(records, 'me', live).map((r) => r.id)).toEqual(['tab-crashed']);
  });

  it('names files and windows', () => {
    expect(withExtension('graph')).toBe('graph.bpgraph');
    expect(withExtension('graph.bpgraph')).toBe('graph.bpgraph');
    expect(withExtension('  ')).toBe('untitled.bpgraph');
    expect(isGraphFileName('a.BPGRAPH')).toBe(true);
    expect(isGraphFileName('a.png')).toBe(false);
    expect(windowTitle('add-mul.bpgraph', false)).toBe('add-mul.bpgraph — Backprop Studio');
    expect(windowTitle('add-mul.bpgraph', true)).toBe('• add-mul.bpgraph — Backprop Studio');
    expect(newSessionId(1, 0.5)).not.toBe(newSessionId(1, 0.25));
  });
});
