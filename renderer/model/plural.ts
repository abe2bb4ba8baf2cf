/** Counts as people write them: `1 node`, `2 nodes`, `0 problems`. */

/**
 * `n` followed by the noun, in the plural unless n is exactly 1. `plural`
 * defaults to the noun plus "s", which covers every noun the editor counts.
 */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
