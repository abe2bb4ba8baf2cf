/**
 * Document commands: the only way the document changes. Each says what it
 * does (the label in Undo's tooltip) and whether it records a history step;
 * applying one is a pure function from document to document (or a refusal
 * with the reason the editor shows).
 */
import type { GraphDoc } from '../../core/graph/types.js';
import { assertNever } from '../../core/ops/attrs.js';
import { getOp } from '../../core/ops/registry.js';
import {
  addNode,
  connect,
  type EditResult,
  moveNodes,
  removeElements,
  renameNode,
  setAttr,
  setLabel,
  setMetaText,
  setOutput,
  type XY,
} from '../model/doc-edit.js';
import { type Fragment, pasteFragment } from '../model/fragment.js';
import { edgeIds } from '../model/graph-queries.js';

export type DocCommand =
  | { readonly kind: 'add-node'; readonly op: string; readonly at: XY }
  | { readonly kind: 'paste'; readonly fragment: Fragment; readonly place: { readonly at: XY } | { readonly offset: XY }; readonly label?: string }
  /** `edges` are canvas edge ids (model/graph-queries.ts edgeIds). */
  | { readonly kind: 'delete'; readonly nodes: readonly string[]; readonly edges: readonly string[] }
  | { readonly kind: 'connect'; readonly from: string; readonly to: string; readonly port: string }
  /** `record: false` while a drag is in progress; the drag's end records one step (see the document slice's gestures). */
  | { readonly kind: 'move'; readonly positions: ReadonlyMap<string, XY>; readonly record: boolean; readonly merge?: string }
  | { readonly kind: 'set-attr'; readonly node: string; readonly name: string; readonly value: unknown }
  | { readonly kind: 'set-label'; readonly node: string; readonly label: string }
  | { readonly kind: 'rename'; readonly node: string; readonly to: string }
  | { readonly kind: 'set-output'; readonly node: string }
  | { readonly kind: 'set-meta'; readonly key: string; readonly value: string }
  /** Automatic layout: recorded when the user asks for it, not when a file without positions is opened. */
  | { readonly kind: 'layout'; readonly positions: ReadonlyMap<string, XY>; readonly record: boolean }
  /** The training block, as the training panel edits it (undefined removes it); `merge` joins a burst of typing into one step. */
  | { readonly kind: 'set-training'; readonly training: Readonly<Record<string, unknown>> | undefined; readonly merge?: string }
  /** Trained weights written back: `trained` is the document the engine exported; its nodes' attrs replace ours, node by node. */
  | { readonly kind: 'train'; readonly trained: GraphDoc }
  /** Params with an initialiser (a `shape`) lose their stored value, so the next run draws them afresh from the seed. */
  | { readonly kind: 'reset-weights' };

export interface CommandInfo {
  readonly label: string;
  readonly record: boolean;
  readonly merge?: string;
}

export function commandInfo(cmd: DocCommand): CommandInfo {
  switch (cmd.kind) {
    case 'add-node':
      return { label: `add ${cmd.op}`, record: true };
    case 'paste':
      return { label: cmd.label ?? 'paste', record: true };
    case 'delete':
      return { label: 'delete', record: true };
    case 'connect':
      return { label: `connect ${cmd.from} → ${cmd.to}.${cmd.port}`, record: true };
    case 'move':
      return { label: 'move', record: cmd.record, merge: cmd.merge };
    case 'set-attr':
      return { label: `set ${cmd.node}.${cmd.name}`, record: true, merge: `attr:${cmd.node}:${cmd.name}` };
    case 'set-label':
      return { label: `label ${cmd.node}`, record: true, merge: `label:${cmd.node}` };
    case 'rename':
      return { label: `rename ${cmd.node} to ${cmd.to}`, record: true };
    case 'set-output':
      return { label: `output ${cmd.node}`, record: true };
    case 'set-meta':
      return { label: `set ${cmd.key}`, record: true, merge: `meta:${cmd.key}` };
    case 'layout':
      return { label: 'automatic layout', record: cmd.record };
    case 'set-training':
      return { label: 'training settings', record: true, merge: cmd.merge };
    case 'train':
      return { label: 'train', record: true };
    case 'reset-weights':
      return { label: 'reset weights', record: true };
    default:
      return assertNever(cmd);
  }
}

/** Applies a command; pure. */
export function applyCommand(doc: GraphDoc, cmd: DocCommand): EditResult {
  switch (cmd.kind) {
    case 'add-node':
      return addNode(doc, cmd.op, cmd.at);
    case 'paste':
      return pasteFragment(doc, cmd.fragment, cmd.place);
    case 'delete': {
      const wanted = new Set(cmd.edges);
      const indices = new Set<number>();
      edgeIds(doc.edges).forEach((id, i) => {
        if (wanted.has(id)) indices.add(i);
      });
      return removeElements(doc, new Set(cmd.nodes), indices);
    }
    case 'connect':
      return connect(doc, cmd.from, cmd.to, cmd.port);
    case 'move':
    case 'layout':
      return { ok: true, doc: moveNodes(doc, cmd.positions) };
    case 'set-attr':
      return existing(doc, cmd.node) ?? { ok: true, doc: setAttr(doc, cmd.node, cmd.name, cmd.value) };
    case 'set-label':
      return existing(doc, cmd.node) ?? { ok: true, doc: setLabel(doc, cmd.node, cmd.label) };
    case 'rename':
      return renameNode(doc, cmd.node, cmd.to);
    case 'set-output':
      return setOutput(doc, cmd.node);
    case 'set-meta':
      return { ok: true, doc: setMetaText(doc, cmd.key, cmd.value) };
    case 'set-training': {
      const { training: _old, ...rest } = doc;
      return { ok: true, doc: cmd.training === undefined ? rest : { ...rest, training: cmd.training } };
    }
    case 'train':
      return { ok: true, doc: withTrainedValues(doc, cmd.trained) };
    case 'reset-weights':
      return { ok: true, doc: withoutStoredWeights(doc) };
    default:
      return assertNever(cmd);
  }
}

/**
 * `doc` with the tensors training changed (a param's value, batchnorm's running statistics: the
 * tensor-typed attrs) taken from the engine's trained document; every other attr stays ours, so a
 * param frozen while the run went on stays frozen.
 */
function withTrainedValues(doc: GraphDoc, trained: GraphDoc): GraphDoc {
  const byId = new Map(trained.nodes.map((n) => [n.id, n]));
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    const t = byId.get(n.id);
    const specs = getOp(n.op)?.attrs ?? {};
    if (!t?.attrs || t.op !== n.op) return n;
    const updates: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(t.attrs)) {
      if (specs[key]?.type === 'tensor' && JSON.stringify(value) !== JSON.stringify(n.attrs?.[key])) updates[key] = value;
    }
    if (Object.keys(updates).length === 0) return n;
    changed = true;
    return { ...n, attrs: { ...n.attrs, ...updates } };
  });
  return changed ? { ...doc, nodes } : doc;
}

function withoutStoredWeights(doc: GraphDoc): GraphDoc {
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    if (n.op !== 'param' || n.attrs?.['value'] === undefined || n.attrs['shape'] === undefined) return n;
    changed = true;
    const { value: _value, ...attrs } = n.attrs;
    return { ...n, attrs };
  });
  return changed ? { ...doc, nodes } : doc;
}

function existing(doc: GraphDoc, id: string): EditResult | undefined {
  return doc.nodes.some((n) => n.id === id) ? undefined : { ok: false, reason: `node "${id}" does not exist` };
}
