/**
 * From file text to a GraphDoc: safe JSON parsing, format check, migrations,
 * structural validation and unique ids. Collects every problem a stage can
 * find; never throws for bad input. Op names, ports, attrs, cycles and shapes
 * are checked later by the engine.
 */

import { locate, parseJsonText } from './json-text.js';
import { MigrationError, migrate } from './migrations.js';
import { checkFormat, validateGraphDoc } from './schema.js';
import { GRAPH_VERSION } from './types.js';
import type { GraphDoc, Problem } from './types.js';

/** More problems than this are summarised in one last line; nobody reads the ten-thousandth. */
export const MAX_PROBLEMS = 200;
/** Each line number costs a scan of the text, so only the first duplicates get one. */
const MAX_LOCATED = 100;

export type LoadResult =
  | { readonly ok: true; readonly doc: GraphDoc; /** The file's version when it was older and got migrated. */ readonly migratedFrom?: number }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Reads a `.bpgraph` file's text. Never throws; bad input gives `{ ok: false, problems }`. */
export function loadGraphText(text: string): LoadResult {
  try {
    return load(text);
  } catch (e) {
    // Only a bug in this layer can land here; keep the promise of never crashing the caller.
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, problems: [{ message: `could not read the file: ${why}` }] };
  }
}

function load(text: string): LoadResult {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const raw = parsed.value;
  const notOurs = checkFormat(raw);
  if (notOurs) return { ok: false, problems: [{ ...notOurs, ...(notOurs.path ? locate(text, ['format']) : {}) }] };

  let migrated: { doc: Record<string, unknown>; from: number };
  try {
    migrated = migrate(raw as Record<string, unknown>);
  } catch (e) {
    if (!(e instanceof MigrationError)) throw e;
    return { ok: false, problems: [{ message: e.message, path: 'version', ...locate(text, ['version']) }] };
  }
  // Line numbers refer to the text, so they are only right when no migration reshaped the document.
  const located = migrated.from === GRAPH_VERSION ? text : undefined;
  const result = validateGraphDoc(migrated.doc, located);
  const problems = (result.ok ? [] : result.problems).concat(duplicateIds(migrated.doc.nodes, located));
  if (!result.ok || problems.length) return { ok: false, problems: capped(byLine(problems)) };
  return migrated.from < GRAPH_VERSION ? { ok: true, doc: result.doc, migratedFrom: migrated.from } : { ok: true, doc: result.doc };
}

/** Checked on the raw nodes so that duplicates are reported even when other nodes are malformed. */
function duplicateIds(nodes: unknown, text: string | undefined): Problem[] {
  if (!Array.isArray(nodes)) return [];
  const first = new Map<string, number>();
  const problems: Problem[] = [];
  nodes.forEach((node: unknown, i) => {
    const id = typeof node === 'object' && node !== null ? (node as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' || id === '') return;
    const seen = first.get(id);
    if (seen === undefined) {
      first.set(id, i);
      return;
    }
    const where = text !== undefined && problems.length < MAX_LOCATED ? locate(text, ['nodes', i, 'id']) : {};
    problems.push({ message: `duplicate node id "${id}" (also used by nodes[${seen}])`, node: id, path: `nodes[${i}].id`, ...where });
  });
  return problems;
}

/** Problems in file order, those without a line last; the sort is stable. */
function byLine(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

function capped(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const rest = problems.length - MAX_PROBLEMS + 1;
  return [...problems.slice(0, MAX_PROBLEMS - 1), { message: `...and ${rest} more problems` }];
}
