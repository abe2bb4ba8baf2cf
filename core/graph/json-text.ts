/**
 * Safe reading of file text as JSON. Guards run before `JSON.parse` (size,
 * nesting depth) so that hostile input cannot exhaust memory or the stack,
 * and after it (prototype-polluting keys, numbers that overflow to
 * Infinity). Every problem carries a 1-based line and column.
 */

import { lineColumn, locate, stripBom, type JsonPath } from './json-locate.js';
import { findSyntaxError } from './json-syntax.js';
import type { Problem } from './types.js';

/** Longest text we try to parse, in UTF-16 code units (about 512 MiB of ASCII). */
export const MAX_TEXT_LENGTH = 512 * 1024 * 1024;
/** Deepest nesting of objects and arrays accepted; a graph file needs about a dozen. */
export const MAX_DEPTH = 64;
/** Keys that could reach Object.prototype if some later code copied objects carelessly. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Beyond this many value problems we stop looking; one screenful is enough to act on. */
const MAX_VALUE_PROBLEMS = 100;

// Re-exported so that callers need one module for reading JSON text.
export { lineColumn, locate, stripBom, type JsonPath };

export type JsonTextResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: Problem; readonly problems: readonly Problem[] };

/** Overridable limits, for tests and for callers with tighter budgets. */
export interface JsonLimits {
  readonly maxLength?: number;
  readonly maxDepth?: number;
}

/**
 * Parses file text. On failure `problem` is the first problem and `problems`
 * all that this stage found (several only for forbidden keys and overflowing
 * numbers; a syntax error stops everything).
 */
export function parseJsonText(text: string, limits: JsonLimits = {}): JsonTextResult {
  const maxLength = limits.maxLength ?? MAX_TEXT_LENGTH;
  const maxDepth = limits.maxDepth ?? MAX_DEPTH;
  if (text.length > maxLength) {
    return fail([{ message: `file is too large (${mib(text.length)} of text); the limit is ${mib(maxLength)}` }]);
  }
  const body = stripBom(text);
  const deep = findTooDeep(body, maxDepth);
  if (deep >= 0) {
    return fail([{ message: `nesting is deeper than ${maxDepth} levels`, ...lineColumn(body, deep) }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    return fail([syntaxProblem(body, e)]);
  }
  const problems = findUnsafeValues(body, value);
  return problems.length ? fail(problems) : { ok: true, value };
}

function mib(chars: number): string {
  const m = chars / (1024 * 1024);
  return m >= 10 ? `${Math.round(m)} MiB` : `${Number(m.toPrecision(2))} MiB`;
}

function fail(problems: Problem[]): JsonTextResult {
  return { ok: false, problem: problems[0], problems };
}

/** Offset of the first bracket that opens level maxDepth + 1, or -1. Skips strings; one linear pass. */
function findTooDeep(body: string, maxDepth: number): number {
  let depth = 0;
  const n = body.length;
  for (let i = 0; i < n; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string; an unterminated one simply runs to the end (JSON.parse reports it).
      for (i++; i < n; i++) {
        const s = body.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return -1;
}

function syntaxProblem(body: string, error: unknown): Problem {
  // V8's messages differ between Node versions and often omit the position,
  // so our own scanner locates the error; V8's position is the fallback.
  const found = findSyntaxError(body);
  if (found) return { message: `invalid JSON: ${found.message}`, ...lineColumn(body, found.offset) };
  const message = error instanceof Error ? error.message : String(error);
  const at = /at position (\d+)/.exec(message);
  const where = at ? lineColumn(body, Number(at[1])) : {};
  return { message: `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, ...where };
}

/** Forbidden keys and numbers that overflowed to Infinity, anywhere in the value. */
function findUnsafeValues(body: string, root: unknown): Problem[] {
  const problems: Problem[] = [];
  const path: (string | number)[] = [];
  const add = (message: string, target: JsonPath): void => {
    problems.push({ message, ...(path.length ? { path: formatPath(path) } : {}), ...locate(body, target) });
  };
  // Recursion is safe: findTooDeep has already bounded the depth.
  const walk = (v: unknown): void => {
    if (problems.length >= MAX_VALUE_PROBLEMS) return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) add('number is too large (it overflows to Infinity)', path);
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(v[i]);
        path.pop();
      }
    } else if (typeof v === 'object' && v !== null) {
      for (const [key, item] of Object.entries(v)) {
        if (FORBIDDEN_KEYS.has(key)) {
          add(`the key "${key}" is not allowed`, [...path, key]);
          continue;
        }
        path.push(key);
        walk(item);
        path.pop();
      }
    }
  };
  walk(root);
  return problems;
}

/** `nodes[2].attrs.value`; keys that are not plain identifiers are quoted: `meta["a b"]`. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** `the number 3`, `a string ("x")`, `an array`... for "got ..." phrases in messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string':
      return `a string (${JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}...` : v)})`;
    case 'number':
      return `the number ${v}`;
    case 'boolean':
      return `${v}`;
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}
