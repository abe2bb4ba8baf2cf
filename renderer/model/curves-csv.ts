/**
 * The training curves as CSV: one row per step of each run, with the epoch
 * record made at that step (if any) on the same row. The epoch record's own
 * train-split loss goes in a last column, `epochLoss`, since `loss` is the
 * mini-batch loss of the step.
 */
import type { EpochRecord } from '../../core/train/types.js';
import type { RunHistory } from './train-history.js';

export const CSV_HEADER = ['step', 'run', 'loss', 'lr', 'epoch', 'accuracy', 'valLoss', 'valAccuracy', 'epochLoss'] as const;

const cell = (v: number | undefined): string => (v === undefined ? '' : String(v));

function recordCells(r: EpochRecord | undefined): string[] {
  return [cell(r?.epoch), cell(r?.accuracy), cell(r?.valLoss), cell(r?.valAccuracy), cell(r?.loss)];
}

/** CSV text (header, then rows ordered by run, then step), lines ending in \n. */
export function curvesCsv(runs: readonly RunHistory[]): string {
  const lines: string[] = [CSV_HEADER.join(',')];
  for (const h of runs) {
    const byStep = new Map<number, EpochRecord>();
    for (const r of h.records) byStep.set(r.step, r);
    const rows: { step: number; cells: string[] }[] = [];
    for (let i = 0; i < h.steps.length; i++) {
      const s = h.steps[i];
      rows.push({ step: s, cells: [String(s), String(h.run), cell(h.loss[i]), cell(h.lr[i]), ...recordCells(byStep.get(s))] });
      byStep.delete(s);
    }
    // Records at steps with no step point (a record before the first step, or points thinned away) still get a row.
    for (const r of byStep.values()) rows.push({ step: r.step, cells: [String(r.step), String(h.run), '', cell(r.lr), ...recordCells(r)] });
    rows.sort((a, b) => a.step - b.step);
    for (const row of rows) lines.push(row.cells.join(','));
  }
  return lines.join('\n') + '\n';
}
