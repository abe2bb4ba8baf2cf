/**
 * Plain-English messages for zod issues in the training block. Each message
 * follows its path (`training.epochs must be an integer`), so it reads as one
 * sentence without zod's "Invalid input" phrasing.
 */
import type { z } from 'zod';

/** The fields of a zod issue this module reads. */
export interface IssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
}

type RawIssue = z.core.$ZodRawIssue;

/** The message for one issue raised by a schema without its own message. */
export function messageFor(iss: RawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return 'is required';
      const expected = String(iss.expected);
      if (expected === 'int') return typeof iss.input === 'number' && Number.isFinite(iss.input) ? 'must be an integer' : `must be an integer, got ${describe(iss.input)}`;
      if (expected === 'number' && typeof iss.input === 'number') return `must be a finite number, got ${String(iss.input)}`;
      return `must be ${article(expected)}, got ${describe(iss.input)}`;
    }
    case 'too_small':
      return `must be ${iss.inclusive === false ? '>' : '>='} ${String(iss.minimum)}${iss.origin === 'string' ? ' characters long' : ''}`;
    case 'too_big':
      return `must be ${iss.inclusive === false ? '<' : '<='} ${String(iss.maximum)}`;
    case 'invalid_value':
      return `must be one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(iss.input)}`;
    case 'unrecognized_keys':
      return 'has unknown keys';
    default:
      return undefined;
  }
}

/** One line per unknown key: `training.lr is not a known key (training takes dataset, ...)`. */
export function unknownKeys(base: string, keys: readonly string[] | undefined, known: readonly string[] | undefined): string[] {
  const hint = known ? ` (${base} takes ${known.join(', ')})` : '';
  return (keys ?? []).map((k) => `${base}.${k} is not a known key${hint}`);
}

function article(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}
