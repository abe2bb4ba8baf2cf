/**
 * The op registry: the single list of ops that the engine, the command line
 * and the editor's palette read. Adding an op to a family file and to this
 * list is all it takes to make it available everywhere.
 */
import type { OpDef } from './define-op.js';
import { binaryOps, unaryOps } from './elementwise.js';
import { layerOps } from './layers.js';
import { linalgOps } from './linalg.js';
import { lossOps } from './loss.js';
import { normaliseOps } from './normalise.js';
import { reduceOps } from './reduce.js';
import { shapeOps } from './shape-ops.js';
import { sourceOps } from './sources.js';

const ALL: readonly OpDef[] = [...sourceOps, ...binaryOps, ...unaryOps, ...linalgOps, ...shapeOps, ...reduceOps, ...normaliseOps, ...lossOps, ...layerOps];

const BY_NAME: ReadonlyMap<string, OpDef> = new Map(ALL.map((op) => [op.name, op]));

/** Every op, in palette order (by family). */
export function allOps(): readonly OpDef[] {
  return ALL;
}

/** Looks up an op by name. */
export function getOp(name: string): OpDef | undefined {
  return BY_NAME.get(name);
}
