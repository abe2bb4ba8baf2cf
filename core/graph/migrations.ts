/**
 * Numbered migrations of the raw document, run on load before validation
 * (the tldraw/Excalidraw way). Each step takes a document of version `from`
 * and returns one of version `to`; the runner sets `version` itself. Old
 * fixtures stay in test/fixtures/v<N>/ forever and must keep loading.
 */

import { GRAPH_VERSION } from './types.js';

export interface Migration {
  readonly from: number;
  readonly to: number;
  /** Receives a private copy of the document, so it may change it in place. */
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

/** Every migration, oldest first. Version 1 is the first format, so there is nothing to migrate yet. */
export const MIGRATIONS: readonly Migration[] = [];

/** A document that cannot be brought to the current version; one-line message. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * Reads `version` from a parsed document and runs the migrations that bring
 * it to `latest`. Returns the migrated document (the input when nothing ran)
 * and the version it started at. Throws MigrationError for a missing,
 * malformed or newer version, a gap in the chain, or a step that throws.
 */
export function migrate(
  raw: Record<string, unknown>,
  migrations: readonly Migration[] = MIGRATIONS,
  latest: number = GRAPH_VERSION,
): { doc: Record<string, unknown>; from: number } {
  const from = readVersion(raw.version, latest);
  let doc = raw;
  let version = from;
  if (version < latest) doc = structuredClone(raw);
  while (version < latest) {
    const step = migrations.find((m) => m.from === version);
    if (!step || step.to <= step.from || step.to > latest) {
      throw new MigrationError(`this file is version ${from}, and this build has no way to upgrade version ${version}`);
    }
    let next: unknown;
    try {
      next = step.up(doc);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new MigrationError(`could not upgrade this file from version ${step.from} to ${step.to}: ${why}`);
    }
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      throw new MigrationError(`could not upgrade this file from version ${step.from} to ${step.to}: the step returned no document`);
    }
    doc = { ...(next as Record<string, unknown>), version: step.to };
    version = step.to;
  }
  return { doc, from };
}

function readVersion(v: unknown, latest: number): number {
  if (v === undefined) throw new MigrationError('missing required field "version"');
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new MigrationError(`"version" must be a whole number, got ${JSON.stringify(v)}`);
  }
  if (v < 1) throw new MigrationError(`"version" ${v} is not valid; versions start at 1`);
  if (v > latest) {
    throw new MigrationError(`this file is version ${v}, written by a newer Backprop Studio; this build reads versions up to ${latest}`);
  }
  return v;
}
