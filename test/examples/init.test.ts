import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { Session } from '../../core/engine/executor.js';
import { loadExample } from './example-helpers.js';

const LAYERS = 10;

interface LayerStats {
  readonly std: number;
  /** Fraction of units with |h| > 0.9, where tanh's local gradient 1 - h² is below 0.19. */
  readonly saturated: number;
}

/** Forward pass of an init-* example; std and saturation of each tanh layer's activations. */
function layerStats(name: string): LayerStats[] {
  const backend = createCpuBackend();
  const session = new Session(loadExample(name), backend);
  const r = session.run({ backward: false });
  const stats: LayerStats[] = [];
  for (let l = 1; l <= LAYERS; l++) {
    const t = r.value(`h${l}`);
    if (!t) throw new Error(`layer h${l} missing`);
    const h = backend.readSync(t);
    let mean = 0;
    for (const v of h) mean += v;
    mean /= h.length;
    let sq = 0;
    let sat = 0;
    for (const v of h) {
      sq += (v - mean) ** 2;
      if (Math.abs(v) > 0.9) sat++;
    }
    stats.push({ std: Math.sqrt(sq / h.length), saturated: sat / h.length });
  }
  r.release();
  session.dispose();
  return stats;
}

describe('weight initialisation in a 10-layer tanh net (cs231n)', () => {
  it('differ only in the init attrs of the weights', () => {
    const strip = (name: string) =>
      loadExample(name).nodes.map((n) => (n.id.startsWith('W') ? { ...n, attrs: { shape: n.attrs?.['shape'] } } : n));
    expect(strip('init-xavier')).toEqual(strip('init-small'));
    expect(strip('init-he')).toEqual(strip('init-small'));
    expect(loadExample('init-he').edges).toEqual(loadExample('init-small').edges);
  });

  it('small random init (std 0.01): the activations collapse toward 0, layer after layer', () => {
    const s = layerStats('init-small');
    expect(s[0].std).toBeGreaterThan(0.15);
    expect(s[0].std).toBeLessThan(0.3);
    for (let l = 1; l < LAYERS; l++) {
      // Each layer scales by about 0.01 * sqrt(500) = 0.22.
      expect(s[l].std / s[l - 1].std).toBeGreaterThan(0.18);
      expect(s[l].std / s[l - 1].std).toBeLessThan(0.26);
    }
    expect(s[LAYERS - 1].std).toBeLessThan(1e-5);
    expect(s.every((x) => x.saturated === 0)).toBe(true);
  });

  it('Xavier init: the spread stays healthy, decaying slowly, with no saturation in deep layers', () => {
    const s = layerStats('init-xavier');
    expect(s[0].std).toBeGreaterThan(0.55);
    expect(s[0].std).toBeLessThan(0.7);
    for (let l = 1; l < LAYERS; l++) expect(s[l].std).toBeLessThan(s[l - 1].std);
    expect(s[LAYERS - 1].std).toBeGreaterThan(0.15);
    for (const x of s.slice(3)) expect(x.saturated).toBeLessThan(0.005);
  });

  it('He init with tanh: larger activations that do not decay, with many units in the flat tails', () => {
    const he = layerStats('init-he');
    const xavier = layerStats('init-xavier');
    for (let l = 0; l < LAYERS; l++) expect(he[l].std).toBeGreaterThan(xavier[l].std);
    for (const x of he.slice(4)) {
      expect(x.std).toBeGreaterThan(0.5);
      expect(x.std).toBeLessThan(0.65);
      // A steady few percent saturated in every deep layer: not the total saturation of std-1 weights.
      expect(x.saturated).toBeGreaterThan(0.03);
      expect(x.saturated).toBeLessThan(0.15);
    }
    expect(he[0].saturated).toBeGreaterThan(0.2);
  });
});
