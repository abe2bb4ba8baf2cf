/** The example graphs shipped in assets/examples/, bundled into the app by Vite. */
import { loadGraphText } from '../../core/graph/load.js';
import { graphThumbnail, type Thumbnail } from '../model/thumbnail.js';

export interface Example {
  /** File name, e.g. `add-mul.bpgraph`. */
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly nodes: number;
  readonly text: string;
  /** The gallery's picture of the graph; null for a file that does not load. */
  readonly thumbnail: Thumbnail | null;
}

/** The example the app opens with: the seeds' f = (x + y) z. */
export const START_EXAMPLE = 'add-mul.bpgraph';

const texts = import.meta.glob<string>('../../assets/examples/*.bpgraph', { query: '?raw', import: 'default', eager: true });

function describe(file: string, text: string): Example {
  const r = loadGraphText(text);
  const meta = r.ok ? r.doc.meta : undefined;
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v !== '' ? v : fallback);
  return { file, text, name: str(meta?.['name'], file), description: str(meta?.['description'], ''), nodes: r.ok ? r.doc.nodes.length : 0, thumbnail: r.ok ? graphThumbnail(r.doc) : null };
}

/** Every example, smallest graph first (which is also the order they teach in). */
export const EXAMPLES: readonly Example[] = Object.entries(texts)
  .map(([path, text]) => describe(path.slice(path.lastIndexOf('/') + 1), text))
  .sort((a, b) => a.nodes - b.nodes || a.file.localeCompare(b.file));

export function findExample(file: string): Example | undefined {
  return EXAMPLES.find((e) => e.file === file);
}
