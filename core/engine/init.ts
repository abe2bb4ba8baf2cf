/** Parameter initialisers (contract.md section 2), drawn from a seeded stream. */
import type { InitName } from '../ops/sources.js';
import { assertNever, type AnyAttrs } from '../ops/attrs.js';
import { Rng } from '../tensor/random.js';
import { type Shape, sizeOf } from '../tensor/shape.js';
import type { HostTensor } from '../tensor/tensor.js';

/**
 * Fan-in and fan-out. Weights here multiply from the right (x · W with W of
 * shape [in, out]), so for 2-D fan_in = shape[0]; conv weights [O, C, kh, kw]
 * follow PyTorch: fan_in = C·kh·kw, fan_out = O·kh·kw.
 */
export function fans(shape: Shape): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  const field = sizeOf(shape.slice(2));
  return [shape[1] * field, shape[0] * field];
}

/** FNV-1a, so a param's stream depends on its id, not on its position in the file. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The stream for one param: its own `seed` attr, else the graph seed mixed with its id. */
export function paramRng(graphSeed: number, id: string, attrs: AnyAttrs): Rng {
  const own = attrs['seed'];
  return new Rng(typeof own === 'number' ? own : (Math.imul(graphSeed >>> 0, 0x9e3779b1) ^ hashString(id)) >>> 0);
}

export function initialize(shape: Shape, attrs: AnyAttrs, rng: Rng): HostTensor {
  const n = sizeOf(shape);
  const data = new Float32Array(n);
  const init = attrs['init'] as InitName;
  const [fanIn, fanOut] = fans(shape);
  const uniform = (a: number) => {
    for (let i = 0; i < n; i++) data[i] = rng.uniform(-a, a);
  };
  const normal = (mean: number, std: number) => {
    for (let i = 0; i < n; i++) data[i] = mean + std * rng.normal();
  };
  switch (init) {
    case 'zeros': break;
    case 'ones': data.fill(1); break;
    case 'constant': data.fill(attrs['constant'] as number); break;
    case 'uniform': {
      const lo = attrs['low'] as number;
      const hi = attrs['high'] as number;
      for (let i = 0; i < n; i++) data[i] = rng.uniform(lo, hi);
      break;
    }
    case 'normal': normal(attrs['mean'] as number, attrs['std'] as number); break;
    case 'xavier_uniform': uniform(Math.sqrt(6 / (fanIn + fanOut))); break;
    case 'xavier_normal': normal(0, Math.sqrt(2 / (fanIn + fanOut))); break;
    case 'he_uniform': uniform(Math.sqrt(6 / fanIn)); break;
    case 'he_normal': normal(0, Math.sqrt(2 / fanIn)); break;
    default: assertNever(init);
  }
  return { shape: [...shape], data };
}
