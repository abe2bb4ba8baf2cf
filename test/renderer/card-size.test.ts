import { describe, expect, it } from 'vitest';
import { getOp } from '../../core/ops/registry.js';
import { CARD, estimateCardSize } from '../../renderer/model/op-catalog.js';
import { example } from './helpers.js';

describe('estimated card sizes (for layouts of cards not drawn yet)', () => {
  it('grows a card with its label and its attr fields, within the card’s bounds', () => {
    const size = (node: Parameters<typeof estimateCardSize>[1]) => estimateCardSize(getOp(node.op), node).width;
    expect(size({ id: 'x', op: 'input' })).toBe(CARD.width);
    // A long id: the chip, the id on one line (about 6.6 px a character at 11 px) and the paddings.
    const long = size({ id: 'hidden_layer_activation_1', op: 'tanh' });
    expect(long).toBeGreaterThan(25 * 6);
    expect(long).toBeLessThanOrEqual(CARD.maxWidth);
    expect(size({ id: 'a'.repeat(80), op: 'add' })).toBe(CARD.maxWidth);
    // A select is as wide as its longest choice: W1's init ('xavier_uniform' among them) widens the card.
    const w1 = example('xor-mlp.bpgraph').nodes.find((n) => n.id === 'W1');
    if (!w1) throw new Error('no W1 in xor-mlp');
    expect(size(w1)).toBeGreaterThan(CARD.width);
  });
});
