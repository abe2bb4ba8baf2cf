/**
 * Text fields for typed attrs: what a field shows for a stored value, and the
 * value a typed text stands for, validated with core's resolveAttr so the
 * editor accepts exactly what the engine accepts and says why it refuses.
 */
import { type AttrSpec, assertNever, resolveAttr } from '../../core/ops/attrs.js';

export type ParsedAttr = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function toNumber(token: string): number | undefined {
  return NUMBER.test(token) ? Number(token) : undefined;
}

/** `[2, 3]`, `2, 3` and `2 3` all read as [2, 3]; undefined when a token is not a number. */
function toList(text: string): number[] | undefined {
  const inner = text.replace(/^\[/, '').replace(/\]$/, '').trim();
  if (inner === '') return [];
  const tokens = inner.split(/[\s,]+/).filter((t) => t !== '');
  const out: number[] = [];
  for (const t of tokens) {
    const v = toNumber(t);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/**
 * The attr value a field's text stands for. An empty field means "not set"
 * (the default applies; `undefined`). Tensor attrs are edited elsewhere.
 */
export function parseAttrText(name: string, spec: AttrSpec, text: string): ParsedAttr {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  let value: unknown;
  switch (spec.type) {
    case 'number':
    case 'int':
      value = toNumber(t) ?? t;
      break;
    case 'bool':
      value = t === 'true' ? true : t === 'false' ? false : t;
      break;
    case 'enum':
      value = t;
      break;
    case 'axes':
    case 'pair': {
      const single = /[\s,[\]]/.test(t) ? undefined : toNumber(t);
      value = single ?? toList(t) ?? t;
      break;
    }
    case 'ints':
      value = toList(t) ?? t;
      break;
    case 'tensor':
      return { ok: false, message: `attr "${name}" is a tensor; edit it in the value editor` };
    default:
      return assertNever(spec);
  }
  const r = resolveAttr(name, spec, value);
  return r.ok ? { ok: true, value } : { ok: false, message: r.message };
}

/** The text a field shows for a stored value ('' when unset). */
export function attrText(raw: unknown): string {
  if (raw === undefined) return '';
  if (Array.isArray(raw)) return raw.map((v) => String(v)).join(', ');
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return JSON.stringify(raw) ?? '';
}

/** The placeholder of an unset field: its default, or what absence means. */
export function attrPlaceholder(spec: AttrSpec): string {
  if ('default' in spec && spec.default !== undefined) return attrText(spec.default);
  if (spec.type === 'axes') return 'all';
  return spec.optional ? 'none' : '';
}

/** `number ≥ 0`, `int 1…28`, `one of a, b` — the type and range shown in tooltips. */
export function attrTypeText(spec: AttrSpec): string {
  switch (spec.type) {
    case 'number':
    case 'int': {
      const lo = spec.min === undefined ? '' : spec.type === 'number' && spec.exclusiveMin === true ? `> ${spec.min}` : `≥ ${spec.min}`;
      const hi = spec.max === undefined ? '' : spec.type === 'number' && spec.exclusiveMax === true ? `< ${spec.max}` : `≤ ${spec.max}`;
      return [spec.type === 'int' ? 'integer' : 'number', lo, hi].filter(Boolean).join(', ');
    }
    case 'bool':
      return 'true or false';
    case 'enum':
      return `one of ${spec.values.join(', ')}`;
    case 'axes':
      return 'axis: an integer, a list, or empty for all';
    case 'ints':
      return 'list of integers';
    case 'pair':
      return `integer ≥ ${spec.min ?? 0} or a pair`;
    case 'tensor':
      return 'tensor';
    default:
      return assertNever(spec);
  }
}
