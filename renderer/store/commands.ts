/**
 * Document commands: the only way the document changes. Each says what it
 * does (the label in Undo's tooltip) and whether it records a history step;
 * applying one is a pure function from document to document (or a refusal
 * with the reason the editor shows).
 */
import type { GraphDoc } from '../../core/graph/types.js';
import { assertNever } from '../../core/ops/attrs.js';
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
  | { readonly kind: 'layout'; readonly positions: ReadonlyMap<string, XY>; readonly record: boolean };

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
    default:
      return assertNever(cmd);
  }
}

function existing(doc: GraphDoc, id: string): EditResult | undefined {
  return doc.nodes.some((n) => n.id === id) ? undefined : { ok: false, reason: `node "${id}" does not exist` };
}
