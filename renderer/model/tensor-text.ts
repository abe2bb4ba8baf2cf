/**
 * Tensor values in the editor: short previews for cards and edges, summaries
 * of large stored weights (never dumped), and parsing of what the user types
 * into a value field, checked with core's literal parser.
 */
import { encodeBase64 } from '../../core/graph/base64.js';
import { parseJsonText } from '../../core/graph/json-text.js';
import { LiteralError, float32Shortest, parseTensorLiteral } from '../../core/graph/literal.js';
import type { TensorLiteral } from '../../core/graph/types.js';
import { formatShape, sizeOf } from '../../core/tensor/shape.js';

/** Up to this many elements the inspector edits a value in a table; above it, as text or not at all. */
export const MAX_TABLE_ELEMENTS = 400;
/** Above this many elements a value is only summarised (its text would be too long to edit by hand). */
export const MAX_TEXT_ELEMENTS = 4096;

/**
 * A number in three significant digits, with an exponent where plain digits would be long or
 * misleading: `-12`, `0.731`, `1.23e4`, `-2.78e-7`. Trailing zeros go (`1e-7`, not `1.00e-7`), so the
 * text is as short as the number allows and a card never has to cut it.
 */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  // Round first: 9999 becomes 1e4, which then takes the exponent form like any other 5-digit number.
  const r = Number(v.toPrecision(3));
  const a = Math.abs(r);
  if (a >= 1e4 || a < 1e-3) {
    const [mantissa, exponent] = r.toExponential(2).split('e');
    return `${mantissa.replace(/\.?0+$/, '')}e${exponent.replace('+', '')}`;
  }
  return String(r);
}

/** A short preview of a tensor: the number for a scalar, else the first elements, `[0.1, -0.3, …]`. */
export function previewValues(shape: readonly number[], data: ArrayLike<number>, max = 3): string {
  if (shape.length === 0) return formatNumber(data[0]);
  const n = Math.min(data.length, max);
  const items: string[] = [];
  for (let i = 0; i < n; i++) items.push(formatNumber(data[i]));
  return `[${items.join(', ')}${data.length > max ? ', …' : ''}]`;
}

/** min / mean / max of a tensor's data, for summaries of large values. */
export function stats(data: ArrayLike<number>): { min: number; max: number; mean: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, mean: data.length ? sum / data.length : 0 };
}

export type LiteralInfo =
  | { readonly ok: true; readonly shape: number[]; readonly data: Float32Array; readonly stored: 'number' | 'nested' | 'data' | 'base64' }
  | { readonly ok: false; readonly message: string };

/** Parses a stored literal and says in which form it is stored. */
export function literalInfo(raw: unknown): LiteralInfo {
  try {
    const { shape, data } = parseTensorLiteral(raw);
    const stored = typeof raw === 'number' ? 'number' : Array.isArray(raw) ? 'nested' : typeof raw === 'object' && raw !== null && 'base64' in raw ? 'base64' : 'data';
    return { ok: true, shape, data, stored };
  } catch (e) {
    return { ok: false, message: e instanceof LiteralError ? e.message : String(e) };
  }
}

/** One line for a card or a summary: `-2`, `[2, 3] [1, 2, 3, …]`, `[100, 500] stored as base64, mean 0.01`. */
export function summarizeLiteral(raw: unknown): string {
  const info = literalInfo(raw);
  if (!info.ok) return `invalid: ${info.message}`;
  if (info.shape.length === 0) return formatNumber(info.data[0]);
  if (info.stored === 'base64') return `${formatShape(info.shape)} base64, mean ${formatNumber(stats(info.data).mean)}`;
  return `${formatShape(info.shape)} ${previewValues(info.shape, info.data)}`;
}

/** The text a value field shows: the literal as JSON, or undefined when it is too large to edit as text. */
export function literalText(raw: unknown): string | undefined {
  if (raw === undefined) return '';
  const info = literalInfo(raw);
  if (info.ok && (info.stored === 'base64' || sizeOf(info.shape) > MAX_TEXT_ELEMENTS)) return undefined;
  return JSON.stringify(raw);
}

export type ParsedValue = { readonly ok: true; readonly value: TensorLiteral | undefined } | { readonly ok: false; readonly message: string };

/**
 * Reads a typed value: a number, JSON (`[[1, 2], [3, 4]]`, `{"shape": [2], "data": [1, 2]}`)
 * or a bare list `1, 2, 3`. Empty means "no stored value". Checked as core checks files.
 */
export function parseValueText(text: string): ParsedValue {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  const bare = /^[\d\s,.eE+-]+$/.test(t) && t.includes(',') ? `[${t}]` : t;
  const json = parseJsonText(bare);
  if (!json.ok) return { ok: false, message: `not a number or JSON: ${json.problem.message}` };
  try {
    parseTensorLiteral(json.value);
  } catch (e) {
    return { ok: false, message: e instanceof LiteralError ? e.message : String(e) };
  }
  return { ok: true, value: json.value as TensorLiteral };
}

/** A literal holding `data`, stored in the same form as `like` (so that a table edit does not change the file's style). */
export function literalLike(like: unknown, shape: readonly number[], data: ArrayLike<number>): TensorLiteral {
  const f = Array.from(data, (v) => float32Shortest(v));
  const info = literalInfo(like);
  const stored = info.ok ? info.stored : 'nested';
  if (shape.length === 0 && stored !== 'data' && stored !== 'base64') return f[0];
  if (stored === 'data') return { shape: [...shape], data: f };
  if (stored === 'base64') {
    const bytes = new Uint8Array(4 * f.length);
    const view = new DataView(bytes.buffer);
    f.forEach((v, i) => view.setFloat32(4 * i, v, true));
    return { shape: [...shape], dtype: 'float32', base64: encodeBase64(bytes) };
  }
  if (shape.slice(0, -1).includes(0)) return { shape: [...shape], data: f };
  let k = 0;
  const build = (depth: number): TensorLiteral[] =>
    Array.from({ length: shape[depth] }, () => (depth === shape.length - 1 ? f[k++] : build(depth + 1)));
  return build(0);
}
