/** Shared fixtures for the renderer's unit tests: the example graphs, loaded with core's loader. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadGraphText } from '../../core/graph/load.js';
import type { GraphDoc } from '../../core/graph/types.js';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../assets/examples/', import.meta.url));

/** Every example file's name and text. */
export function exampleTexts(): { name: string; text: string }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.bpgraph'))
    .sort()
    .map((name) => ({ name, text: readFileSync(EXAMPLES_DIR + name, 'utf8') }));
}

/** Loads a document from text; fails the test with core's messages if it does not load. */
export function docOf(text: string): GraphDoc {
  const r = loadGraphText(text);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.doc;
}

export function example(name: string): GraphDoc {
  return docOf(readFileSync(EXAMPLES_DIR + name, 'utf8'));
}
