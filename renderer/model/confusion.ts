/** Totals of a confusion matrix (rows: true class, columns: predicted class). */

export interface ConfusionSummary {
  readonly total: number;
  readonly correct: number;
  /** correct / total; NaN for an empty matrix. */
  readonly accuracy: number;
  /** Per true class: how many, and the share predicted right (recall; NaN for an absent class). */
  readonly rowTotals: number[];
  readonly recall: number[];
  /** The largest off-diagonal count, to scale the mistakes' heat separately from the diagonal. */
  readonly maxOff: number;
  readonly maxDiag: number;
}

export function summarizeConfusion(m: readonly (readonly number[])[]): ConfusionSummary {
  let total = 0;
  let correct = 0;
  let maxOff = 0;
  let maxDiag = 0;
  const rowTotals = m.map((row) => row.reduce((a, b) => a + b, 0));
  m.forEach((row, i) =>
    row.forEach((v, j) => {
      total += v;
      if (i === j) {
        correct += v;
        maxDiag = Math.max(maxDiag, v);
      } else maxOff = Math.max(maxOff, v);
    }),
  );
  const recall = m.map((row, i) => (rowTotals[i] > 0 ? (row[i] ?? 0) / rowTotals[i] : NaN));
  return { total, correct, accuracy: total > 0 ? correct / total : NaN, rowTotals, recall, maxOff, maxDiag };
}
