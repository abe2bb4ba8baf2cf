/** A tensor as a read-only table: leading axes folded into rows, the first rows and columns when it is large. */
import type { HostTensor } from '../../../core/tensor/tensor.js';
import { matrixOf } from '../../model/tensor-layout.js';
import { formatNumber } from '../../model/tensor-text.js';

const MAX_ROWS = 40;
const MAX_COLS = 12;

export function TensorTable({ t, testId }: { readonly t: HostTensor; readonly testId: string }) {
  const { rows, cols } = matrixOf(t.shape);
  const r = Math.min(rows, MAX_ROWS);
  const c = Math.min(cols, MAX_COLS);
  return (
    <div className="tensor-table-wrap">
      <table className="tensor-table" data-testid={testId}>
        <thead>
          <tr>
            <th />
            {Array.from({ length: c }, (_, j) => (
              <th key={j}>{j}</th>
            ))}
            {c < cols && <th>…</th>}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: r }, (_, i) => (
            <tr key={i}>
              <th>{i}</th>
              {Array.from({ length: c }, (_, j) => (
                <td key={j}>{formatNumber(t.data[i * cols + j])}</td>
              ))}
              {c < cols && <td className="muted">…</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {(r < rows || c < cols) && (
        <p className="muted">
          first {r} of {rows} rows, {c} of {cols} columns
        </p>
      )}
    </div>
  );
}
