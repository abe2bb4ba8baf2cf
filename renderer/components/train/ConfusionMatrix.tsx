/**
 * A confusion matrix as a heat-mapped table: rows are the true class,
 * columns the predicted one. Cells are shaded by their share of the row, the
 * diagonal in green and mistakes in red, so where the model confuses which
 * classes stands out; the last column is each class's recall.
 */
import { summarizeConfusion } from '../../model/confusion.js';
import '../../styles/train.css';

export interface ConfusionMatrixProps {
  /** confusion[true][predicted]: counts. */
  readonly confusion: number[][];
  readonly classNames?: readonly string[];
}

const pct = (v: number): string => (Number.isNaN(v) ? '–' : `${(v * 100).toFixed(1)}%`);

function cellStyle(share: number, diag: boolean): React.CSSProperties {
  if (!(share > 0)) return { background: 'var(--canvas)', color: 'var(--muted)' };
  // Mistakes are usually small shares: double them so a 10% confusion is already clearly red.
  const a = diag ? 0.12 + 0.75 * share : Math.min(0.85, 0.12 + 1.6 * share);
  return { background: diag ? `rgba(21, 128, 61, ${a})` : `rgba(220, 38, 38, ${a})`, color: a > 0.5 ? '#fff' : 'var(--text)' };
}

export function ConfusionMatrix({ confusion, classNames }: ConfusionMatrixProps): React.JSX.Element {
  const s = summarizeConfusion(confusion);
  const name = (c: number): string => classNames?.[c] ?? String(c);
  return (
    <div className="confusion" data-testid="confusion-matrix">
      <div className="data-head">
        <h4 className="train-h">Confusion matrix</h4>
        <span className="data-counts">
          accuracy <span className="confusion-acc">{pct(s.accuracy)}</span> ({s.correct} / {s.total})
        </span>
      </div>
      <div className="confusion-scroll">
        <table>
          <thead>
            <tr>
              <th className="axis">true ↓ pred →</th>
              {confusion.map((_, c) => (
                <th key={c} scope="col">
                  {name(c)}
                </th>
              ))}
              <th className="axis recall" scope="col">
                recall
              </th>
            </tr>
          </thead>
          <tbody>
            {confusion.map((row, t) => (
              <tr key={t}>
                <th scope="row">{name(t)}</th>
                {row.map((v, p) => (
                  <td key={p} className={t === p ? 'diag' : undefined} style={cellStyle(s.rowTotals[t] > 0 ? v / s.rowTotals[t] : 0, t === p)} title={`true ${name(t)}, predicted ${name(p)}: ${v}`}>
                    {v}
                  </td>
                ))}
                <td className="recall">{pct(s.recall[t])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
