import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';

describe('CPU backend storage', () => {
  it('allocates zeroed tensors of the asked shape in its precision', async () => {
    for (const precision of ['float32', 'float64'] as const) {
      const b = createCpuBackend({ precision });
      const t = b.alloc([2, 3]);
      expect(t.shape).toEqual([2, 3]);
      const data = await b.download(t);
      expect(data).toBeInstanceOf(precision === 'float32' ? Float32Array : Float64Array);
      expect([...data]).toEqual([0, 0, 0, 0, 0, 0]);
      expect([...(await b.download(b.alloc([])))]).toEqual([0]);
    }
  });

  it('gives each allocation its own storage, and downloads copies', async () => {
    const b = createCpuBackend({ precision: 'float32' });
    const a = b.alloc([3]);
    const c = b.alloc([3]);
    b.readSync(a).fill(5);
    expect([...(await b.download(c))]).toEqual([0, 0, 0]);
    const copy = await b.download(a);
    copy[0] = 1;
    expect([...b.readSync(a)]).toEqual([5, 5, 5]);
  });
});
