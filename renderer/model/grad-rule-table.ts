/**
 * One table of gradient rules for the debugger, one entry per op and input
 * port: the rule in symbols (TeX and text) and how to fill it in with the
 * node's numbers. The symbols follow each op's registry gradFormula; the
 * numbers come from the Run (inputs, output y, upstream gradient ȳ). Pieces
 * are TeX/text pairs or numbers, so one list renders both ways.
 */

/** What a rule can read: the scalars of the current node. */
export interface Scalars {
  readonly dy: number;
  readonly y: number;
  /** An input's value, by port. */
  v(port: string): number;
  attr(name: string): number;
}

export type Piece = number | { readonly tex: string; readonly text: string };

export interface PortRule {
  readonly sym: { readonly tex: string; readonly text: string };
  readonly fill: (s: Scalars) => readonly Piece[];
}

const t = (tex: string, text: string = tex) => ({ tex, text });
const TIMES = t(' \\times ', ' × ');
const OVER = t(' / ', ' / ');
const MINUS = t('-');
const sym = (tex: string, text: string) => ({ tex, text });

/** ȳ passed on unchanged: add distributes. */
const pass: PortRule = { sym: sym('\\bar y', 'ȳ'), fill: (s) => [s.dy] };
/** The upstream gradient scaled by a local slope: `slope × ȳ`. */
const scaled = (tex: string, text: string, slope: (s: Scalars) => readonly Piece[]): PortRule => ({ sym: sym(`${tex}\\,\\bar y`, `${text} · ȳ`), fill: (s) => [...slope(s), TIMES, s.dy] });
/** An Iverson bracket `[a ≥ b]` filled in with the numbers, e.g. `[-2 ≥ 5]`. */
const bracket = (a: number, opTex: string, opText: string, b: number): Piece[] => [t('['), a, t(` ${opTex} `, ` ${opText} `), b, t(']')];
/** The slope a piecewise op took at x, e.g. leaky relu's 1 or α. */
const chosen = (x: number, above: number, below: number): number => (x > 0 ? above : below);

export const RULES: Readonly<Record<string, Readonly<Record<string, PortRule>>>> = {
  add: { a: pass, b: pass },
  sub: { a: pass, b: { sym: sym('-\\bar y', '−ȳ'), fill: (s) => [MINUS, t('('), s.dy, t(')')] } },
  // mul swaps: each input gets the other one times ȳ.
  mul: { a: { sym: sym('b \\cdot \\bar y', 'b · ȳ'), fill: (s) => [s.v('b'), TIMES, s.dy] }, b: { sym: sym('a \\cdot \\bar y', 'a · ȳ'), fill: (s) => [s.v('a'), TIMES, s.dy] } },
  div: {
    a: { sym: sym('\\bar y / b', 'ȳ / b'), fill: (s) => [s.dy, OVER, s.v('b')] },
    b: { sym: sym('-\\bar y\\, a / b^2', '−ȳ · a / b²'), fill: (s) => [MINUS, s.dy, TIMES, s.v('a'), OVER, t('('), s.v('b'), t(')^2', ')²')] },
  },
  // max and min route: the bracket is 1 for the input that won, 0 for the other.
  max: {
    a: { sym: sym('[a \\ge b]\\,\\bar y', '[a ≥ b] · ȳ'), fill: (s) => [...bracket(s.v('a'), '\\ge', '≥', s.v('b')), TIMES, s.dy] },
    b: { sym: sym('[a < b]\\,\\bar y', '[a < b] · ȳ'), fill: (s) => [...bracket(s.v('a'), '<', '<', s.v('b')), TIMES, s.dy] },
  },
  min: {
    a: { sym: sym('[a \\le b]\\,\\bar y', '[a ≤ b] · ȳ'), fill: (s) => [...bracket(s.v('a'), '\\le', '≤', s.v('b')), TIMES, s.dy] },
    b: { sym: sym('[a > b]\\,\\bar y', '[a > b] · ȳ'), fill: (s) => [...bracket(s.v('a'), '>', '>', s.v('b')), TIMES, s.dy] },
  },
  pow: {
    a: { sym: sym('b\\,a^{b-1}\\,\\bar y', 'b · a^(b−1) · ȳ'), fill: (s) => [s.v('b'), TIMES, t('('), s.v('a'), t(')^{', ')^'), s.v('b') - 1, t('}', ''), TIMES, s.dy] },
    b: { sym: sym('a^b \\ln a\\,\\bar y', 'a^b · ln a · ȳ'), fill: (s) => [s.y, TIMES, t('\\ln(', 'ln('), s.v('a'), t(')'), TIMES, s.dy] },
  },
  neg: { x: { sym: sym('-\\bar y', '−ȳ'), fill: (s) => [MINUS, t('('), s.dy, t(')')] } },
  // exp's slope is its own output, so the filled-in rule shows y rather than recomputing e^x.
  exp: { x: scaled('e^{x}', 'eˣ', (s) => [s.y]) },
  log: { x: { sym: sym('\\bar y / x', 'ȳ / x'), fill: (s) => [s.dy, OVER, s.v('x')] } },
  sqrt: { x: { sym: sym('\\bar y / (2\\sqrt{x})', 'ȳ / (2√x)'), fill: (s) => [s.dy, t(' / (2 \\times ', ' / (2 × '), s.y, t(')')] } },
  abs: { x: scaled('\\operatorname{sign}(x)', 'sign(x)', (s) => [Math.sign(s.v('x'))]) },
  recip: { x: { sym: sym('-\\bar y / x^2', '−ȳ / x²'), fill: (s) => [MINUS, s.dy, OVER, t('('), s.v('x'), t(')^2', ')²')] } },
  square: { x: scaled('2x', '2x', (s) => [2, TIMES, s.v('x')]) },
  sigmoid: { x: scaled('\\sigma(x)(1-\\sigma(x))', 'σ(x)(1 − σ(x))', (s) => [s.y, t(' \\times (1 - ', ' × (1 − '), s.y, t(')')]) },
  tanh: { x: scaled('(1 - \\tanh^2 x)', '(1 − tanh² x)', (s) => [t('(1 - ', '(1 − '), s.y, t('^2)', '²)')]) },
  relu: { x: scaled('[x > 0]', '[x > 0]', (s) => [t('['), s.v('x'), t(' > 0]')]) },
  leaky_relu: { x: scaled('(x > 0 \\,?\\, 1 : \\alpha)', '(x > 0 ? 1 : α)', (s) => [chosen(s.v('x'), 1, s.attr('alpha'))]) },
  elu: { x: scaled('(x > 0 \\,?\\, 1 : y + \\alpha)', '(x > 0 ? 1 : y + α)', (s) => [chosen(s.v('x'), 1, s.y + s.attr('alpha'))]) },
  softplus: { x: scaled('\\sigma(x)', 'σ(x)', (s) => [1 / (1 + Math.exp(-s.v('x')))]) },
};
