/** The Chromium CPU benchmark's printed tables (`npm run bench:chromium`). */
import { type ChromiumCpuRun, oursLabel, type PairingLabels, peerLabel } from './pairings.js';

const fix = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const cell = (s: string, w: number) => s.padStart(w);

/** The printed tables: matmul GFLOP/s with a column group per pairing, then the training steps a row per pairing. */
export function chromiumCpuTable(r: ChromiumCpuRun): string {
  const out: string[] = [];
  const key = (l: PairingLabels) => JSON.stringify([l.ours, l.oursKernels, l.peer, l.peerThreads, l.peerBinary]);
  const pairings = [...new Map([...r.matmul, ...r.steps].map((l) => [key(l), l])).values()];
  if (r.matmul.length > 0) {
    out.push('matmul, square, float32 (GFLOP/s, median); each ours timed against the tfjs backend beside it, in alternation');
    const head = ['size', ...pairings.flatMap((p) => [oursLabel(p), peerLabel(p), 'ratio']), 'reps', 'max|diff|'];
    const widths = head.map((h) => Math.max(h.length, 6));
    out.push(head.map((h, i) => cell(h, widths[i])).join(' '));
    for (const size of [...new Set(r.matmul.map((m) => m.size))]) {
      const rows = pairings.map((p) => r.matmul.find((m) => m.size === size && key(m) === key(p)));
      const cells = [String(size), ...rows.flatMap((m) => (m ? [fix(m.oursGflops, 2), fix(m.peerGflops, 2), `${fix(m.oursGflops / m.peerGflops, 2)}x`] : ['', '', '']))];
      const present = rows.filter((m) => m !== undefined);
      cells.push(String(Math.min(...present.map((m) => m.reps))), Math.max(...present.map((m) => m.maxDiff)).toExponential(1));
      out.push(cells.map((c, i) => cell(c, widths[i])).join(' '));
    }
  }
  if (r.steps.length > 0) {
    if (out.length > 0) out.push('');
    out.push('Training step, sgd (ms per step, median); ours timed against the tfjs backend beside it, in alternation');
    const loss = (l: readonly [number, number]) => `${fix(l[0], 3)} -> ${fix(l[1], 3)}`;
    out.push(`${'workload'.padEnd(27)} ${cell('ours', 9)} ${cell('tfjs', 13)} ${cell('ours ms', 8)} ${cell('tfjs ms', 8)} ${cell('tfjs/ours', 9)} ${cell('reps', 5)}  loss first -> last (ours | tfjs)`);
    for (const s of r.steps) {
      out.push(`${s.workload.padEnd(27)} ${cell(oursLabel(s), 9)} ${cell(peerLabel(s), 13)} ${cell(fix(s.oursMs, 3), 8)} ${cell(fix(s.peerMs, 3), 8)} ${cell(`${fix(s.peerMs / s.oursMs, 2)}x`, 9)} ${cell(String(s.reps), 5)}  ${loss(s.oursLoss)} | ${loss(s.peerLoss)}`);
    }
  }
  return out.join('\n');
}
