/** Loading the example graphs of assets/examples for tests. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGraphText } from '../../core/graph/load.js';
import type { GraphDoc } from '../../core/graph/types.js';

export const EXAMPLES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/examples');

/** File names of every example, sorted. */
export function exampleNames(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.bpgraph'))
    .sort();
}

export function exampleText(name: string): string {
  return readFileSync(path.join(EXAMPLES_DIR, name.endsWith('.bpgraph') ? name : `${name}.bpgraph`), 'utf8');
}

/** The example's document; throws with the problems if it does not load. */
export function loadExample(name: string): GraphDoc {
  const r = loadGraphText(exampleText(name));
  if (!r.ok) throw new Error(`${name}: ${r.problems.map((p) => p.message).join('; ')}`);
  return r.doc;
}
