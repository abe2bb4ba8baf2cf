/** Fresh node ids: the op's name and the smallest free number (`add1`, `add2`, ...), as users of node editors expect. */

/** The first `${stem}${n}` (n >= 1) not in `taken`; adds it to `taken` so that a batch of calls stays unique. */
export function freshId(stem: string, taken: Set<string>): string {
  const base = stem.replace(/[^A-Za-z0-9_]/g, '_') || 'node';
  for (let n = 1; ; n++) {
    const id = `${base}${n}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/** Why `id` cannot name a node (empty, too long, or used by another node), or undefined if it can. */
export function idProblem(id: string, taken: ReadonlySet<string>, current?: string): string | undefined {
  if (id.trim() === '') return 'an id cannot be empty';
  if (id !== id.trim()) return 'an id cannot start or end with spaces';
  if (id.length > 200) return 'an id can have at most 200 characters';
  if (id !== current && taken.has(id)) return `"${id}" is taken by another node`;
  return undefined;
}
