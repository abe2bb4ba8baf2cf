/**
 * The local gradient rule of the debugger's current node with the numbers
 * filled in, as KaTeX and as plain text (for screen readers and tests), e.g.
 * `\bar a = b \cdot \bar y = -4 \times 1 = -4` / `ā = b · ȳ = -4 × 1 = -4`.
 * Scalars get the arithmetic; tensors get the rule with shapes and a summary
 * of what is sent (every number would be unreadable); ops without a table
 * entry fall back to their registry gradFormula. The result shown is what the
 * engine sent along the edge, never recomputed here.
 */
import { getOp } from '../../core/ops/registry.js';
import { formatShape } from '../../core/tensor/shape.js';
import type { HostTensor } from '../../core/tensor/tensor.js';
import { formatNumber } from './tensor-text.js';
import { type Piece, RULES, type Scalars } from './grad-rule-table.js';

/** TeX and plain text of the same thing. */
export interface Both {
  readonly tex: string;
  readonly text: string;
}

/** What the debugger shows for one input of the current node. */
export interface PortRule extends Both {
  readonly port: string;
  /** For tensors: the shape and size of what is sent, shown as text beside the (then symbolic) TeX. */
  readonly note?: string;
}

export interface RuleInput {
  readonly op: string;
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Values of the connected inputs, by port. */
  readonly inputs: ReadonlyMap<string, HostTensor>;
  readonly out: HostTensor;
  /** The upstream gradient ȳ: d(output)/d(this node). */
  readonly dy: HostTensor;
  /** What the node sent back to each input, by port (absent where the port needs no gradient). */
  readonly sent: ReadonlyMap<string, HostTensor>;
}

/** A number for TeX: `-4`, `1.2\times10^{-7}`, `\infty`, `\mathrm{NaN}`. */
export function texNumber(v: number): string {
  if (Number.isNaN(v)) return '\\mathrm{NaN}';
  if (!Number.isFinite(v)) return v > 0 ? '\\infty' : '-\\infty';
  const s = formatNumber(v);
  const m = /^(-?[\d.]+)e(-?\d+)$/.exec(s);
  return m ? `${m[1]}\\times10^{${m[2]}}` : s;
}

/** A factor after an operator: negatives in parentheses, so `3 × (-4)` never reads as a subtraction. */
function factor(v: number, first: boolean): Both {
  const tex = texNumber(v);
  const text = formatNumber(v);
  return !first && (v < 0 || Object.is(v, -0)) ? { tex: `(${tex})`, text: `(${text})` } : { tex, text };
}

/** TeX `\bar a` / text `ā` (a combining macron, so any port name works). */
export function barred(port: string): Both {
  return { tex: port.length === 1 ? `\\bar ${port}` : `\\overline{\\mathrm{${port.replace(/_/g, '\\_')}}}`, text: `${port}\u0304`.normalize('NFC') };
}

function renderPieces(pieces: readonly Piece[]): Both {
  let tex = '';
  let text = '';
  pieces.forEach((p) => {
    if (typeof p === 'number') {
      // A number opening the expression or a bracket needs no parentheses of its own.
      const f = factor(p, tex === '' || /[([{]$/.test(tex));
      tex += f.tex;
      text += f.text;
    } else {
      tex += p.tex;
      text += p.text;
    }
  });
  return { tex, text };
}

const isScalar = (t: HostTensor | undefined): boolean => t !== undefined && t.data.length === 1;

/** One line per input that received a gradient: the filled-in rule, the shaped rule, or the op's own formula. */
export function fillRules(r: RuleInput): PortRule[] {
  const rule = RULES[r.op];
  const allScalar = isScalar(r.out) && isScalar(r.dy) && [...r.inputs.values()].every(isScalar);
  const out: PortRule[] = [];
  for (const [port, sent] of r.sent) {
    const lhs = barred(port);
    const portRule = rule?.[port];
    if (portRule && allScalar) {
      const s: Scalars = { dy: r.dy.data[0], y: r.out.data[0], v: (p) => r.inputs.get(p)?.data[0] ?? NaN, attr: (name) => attrNumber(r, name) };
      const filled = renderPieces(portRule.fill(s));
      const result = { tex: texNumber(sent.data[0]), text: formatNumber(sent.data[0]) };
      out.push({ port, tex: `${lhs.tex} = ${portRule.sym.tex} = ${filled.tex} = ${result.tex}`, text: `${lhs.text} = ${portRule.sym.text} = ${filled.text} = ${result.text}` });
    } else {
      const sym = portRule?.sym ?? { tex: '', text: '' };
      out.push(shapedRule(port, lhs, sym, r, sent));
    }
  }
  return out;
}

/**
 * The rule in symbols with the shape of what is sent and its mean and largest magnitude (a gradient's
 * plain mean is often about 0, e.g. softmax's rows sum to zero); without a table entry, the op's gradFormula.
 */
function shapedRule(port: string, lhs: Both, sym: Both, r: RuleInput, sent: HostTensor): PortRule {
  let absSum = 0;
  let big = 0;
  for (let i = 0; i < sent.data.length; i++) {
    const a = Math.abs(sent.data[i]);
    absSum += a;
    // NaN must show, not vanish in a comparison.
    if (a > big || Number.isNaN(a)) big = a;
  }
  const meanAbs = sent.data.length ? absSum / sent.data.length : 0;
  const note = `${formatShape(sent.shape)}, mean |·| ${formatNumber(meanAbs)}, max |·| ${formatNumber(big)}`;
  const dyText = `ȳ ${formatShape(r.dy.shape)}`;
  if (sym.tex !== '') return { port, tex: `${lhs.tex} = ${sym.tex}`, text: `${lhs.text} = ${sym.text}: ${note} (${dyText})`, note };
  const formula = getOp(r.op)?.gradFormula ?? '';
  return { port, tex: formula, text: `${lhs.text} by ${r.op}'s rule: ${note} (${dyText})`, note };
}

function attrNumber(r: RuleInput, name: string): number {
  const v = r.attrs[name];
  if (typeof v === 'number') return v;
  const spec = getOp(r.op)?.attrs[name];
  const d = spec && 'default' in spec ? spec.default : undefined;
  return typeof d === 'number' ? d : NaN;
}
