import { describe, expect, it } from 'vitest';
import { writeGraph } from '../../core/graph/write.js';
import { EMPTY_ANALYSIS } from '../../renderer/model/analysis.js';
import { createAppStore } from '../../renderer/store/store.js';
import { selectResultsStale, selectRunOutOfDate } from '../../renderer/store/selectors.js';
import { addOp, nudgeSelection } from '../../renderer/store/edit-actions.js';
import { example } from './helpers.js';

const isDirty = (store: ReturnType<typeof createAppStore>): boolean => store.getState().doc !== store.getState().cleanDoc;

describe('document commands and undo/redo', () => {
  it('records one step per command and undoes back to the very same document', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    const original = store.getState().doc;
    const id = addOp(store, 'tanh', { x: 500, y: 40 });
    expect(id).toBe('tanh1');
    expect(store.getState().history.past).toHaveLength(1);
    expect(isDirty(store)).toBe(true);
    store.getState().undo();
    expect(store.getState().doc).toBe(original);
    expect(isDirty(store)).toBe(false);
    store.getState().redo();
    expect(store.getState().doc.nodes.map((n) => n.id)).toContain('tanh1');
    expect(store.getState().history.future).toHaveLength(0);
  });

  it('records a drag as one step when it ends', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    const before = store.getState().doc;
    const s = store.getState();
    s.beginGesture();
    for (let i = 1; i <= 5; i++) s.dispatch({ kind: 'move', positions: new Map([['q', { x: 200 + 10 * i, y: 40 }]]), record: false });
    expect(store.getState().history.past).toHaveLength(0);
    store.getState().endGesture();
    expect(store.getState().history.past).toHaveLength(1);
    expect(store.getState().doc.nodes.find((n) => n.id === 'q')?.ui).toEqual({ x: 250, y: 40 });
    store.getState().undo();
    expect(store.getState().doc).toBe(before);
  });

  it('records nothing for a drag that did not move anything', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    store.getState().beginGesture();
    store.getState().endGesture();
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('never puts selection in history', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    store.getState().select(['x', 'y']);
    store.getState().selectAll();
    expect(store.getState().history.past).toHaveLength(0);
    addOp(store, 'exp', { x: 0, y: 300 });
    expect(store.getState().selection.nodes).toEqual(new Set(['exp1']));
    store.getState().undo();
    // exp1 is gone, so it leaves the selection; undo does not bring back older selections.
    expect(store.getState().selection.nodes.size).toBe(0);
  });

  it('merges a burst of arrow-key nudges into one step', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    store.getState().select(['x']);
    nudgeSelection(store, 10, 0);
    nudgeSelection(store, 10, 0);
    nudgeSelection(store, 0, 50);
    expect(store.getState().history.past).toHaveLength(1);
    expect(store.getState().doc.nodes.find((n) => n.id === 'x')?.ui).toEqual({ x: 60, y: 90 });
  });

  it('merges typing into one attr field but not edits of different fields', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    const s = store.getState();
    s.dispatch({ kind: 'set-attr', node: 'x', name: 'value', value: 1 });
    s.dispatch({ kind: 'set-attr', node: 'x', name: 'value', value: 12 });
    s.dispatch({ kind: 'set-attr', node: 'y', name: 'value', value: 3 });
    expect(store.getState().history.past).toHaveLength(2);
  });

  it('keeps run results current across moves, and out of date (still shown) when the computation changes', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    const result = { output: 'f', values: new Map(), grads: new Map(), edgeGrads: new Map(), order: [] };
    store.getState().setRun({ status: 'done', result });
    store.getState().dispatch({ kind: 'move', positions: new Map([['x', { x: 0, y: 0 }]]), record: true });
    store.getState().dispatch({ kind: 'set-label', node: 'x', label: 'first' });
    expect(store.getState().run.status).toBe('done');
    expect(selectRunOutOfDate(store.getState())).toBe(false);
    store.getState().dispatch({ kind: 'set-attr', node: 'x', name: 'value', value: 3 });
    expect(store.getState().run).toEqual({ status: 'done', result });
    expect(selectRunOutOfDate(store.getState())).toBe(true);
    // Nothing will refresh them (no live runner here): they are shown stale.
    expect(selectResultsStale(store.getState())).toBe(true);
  });

  it('calls off a Run under way when the computation changes, and clears results when another document opens', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    store.getState().setRun({ status: 'running' });
    store.getState().dispatch({ kind: 'set-attr', node: 'x', name: 'value', value: 3 });
    expect(store.getState().run.status).toBe('idle');
    store.getState().setRun({ status: 'done', result: { output: 'f', values: new Map(), grads: new Map(), edgeGrads: new Map(), order: [] } });
    store.getState().loadDocument(example('add-mul.bpgraph'), { name: 'again.bpgraph' });
    expect(store.getState().run.status).toBe('idle');
  });

  it('undoes every kind of edit in reverse order back to the file as loaded', () => {
    const doc = example('add-mul.bpgraph');
    const store = createAppStore(doc);
    const s = store.getState();
    s.dispatch({ kind: 'add-node', op: 'exp', at: { x: 520, y: 40 } });
    s.dispatch({ kind: 'connect', from: 'f', to: 'exp1', port: 'x' });
    s.dispatch({ kind: 'rename', node: 'exp1', to: 'e' });
    s.dispatch({ kind: 'set-label', node: 'e', label: 'exp of f' });
    s.dispatch({ kind: 'set-output', node: 'f' });
    s.dispatch({ kind: 'set-meta', key: 'name', value: 'changed' });
    s.dispatch({ kind: 'delete', nodes: ['z'], edges: [] });
    expect(store.getState().history.past).toHaveLength(7);
    for (let i = 0; i < 7; i++) store.getState().undo();
    expect(writeGraph(store.getState().doc)).toBe(writeGraph(doc));
    expect(store.getState().doc).toBe(doc);
    for (let i = 0; i < 7; i++) store.getState().redo();
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['x', 'y', 'q', 'f', 'e']);
    expect(store.getState().doc.output).toBe('f');
  });

  it('a recovered document starts dirty; saving makes it clean', () => {
    const store = createAppStore();
    const doc = example('add-mul.bpgraph');
    store.getState().loadDocument(doc, { name: 'add-mul.bpgraph' }, { dirty: true });
    expect(isDirty(store)).toBe(true);
    store.getState().markSaved({ name: 'add-mul.bpgraph', path: '/tmp/add-mul.bpgraph', token: '1' }, doc);
    expect(isDirty(store)).toBe(false);
  });
});

describe('the problems panel', () => {
  it('closes when the last problem is fixed, and stays open when opened with none', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    const s = store.getState();
    const withProblem = { ...EMPTY_ANALYSIS, problems: [{ node: 'q', message: 'shape mismatch' }] };
    s.setAnalysis(withProblem);
    s.setProblemsOpen(true);
    s.setAnalysis(withProblem);
    expect(store.getState().problemsOpen).toBe(true);
    s.setAnalysis(EMPTY_ANALYSIS);
    expect(store.getState().problemsOpen).toBe(false);
    s.setProblemsOpen(true);
    s.setAnalysis(EMPTY_ANALYSIS);
    expect(store.getState().problemsOpen).toBe(true);
  });
});
