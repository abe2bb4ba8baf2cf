/** Text output helpers: short numbers, truncated tensors, aligned tables. */
import { float32Shortest } from '../graph/literal.js';

/** A number as a person reads it: `-12`, `0.7311`, `1.2e-9`, `NaN`. */
export function fmtNum(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  const s = x.toPrecision(digits);
  // toPrecision keeps trailing zeros and writes `e+`; Number() tidies both.
  return String(Number(s)).replace('e+', 'e');
}

/** `1.2e-9` style, for error sizes. */
export function fmtExp(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  return x.toExponential(1).replace('e+', 'e');
}

/** A tensor's values on one line, at most `max` of them: `[1, 2, 3, ... (784 values)]`; a scalar bare. */
export function fmtValues(shape: readonly number[], data: ArrayLike<number>, max = 6): string {
  if (shape.length === 0) return fmtNum(data[0]);
  const n = data.length;
  const shown: string[] = [];
  for (let i = 0; i < Math.min(n, max); i++) shown.push(fmtNum(data[i]));
  return n > max ? `[${shown.join(', ')}, ... (${n} values)]` : `[${shown.join(', ')}]`;
}

/**
 * Float32 values for JSON, each written with the fewest digits that read back
 * to the same float32. NaN and ±Infinity, which JSON cannot hold, become null.
 */
export function jsonValues(data: ArrayLike<number>): (number | null)[] {
  const out = new Array<number | null>(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    out[i] = Number.isFinite(v) ? float32Shortest(v) : null;
  }
  return out;
}

/** Left-aligned columns separated by two spaces, with a header row. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `12.5%`. */
export function fmtPercent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
