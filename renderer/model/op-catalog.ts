/**
 * Everything the editor shows about ops comes from core's registry: palette
 * groups, search, the attrs a card shows inline, and a new node's starting
 * attrs. Nothing here names a particular op, so an op added to core appears
 * in the editor as it is.
 */
import type { AttrSpec } from '../../core/ops/attrs.js';
import { OP_CATEGORIES, type OpCategory, type OpDef } from '../../core/ops/define-op.js';
import { allOps } from '../../core/ops/registry.js';
import type { GraphNode } from '../../core/graph/types.js';

export interface PaletteGroup {
  readonly category: OpCategory;
  readonly ops: readonly OpDef[];
}

/** Ops grouped by category, in the registry's category order. */
export function paletteGroups(ops: readonly OpDef[] = allOps()): PaletteGroup[] {
  return OP_CATEGORIES.map((category) => ({ category, ops: ops.filter((op) => op.category === category) })).filter((g) => g.ops.length > 0);
}

/**
 * Ops matching `query`, best first: name or label starting with it, then
 * containing it, then category or description containing it; ties keep the
 * registry's order. An empty query lists every op.
 */
export function searchOps(query: string, ops: readonly OpDef[] = allOps()): OpDef[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...ops];
  const rank = (op: OpDef): number => {
    const name = op.name.toLowerCase();
    const label = op.label.toLowerCase();
    if (name === q || label === q) return 0;
    if (name.startsWith(q) || label.startsWith(q)) return 1;
    if (name.includes(q) || label.includes(q) || name.replace(/_/g, ' ').includes(q)) return 2;
    if (op.category.includes(q)) return 3;
    if (op.description.toLowerCase().includes(q)) return 4;
    return -1;
  };
  return ops
    .map((op, i) => ({ op, i, r: rank(op) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.op);
}

/** Attrs a card edits inline: not tensors (those have the value row), the ones the node sets, or all of them when the op has at most two. */
export function inlineAttrs(op: OpDef, node: GraphNode): [string, AttrSpec][] {
  const typed = Object.entries(op.attrs).filter(([, spec]) => spec.type !== 'tensor');
  if (typed.length <= 2) return typed;
  return typed.filter(([name]) => node.attrs?.[name] !== undefined);
}

/** The op's tensor attrs (a source's `value`), shown as a value preview and edited in the inspector. */
export function tensorAttrs(op: OpDef): string[] {
  return Object.entries(op.attrs)
    .filter(([, spec]) => spec.type === 'tensor')
    .map(([name]) => name);
}

/** Attrs a new node starts with: tensor attrs hold 0, so a fresh source is valid (a scalar) until the user gives it a value. */
export function initialAttrs(op: OpDef): Record<string, unknown> | undefined {
  const names = tensorAttrs(op);
  return names.length ? Object.fromEntries(names.map((n) => [n, 0])) : undefined;
}

/**
 * Card geometry, shared with the stylesheet (renderer/styles/canvas.css) so that layouts of unmeasured nodes fit.
 * Cards are as wide as their head and attr rows need, between `width` and `maxWidth`.
 */
export const CARD = { width: 120, maxWidth: 240, header: 24, row: 16, attrRow: 22, padding: 8 } as const;

/** Average advance of a character at the card's 11 px (semi-bold) and 10 px fonts: an estimate, the card measures itself once drawn. */
const CHAR_11 = 6.6;
const CHAR_10 = 5.8;

/** What an attr field shows: its value, or for a select the longest choice (a select is as wide as its widest option). */
function attrText(spec: AttrSpec, raw: unknown): string {
  if (spec.type === 'enum') return spec.values.reduce((a, b) => (b.length > a.length ? b : a), '');
  const v = raw ?? ('default' in spec ? spec.default : undefined);
  return v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
}

/** The width a card will take: its head (op chip, label, badge) or its widest attr row, within the card's bounds. */
function estimateCardWidth(op: OpDef, node: GraphNode): number {
  const label = typeof node.ui?.['label'] === 'string' && node.ui['label'] !== '' ? node.ui['label'] : node.id;
  // Border and margins, the op chip with its padding, the gaps, the label, the head's right padding.
  const head = 3 + 5 + Math.max(24, op.label.length * CHAR_11 + 8) + 5 + label.length * CHAR_11 + 6;
  const rows = inlineAttrs(op, node).map(([name, spec]) => 8 + name.length * CHAR_10 + 4 + Math.max(4, attrText(spec, node.attrs?.[name]).length) * CHAR_11 + 12 + 6);
  return Math.round(Math.min(CARD.maxWidth, Math.max(CARD.width, head, ...rows)));
}

/** The size a card will have once rendered, for laying out nodes that have not been drawn yet. */
export function estimateCardSize(op: OpDef | undefined, node: GraphNode): { width: number; height: number } {
  if (!op) return { width: CARD.width, height: CARD.header + CARD.row + CARD.padding };
  const rows = op.inputs.length + (tensorAttrs(op).length ? 1 : 0);
  const height = CARD.header + CARD.padding + Math.max(rows, 1) * CARD.row + inlineAttrs(op, node).length * CARD.attrRow;
  return { width: estimateCardWidth(op, node), height };
}
