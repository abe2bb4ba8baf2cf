/**
 * Binary and unary elementwise ops. Binary ops broadcast like NumPy; their
 * backward passes sum the gradient back over the broadcast axes (k.sumTo).
 */
import type { BinaryOp, DeviceTensor, UnaryGradOp } from '../backend/backend.js';
import { broadcastShapes, type Shape } from '../tensor/shape.js';
import type { AttrSpecs } from './attrs.js';
import { type ComputeOpDef, defineOp, type OpDocs } from './define-op.js';
import type { Kernels } from './kernels.js';

const AB = [
  { name: 'a', description: 'left operand' },
  { name: 'b', description: 'right operand (broadcast against a)' },
] as const;

type BinaryGrad = (k: Kernels, a: DeviceTensor, b: DeviceTensor, out: DeviceTensor, dy: DeviceTensor, needs: readonly boolean[]) => [DeviceTensor | null, DeviceTensor | null];

function binaryOp(name: BinaryOp, docs: Omit<OpDocs, 'category'>, grad: BinaryGrad): ComputeOpDef {
  return defineOp({
    name,
    ...docs,
    category: 'binary',
    inputs: AB,
    attrs: {},
    shape: ([a, b]) => broadcastShapes(a as Shape, b as Shape),
    forward: ({ k }, [a, b]) => k.binary(name, a as DeviceTensor, b as DeviceTensor),
    backward: ({ k }, { inputs: [a, b], out, dy, needs }) => {
      const [ga, gb] = grad(k, a as DeviceTensor, b as DeviceTensor, out, dy, needs);
      return [ga && k.sumTo(ga, (a as DeviceTensor).shape), gb && k.sumTo(gb, (b as DeviceTensor).shape)];
    },
  });
}

export const add = binaryOp(
  'add',
  { label: '+', description: 'add: distributes the gradient unchanged to both inputs', formula: 'a + b', gradFormula: '\\bar a = \\bar y,\\quad \\bar b = \\bar y' },
  (_k, _a, _b, _o, dy) => [dy, dy],
);

export const sub = binaryOp(
  'sub',
  { label: '−', description: 'sub: passes the gradient to a and its negative to b', formula: 'a - b', gradFormula: '\\bar a = \\bar y,\\quad \\bar b = -\\bar y' },
  (k, _a, _b, _o, dy, needs) => [dy, needs[1] ? k.neg(dy) : null],
);

export const mul = binaryOp(
  'mul',
  { label: '×', description: 'mul: swaps the inputs — each gets the other input times the gradient', formula: 'a \\cdot b', gradFormula: '\\bar a = b\\,\\bar y,\\quad \\bar b = a\\,\\bar y' },
  (k, a, b, _o, dy, needs) => [needs[0] ? k.mul(dy, b) : null, needs[1] ? k.mul(dy, a) : null],
);

export const div = binaryOp(
  'div',
  { label: '÷', description: 'div: a gets the gradient over b; b gets minus the output over b times it', formula: 'a / b', gradFormula: '\\bar a = \\bar y / b,\\quad \\bar b = -\\bar y\\, a / b^2' },
  (k, _a, b, out, dy, needs) => [needs[0] ? k.div(dy, b) : null, needs[1] ? k.neg(k.div(k.mul(dy, out), b)) : null],
);

/** Routes dy to `a` where mask is 1 and to `b` elsewhere. */
function route(k: Kernels, mask: DeviceTensor, dy: DeviceTensor, needs: readonly boolean[]): [DeviceTensor | null, DeviceTensor | null] {
  const ga = k.mul(dy, mask);
  return [needs[0] ? ga : null, needs[1] ? k.sub(dy, ga) : null];
}

export const max = binaryOp(
  'max',
  { label: 'max', description: 'max: routes the gradient to the larger input (ties: to a)', formula: '\\max(a, b)', gradFormula: '\\bar a = [a \\ge b]\\,\\bar y,\\quad \\bar b = [a < b]\\,\\bar y' },
  (k, a, b, _o, dy, needs) => route(k, k.binary('ge', a, b), dy, needs),
);

export const min = binaryOp(
  'min',
  { label: 'min', description: 'min: routes the gradient to the smaller input (ties: to a)', formula: '\\min(a, b)', gradFormula: '\\bar a = [a \\le b]\\,\\bar y,\\quad \\bar b = [a > b]\\,\\bar y' },
  (k, a, b, _o, dy, needs) => route(k, k.binary('ge', b, a), dy, needs),
);

export const pow = binaryOp(
  'pow',
  {
    label: 'pow',
    description: 'pow: a^b; the exponent gets a gradient only where a > 0',
    formula: 'a^{b}',
    gradFormula: '\\bar a = b\\,a^{b-1}\\,\\bar y,\\quad \\bar b = a^b \\ln a\\,\\bar y',
  },
  (k, a, b, out, dy, needs) => {
    const ga = needs[0] ? k.mul(dy, k.mul(b, k.binary('pow', a, k.sub(b, k.scalar(1))))) : null;
    let gb: DeviceTensor | null = null;
    if (needs[1]) {
      // ln a is undefined for a <= 0; clamp it and mask it out there rather than propagate NaN.
      const positive = k.binary('gt', a, k.scalar(0));
      const lnA = k.unary('log', k.binary('max', a, k.scalar(1e-30)));
      gb = k.mul(k.mul(dy, out), k.mul(lnA, positive));
    }
    return [ga, gb];
  },
);

