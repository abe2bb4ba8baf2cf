import { describe, expect, it } from 'vitest';
import { renameNode } from '../../renderer/model/doc-edit.js';
import { idProblem } from '../../renderer/model/ids.js';
import { example } from './helpers.js';

describe('node ids', () => {
  const taken = new Set(['x', 'y', 'q']);

  it('says why an id is refused', () => {
    expect(idProblem('q', taken, 'x')).toBe('"q" is taken by another node');
    expect(idProblem('', taken, 'x')).toBe('an id cannot be empty');
    expect(idProblem(' a', taken, 'x')).toBe('an id cannot start or end with spaces');
  });

  it('accepts a free id and the node own id', () => {
    expect(idProblem('w', taken, 'x')).toBeUndefined();
    expect(idProblem('x', taken, 'x')).toBeUndefined();
  });

  it('refuses a rename to a taken id with the same reason', () => {
    expect(renameNode(example('add-mul.bpgraph'), 'x', 'q')).toEqual({ ok: false, reason: '"q" is taken by another node' });
  });
});
