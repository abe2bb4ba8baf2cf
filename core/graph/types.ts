/**
 * The in-memory form of a `.bpgraph` document (contract.md section 1), as the
 * loader returns it after migration and validation. Unknown fields are kept in
 * `extra` so that saving a file written by a newer tool loses nothing.
 */

/** Raw tensor literal as written in a file: number, nested array, {shape,data} or {shape,dtype,base64}. */
export type TensorLiteral =
  | number
  | readonly TensorLiteral[]
  | { readonly shape: readonly number[]; readonly data: readonly number[] }
  | { readonly shape: readonly number[]; readonly dtype: 'float32'; readonly base64: string };

export interface GraphNode {
  readonly id: string;
  readonly op: string;
  /** Per-op attributes exactly as in the file (validated against the op's specs by the engine). */
  readonly attrs?: Readonly<Record<string, unknown>>;
  /** Editor data such as `{ x, y, label }`; the engine ignores it. */
  readonly ui?: Readonly<Record<string, unknown>>;
  /** Fields this version does not know, kept verbatim. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly port: string;
  readonly extra?: Readonly<Record<string, unknown>>;
}

export type GraphMode = 'train' | 'eval';

export interface GraphDoc {
  readonly format: 'backprop-studio/graph';
  readonly version: number;
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly mode?: GraphMode;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly output: string;
  /** The training block (see core/train/config.ts for its schema). Kept raw here; the trainer validates it. */
  readonly training?: Readonly<Record<string, unknown>>;
  readonly extra?: Readonly<Record<string, unknown>>;
}

export const GRAPH_FORMAT = 'backprop-studio/graph';
/** The version this build writes. Readers migrate older files up to it. */
export const GRAPH_VERSION = 1;

/** One user-facing problem, located as precisely as we can. */
export interface Problem {
  readonly message: string;
  /** Node id the problem is about, if any. */
  readonly node?: string;
  /** Edge index in `edges`, if any. */
  readonly edge?: number;
  /** JSON path such as `nodes[3].attrs.value`, if any. */
  readonly path?: string;
  /** 1-based line and column in the file text, if known. */
  readonly line?: number;
  readonly column?: number;
}

/** A graph that cannot be used; carries every problem found. `message` is the first one, one line. */
export class GraphError extends Error {
  override readonly name = 'GraphError';
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** `node "f": shapes [2] and [3] cannot be broadcast together` style one-liner. */
export function formatProblem(p: Problem): string {
  const where: string[] = [];
  if (p.line !== undefined) where.push(`line ${p.line}${p.column !== undefined ? `:${p.column}` : ''}`);
  if (p.node !== undefined) where.push(`node "${p.node}"`);
  else if (p.edge !== undefined) where.push(`edge ${p.edge}`);
  if (p.path !== undefined && p.node === undefined && p.edge === undefined) where.push(p.path);
  return where.length ? `${where.join(', ')}: ${p.message}` : p.message;
}
