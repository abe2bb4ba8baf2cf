import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadGraphText } from '../../core/graph/load.js';
import { MIGRATIONS, MigrationError, migrate, type Migration } from '../../core/graph/migrations.js';
import { GRAPH_VERSION } from '../../core/graph/types.js';

/** A made-up history: v1 called the output `result`, v2 renamed it, v3 added `mode`. */
const FAKE: readonly Migration[] = [
  {
    from: 1,
    to: 2,
    up: (doc) => {
      const { result, ...rest } = doc;
      return { ...rest, output: result };
    },
  },
  { from: 2, to: 3, up: (doc) => ({ ...doc, mode: doc.mode ?? 'eval' }) },
];

describe('migrate (mechanism, with an injected list)', () => {
  it('runs every step in order and reports the starting version', () => {
    const raw = { format: 'f', version: 1, result: 'y', nodes: [{ id: 'y' }] };
    const { doc, from } = migrate(raw, FAKE, 3);
    expect(from).toBe(1);
    expect(doc).toEqual({ format: 'f', version: 3, output: 'y', mode: 'eval', nodes: [{ id: 'y' }] });
  });

  it('starts from the middle of the chain', () => {
    expect(migrate({ version: 2, output: 'o', mode: 'train' }, FAKE, 3)).toEqual({ doc: { version: 3, output: 'o', mode: 'train' }, from: 2 });
  });

  it('leaves a current document untouched', () => {
    const raw = { version: 3, output: 'o' };
    expect(migrate(raw, FAKE, 3).doc).toBe(raw);
  });

  it('does not mutate the input, even when a step mutates its argument', () => {
    const mutating: Migration[] = [
      {
        from: 1,
        to: 2,
        up: (doc) => {
          (doc.nodes as { id: string }[])[0].id = 'changed';
          return doc;
        },
      },
    ];
    const raw = { version: 1, nodes: [{ id: 'a' }] };
    expect(migrate(raw, mutating, 2).doc).toEqual({ version: 2, nodes: [{ id: 'changed' }] });
    expect(raw).toEqual({ version: 1, nodes: [{ id: 'a' }] });
  });

  it.each<[string, unknown, RegExp]>([
    ['a newer version', 4, /^this file is version 4, written by a newer Backprop Studio; this build reads versions up to 3$/],
    ['version 0', 0, /^"version" 0 is not valid; versions start at 1$/],
    ['a negative version', -1, /versions start at 1/],
    ['a fractional version', 1.5, /^"version" must be a whole number, got 1.5$/],
    ['a string version', '1', /^"version" must be a whole number, got "1"$/],
    ['a missing version', undefined, /^missing required field "version"$/],
  ])('refuses %s', (_, version, message) => {
    expect(() => migrate({ version }, FAKE, 3)).toThrow(MigrationError);
    expect(() => migrate({ version }, FAKE, 3)).toThrow(message);
  });

  it('refuses a gap in the chain', () => {
    expect(() => migrate({ version: 1 }, [FAKE[1]], 3)).toThrow('this file is version 1, and this build has no way to upgrade version 1');
    expect(() => migrate({ version: 1 }, [FAKE[0]], 3)).toThrow('no way to upgrade version 2');
  });

  it('refuses a step that goes backwards or past the latest version', () => {
    expect(() => migrate({ version: 1 }, [{ from: 1, to: 1, up: (d) => d }], 2)).toThrow(/no way to upgrade version 1/);
    expect(() => migrate({ version: 1 }, [{ from: 1, to: 5, up: (d) => d }], 2)).toThrow(/no way to upgrade version 1/);
  });

  it('turns a failing step into a one-line MigrationError', () => {
    const failing: Migration[] = [
      {
        from: 1,
        to: 2,
        up: () => {
          throw new TypeError('nodes is not iterable');
        },
      },
    ];
    expect(() => migrate({ version: 1 }, failing, 2)).toThrow('could not upgrade this file from version 1 to 2: nodes is not iterable');
    const empty: Migration[] = [{ from: 1, to: 2, up: () => null as unknown as Record<string, unknown> }];
    expect(() => migrate({ version: 1 }, empty, 2)).toThrow('the step returned no document');
  });
});

describe('the real migration list', () => {
  it('forms one chain from version 1 to GRAPH_VERSION', () => {
    let v = 1;
    for (const m of MIGRATIONS) {
      expect(m.from).toBe(v);
      expect(m.to).toBeGreaterThan(m.from);
      v = m.to;
    }
    expect(v).toBe(GRAPH_VERSION);
  });

  it('refuses files newer than this build', () => {
    const text = JSON.stringify({ format: 'backprop-studio/graph', version: GRAPH_VERSION + 1, nodes: [], edges: [], output: '' });
    const r = loadGraphText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toBe(`this file is version ${GRAPH_VERSION + 1}, written by a newer Backprop Studio; this build reads versions up to ${GRAPH_VERSION}`);
  });
});

describe('fixtures of every version', () => {
  const root = new URL('../fixtures/', import.meta.url);
  const versions = readdirSync(root)
    .filter((d) => /^v\d+$/.test(d))
    .map((d) => Number(d.slice(1)));

  it('exist for every version up to the current one', () => {
    for (let v = 1; v <= GRAPH_VERSION; v++) expect(versions).toContain(v);
  });

  const files = versions.flatMap((v) =>
    readdirSync(new URL(`v${v}/`, root))
      .filter((f) => f.endsWith('.bpgraph'))
      .map((f): [string, number] => [`v${v}/${f}`, v]),
  );

  it.each(files)('%s loads and migrates to the current version', (file, version) => {
    const r = loadGraphText(readFileSync(new URL(file, root), 'utf8'));
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
    expect(r.doc.version).toBe(GRAPH_VERSION);
    expect(r.migratedFrom).toBe(version < GRAPH_VERSION ? version : undefined);
  });
});
