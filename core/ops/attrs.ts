/**
 * Attribute specifications: one declaration per attr gives its type, default,
 * range and help text. The loader validates files against them, the engine
 * fills defaults from them, and the editor builds inline fields from them.
 */

interface AttrBase {
  /** One line for the inspector and `--help`. */
  readonly description: string;
  /** Absent attrs without a default are allowed (the op decides what absence means). */
  readonly optional?: boolean;
}

export type AttrSpec =
  | (AttrBase & { readonly type: 'number'; readonly default?: number; readonly min?: number; readonly max?: number; readonly exclusiveMin?: boolean; readonly exclusiveMax?: boolean })
  | (AttrBase & { readonly type: 'int'; readonly default?: number; readonly min?: number; readonly max?: number })
  | (AttrBase & { readonly type: 'bool'; readonly default?: boolean })
  | (AttrBase & { readonly type: 'enum'; readonly values: readonly string[]; readonly default?: string })
  /** `axis`: an int, a list of ints, or absent (= all axes). */
  | (AttrBase & { readonly type: 'axes'; readonly default?: number | readonly number[] })
  /** A list of ints, e.g. `perm` or `shape`. */
  | (AttrBase & { readonly type: 'ints'; readonly default?: readonly number[] })
  /** A number or a pair, e.g. `stride`, `padding`, `kernel`. */
  | (AttrBase & { readonly type: 'pair'; readonly default?: number | readonly [number, number]; readonly min?: number })
  /** A tensor literal (contract.md section 1). */
  | (AttrBase & { readonly type: 'tensor' });

export type AttrSpecs = Readonly<Record<string, AttrSpec>>;

/** The value an attr has once read from a file and defaulted. */
export type AttrValue<S extends AttrSpec> = S extends { type: 'number' | 'int' }
  ? number
  : S extends { type: 'bool' }
    ? boolean
    : S extends { type: 'enum' }
      ? string
      : S extends { type: 'axes' }
        ? number | readonly number[] | undefined
        : S extends { type: 'ints' }
          ? readonly number[]
          : S extends { type: 'pair' }
            ? readonly [number, number]
            : unknown;

/** Resolved attrs of an op: every declared attr, defaulted; optional ones may be undefined. */
export type Attrs<A extends AttrSpecs> = { readonly [K in keyof A]: A[K] extends { optional: true } ? AttrValue<A[K]> | undefined : AttrValue<A[K]> };

/** Type-erased resolved attrs, as the engine stores them. */
export type AnyAttrs = Readonly<Record<string, unknown>>;

/**
 * Checks one raw attr value against its spec and returns the resolved value,
 * or a message saying what is wrong (without the node id; callers add it).
 * Tensor literals are passed through; the literal parser checks them.
 */
export function resolveAttr(name: string, spec: AttrSpec, raw: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  if (raw === undefined) {
    if ('default' in spec && spec.default !== undefined) {
      return { ok: true, value: spec.type === 'pair' ? toPair(spec.default) : spec.default };
    }
    return { ok: true, value: undefined };
  }
  const fail = (what: string) => ({ ok: false as const, message: `attr "${name}" must be ${what}, got ${describe(raw)}` });
  switch (spec.type) {
    case 'number':
    case 'int': {
      if (typeof raw !== 'number') return fail(spec.type === 'int' ? 'an integer' : 'a number');
      if (!Number.isFinite(raw)) return fail('a finite number');
      if (spec.type === 'int' && !Number.isInteger(raw)) return fail('an integer');
      if (spec.min !== undefined && (raw < spec.min || (spec.type === 'number' && spec.exclusiveMin === true && raw === spec.min))) {
        return fail(`${spec.type === 'number' && spec.exclusiveMin === true ? '>' : '>='} ${spec.min}`);
      }
      if (spec.max !== undefined && (raw > spec.max || (spec.type === 'number' && spec.exclusiveMax === true && raw === spec.max))) {
        return fail(`${spec.type === 'number' && spec.exclusiveMax === true ? '<' : '<='} ${spec.max}`);
      }
      return { ok: true, value: raw };
    }
    case 'bool':
      return typeof raw === 'boolean' ? { ok: true, value: raw } : fail('true or false');
    case 'enum':
      return typeof raw === 'string' && spec.values.includes(raw) ? { ok: true, value: raw } : fail(`one of ${spec.values.join(', ')}`);
    case 'axes':
      if (isInt(raw) || (Array.isArray(raw) && raw.every(isInt))) return { ok: true, value: raw };
      return fail('an integer or a list of integers');
    case 'ints':
      return Array.isArray(raw) && raw.every(isInt) ? { ok: true, value: raw } : fail('a list of integers');
    case 'pair': {
      const min = spec.min ?? 0;
      if (isInt(raw) && raw >= min) return { ok: true, value: toPair(raw) };
      if (Array.isArray(raw) && raw.length === 2 && raw.every((v) => isInt(v) && v >= min)) return { ok: true, value: toPair(raw as [number, number]) };
      return fail(`an integer >= ${min} or a pair of them`);
    }
    case 'tensor':
      return { ok: true, value: raw };
    default:
      return assertNever(spec);
  }
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function toPair(v: number | readonly [number, number]): readonly [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}
