/** Number formatting and axis ticks shared by the training views. */

/** Compact text for a measurement: 3 significant digits, exponent form for very small or large magnitudes. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return v.toExponential(1).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

/** A percentage with one decimal below 10%: `0.4%`, `23%`. */
export function formatShare(share: number): string {
  const p = share * 100;
  return `${p < 10 ? p.toFixed(1) : p.toFixed(0)}%`;
}

/** About `count` round tick values (1, 2 or 5 times a power of ten apart, the spacing nearest the asked one) within [lo, hi]. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo || count < 1) return [];
  const raw = (hi - lo) / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).reduce((best, s) => (Math.abs(Math.log(s / raw)) < Math.abs(Math.log(best / raw)) ? s : best));
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  return out;
}
