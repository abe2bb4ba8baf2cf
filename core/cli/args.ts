/**
 * Command-line flag parsing: one declaration per flag (kind, range, help),
 * from which both the parser and `--help` are derived. Mistakes give a
 * one-line UsageError that suggests the nearest flag.
 */

/** A user error on the command line; the message is one line. Exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type FlagSpec =
  | { readonly kind: 'bool'; readonly help: string }
  | { readonly kind: 'string'; readonly help: string; readonly metavar: string }
  | { readonly kind: 'choice'; readonly help: string; readonly choices: readonly string[] }
  /** A whole number >= min (default 1). */
  | { readonly kind: 'int'; readonly help: string; readonly metavar: string; readonly min?: number }
  /** A finite number > 0. */
  | { readonly kind: 'positive'; readonly help: string; readonly metavar: string };

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type FlagValue<S extends FlagSpec> = S extends { kind: 'bool' } ? boolean : S extends { kind: 'int' | 'positive' } ? number : string;

/** Parsed flags: present ones only. */
export type Flags<S extends FlagSpecs> = { readonly [K in keyof S]?: FlagValue<S[K]> };

/** Flags every command takes. */
export const GLOBAL_FLAGS = {
  help: { kind: 'bool', help: 'show this help' },
  debug: { kind: 'bool', help: 'print stack traces of errors (for bug reports)' },
} as const satisfies FlagSpecs;

export interface ParsedArgs<S extends FlagSpecs> {
  readonly positionals: readonly string[];
  readonly flags: Flags<S & typeof GLOBAL_FLAGS>;
}

/**
 * Parses `args` (the words after the command name). Accepts `--flag value`,
 * `--flag=value`, `-h` for `--help`, and `--` to end flags (for file names that start with `-`).
 * Throws UsageError for unknown, repeated or malformed flags.
 */
export function parseArgs<S extends FlagSpecs>(specs: S, args: readonly string[]): ParsedArgs<S> {
  const all: FlagSpecs = { ...specs, ...GLOBAL_FLAGS };
  const positionals: string[] = [];
  const flags: Record<string, boolean | number | string> = {};
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    if (word === '-h') {
      flags['help'] = true;
      continue;
    }
    if (!word.startsWith('--')) throw new UsageError(`unknown flag ${word}${suggestion(word.replace(/^-+/, ''), all)}`);
    const eq = word.indexOf('=');
    const name = word.slice(2, eq < 0 ? undefined : eq);
    const spec = Object.prototype.hasOwnProperty.call(all, name) ? all[name] : undefined;
    if (!spec) throw new UsageError(`unknown flag --${name}${suggestion(name, all)}`);
    if (name in flags) throw new UsageError(`flag --${name} is given twice`);
    if (spec.kind === 'bool') {
      if (eq >= 0) throw new UsageError(`flag --${name} takes no value`);
      flags[name] = true;
      continue;
    }
    let raw: string;
    if (eq >= 0) raw = word.slice(eq + 1);
    else {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`flag --${name} needs a value (${valueHint(spec)})`);
      raw = next;
      i++;
    }
    flags[name] = convert(name, spec, raw);
  }
  return { positionals, flags: flags as Flags<S & typeof GLOBAL_FLAGS> };
}

function convert(name: string, spec: Exclude<FlagSpec, { kind: 'bool' }>, raw: string): number | string {
  switch (spec.kind) {
    case 'string':
      if (raw === '') throw new UsageError(`flag --${name} needs a non-empty value`);
      return raw;
    case 'choice':
      if (!spec.choices.includes(raw)) throw new UsageError(`--${name} must be one of ${spec.choices.join(', ')}, got ${JSON.stringify(raw)}`);
      return raw;
    case 'int': {
      const min = spec.min ?? 1;
      const v = /^[+]?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(v) || v < min) throw new UsageError(`--${name} must be a whole number >= ${min}, got ${JSON.stringify(raw)}`);
      return v;
    }
    case 'positive': {
      const v = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(v) || v <= 0) throw new UsageError(`--${name} must be a number > 0, got ${JSON.stringify(raw)}`);
      return v;
    }
  }
}

function valueHint(spec: Exclude<FlagSpec, { kind: 'bool' }>): string {
  return spec.kind === 'choice' ? `one of ${spec.choices.join(', ')}` : spec.metavar;
}

/** ` (did you mean --epochs?)` for the closest known name, or `` when none is close. */
function suggestion(name: string, specs: FlagSpecs): string {
  const best = closest(name, Object.keys(specs));
  return best === undefined ? '' : ` (did you mean --${best}?)`;
}

/** The candidate within edit distance 2 (or a prefix match), nearest first; undefined when none. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(word) && word.length >= 2 ? 1 : editDistance(word.toLowerCase(), c);
    if (d < bestScore && d <= (c.length <= 3 ? 1 : 2)) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}

/** Edit distance counting insertions, deletions, substitutions and swaps of neighbours (`trian` → `train`: 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The help lines for a set of flags, help text wrapped to `columns`: `  --epochs N  train for N epochs`. */
export function formatFlags(specs: FlagSpecs, columns = 80): string[] {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const value = spec.kind === 'bool' ? '' : spec.kind === 'choice' ? ` ${spec.choices.join('|')}` : ` ${spec.metavar}`;
    return [`--${name}${value}`, spec.help] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  const indent = ' '.repeat(width + 4);
  return rows.flatMap(([left, help]) => wrap(help, Math.max(columns - indent.length, 30)).map((line, i) => (i === 0 ? `  ${left.padEnd(width)}  ${line}` : `${indent}${line}`)));
}

/** Greedy word wrap. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