interface UnarySpec {
  readonly name: UnaryGradOp;
  readonly label: string;
  readonly description: string;
  readonly formula: string;
  readonly gradFormula: string;
  readonly alpha?: { readonly default: number; readonly description: string };
}

function unaryOp(spec: UnarySpec): ComputeOpDef {
  const attrs: AttrSpecs = spec.alpha ? { alpha: { type: 'number', default: spec.alpha.default, description: spec.alpha.description } } : {};
  const alphaOf = (a: Readonly<Record<string, unknown>>) => (typeof a['alpha'] === 'number' ? a['alpha'] : 0);
  return defineOp({
    name: spec.name,
    label: spec.label,
    description: spec.description,
    formula: spec.formula,
    gradFormula: spec.gradFormula,
    category: 'unary',
    inputs: [{ name: 'x', description: 'input' }],
    attrs,
    shape: ([x]) => x as Shape,
    forward: ({ k }, [x], a) => k.unary(spec.name, x as DeviceTensor, alphaOf(a)),
    backward: ({ k }, { inputs: [x], out, dy, attrs: a }) => [k.unaryGrad(spec.name, x as DeviceTensor, out, dy, alphaOf(a))],
  });
}

export const unaryOps: readonly ComputeOpDef[] = [
  { name: 'neg', label: '−x', description: 'neg: flips the sign of the gradient', formula: '-x', gradFormula: '\\bar x = -\\bar y' },
  { name: 'exp', label: 'exp', description: 'exp: the gradient is scaled by the output itself', formula: 'e^{x}', gradFormula: '\\bar x = e^{x}\\,\\bar y' },
  { name: 'log', label: 'log', description: 'log: natural logarithm; the gradient is divided by x', formula: '\\ln x', gradFormula: '\\bar x = \\bar y / x' },
  { name: 'sqrt', label: '√', description: 'sqrt: the gradient is divided by twice the output', formula: '\\sqrt{x}', gradFormula: '\\bar x = \\bar y / (2\\sqrt{x})' },
  { name: 'abs', label: '|x|', description: 'abs: passes the gradient with the sign of x (0 at 0)', formula: '|x|', gradFormula: '\\bar x = \\operatorname{sign}(x)\\,\\bar y' },
  { name: 'recip', label: '1/x', description: 'recip: 1/x; the gradient is scaled by −1/x²', formula: '1/x', gradFormula: '\\bar x = -\\bar y / x^2' },
  { name: 'square', label: 'x²', description: 'square: the gradient is scaled by 2x', formula: 'x^2', gradFormula: '\\bar x = 2x\\,\\bar y' },
  { name: 'sigmoid', label: 'σ', description: 'sigmoid: squashes to (0, 1); local gradient σ(1−σ), at most 1/4', formula: '\\sigma(x) = \\frac{1}{1 + e^{-x}}', gradFormula: '\\bar x = \\sigma(x)(1-\\sigma(x))\\,\\bar y' },
  { name: 'tanh', label: 'tanh', description: 'tanh: squashes to (−1, 1); local gradient 1 − tanh²', formula: '\\tanh x', gradFormula: '\\bar x = (1 - \\tanh^2 x)\\,\\bar y' },
  { name: 'relu', label: 'ReLU', description: 'relu: passes the gradient where x > 0 and kills it elsewhere', formula: '\\max(0, x)', gradFormula: '\\bar x = [x > 0]\\,\\bar y' },
  {
    name: 'leaky_relu', label: 'leaky', description: 'leaky_relu: like relu, but a small slope α lets some gradient through for x ≤ 0',
    formula: 'x > 0 \\,?\\, x : \\alpha x', gradFormula: '\\bar x = (x > 0 \\,?\\, 1 : \\alpha)\\,\\bar y',
    alpha: { default: 0.01, description: 'slope for x ≤ 0' },
  },
  {
    name: 'elu', label: 'ELU', description: 'elu: x for x > 0, α(eˣ − 1) below; smooth, negative outputs',
    formula: 'x > 0 \\,?\\, x : \\alpha(e^{x} - 1)', gradFormula: '\\bar x = (x > 0 \\,?\\, 1 : y + \\alpha)\\,\\bar y',
    alpha: { default: 1, description: 'saturation value for large negative x' },
  },
  { name: 'softplus', label: 'softplus', description: 'softplus: a smooth relu, ln(1 + eˣ); its gradient is σ(x)', formula: '\\ln(1 + e^{x})', gradFormula: '\\bar x = \\sigma(x)\\,\\bar y' },
].map((s) => unaryOp(s as UnarySpec));

export const binaryOps: readonly ComputeOpDef[] = [add, sub, mul, div, max, min, pow];
