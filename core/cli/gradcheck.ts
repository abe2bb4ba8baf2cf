/** `bpstudio gradcheck FILE`: numeric against analytic gradients for every param and input. */
import { createCpuBackend } from '../backend/cpu/cpu-backend.js';
import { type GradcheckReport, gradcheck } from '../engine/gradcheck.js';
import type { GraphDoc } from '../graph/types.js';
import { UsageError } from './args.js';
import { defineCommand } from './command.js';
import { inFile } from './errors.js';
import { fmtExp } from './format.js';
import { loadGraphFile, prepareSession } from './graph-file.js';

/** Dataset rows fed to bound inputs: enough to exercise the graph, few enough to stay quick. */
export const GRADCHECK_ROWS = 8;
const DEFAULT_THRESHOLD = 1e-4;
const DEFAULT_EPS = 1e-5;

export const gradcheckCommand = defineCommand({
  name: 'gradcheck',
  summary: 'compare analytic gradients with centred finite differences',
  usage: 'gradcheck FILE [--threshold X] [--eps X] [--json]',
  description: [
    'For every param and input the output depends on, compares the gradient of the',
    'backward pass with the centred difference (f(x + eps) - f(x - eps)) / (2 eps),',
    'both in float64 on the CPU, and prints the largest relative error',
    '|a - n| / max(|a|, |n|, 1e-6) per node: up to 64 elements per node, a fixed',
    `sample of larger tensors. Inputs bound to a dataset get ${GRADCHECK_ROWS} rows spread evenly`,
    'over its training split. Exits 1 if any node exceeds the threshold, or if a',
    'sampled gradient (analytic or numeric) is NaN or infinite.',
    '',
    'At a kink (relu at exactly 0, max with a tie) the two differ for good reason:',
    'the centred difference straddles the kink and averages two slopes.',
  ],
  flags: {
    threshold: { kind: 'positive', metavar: 'X', help: `largest acceptable relative error (default ${fmtExp(DEFAULT_THRESHOLD)})` },
    eps: { kind: 'positive', metavar: 'X', help: `finite-difference step (default ${fmtExp(DEFAULT_EPS)})` },
    json: { kind: 'bool', help: 'print the report as one JSON object: { ok, threshold, eps, nodes: [...] }' },
  },
  async run(file, flags, io) {
    const doc = await loadGraphFile(file);
    const threshold = flags.threshold ?? DEFAULT_THRESHOLD;
    const eps = flags.eps ?? DEFAULT_EPS;
    const report = await inFile(file, () => check(file, doc, threshold, eps));
    if (report.nodes.length === 0) throw new UsageError(`${file}: nothing to check: the output depends on no param or input`);
    if (flags.json) {
      io.out(JSON.stringify({ ok: report.ok, threshold, eps, nodes: report.nodes }));
    } else {
      for (const n of report.nodes) {
        const verdict = n.nonFinite !== undefined ? `FAILED: ${n.nonFinite}` : n.maxRelError <= threshold ? 'ok' : 'FAILED';
        io.out(`${n.id} (${n.op}): max relative error ${fmtExp(n.maxRelError)} (${n.checked} of ${n.size} elements)  ${verdict}`);
      }
    }
    const failed = report.nodes.filter((n) => n.nonFinite !== undefined || !(n.maxRelError <= threshold));
    if (failed.length === 0) {
      if (!flags.json) io.out(`ok: ${report.nodes.length} node${report.nodes.length > 1 ? 's' : ''} within ${fmtExp(threshold)}`);
      return 0;
    }
    const why = failed.every((n) => n.nonFinite !== undefined) ? 'gradient not finite' : `relative error above ${fmtExp(threshold)}`;
    io.err(`bpstudio: ${file}: gradcheck FAILED for ${failed.map((n) => n.nonFinite === undefined ? n.id : `${n.id} (${n.nonFinite})`).join(', ')} (${why})`);
    return 1;
  },
});

async function check(file: string, doc: GraphDoc, threshold: number, eps: number): Promise<GradcheckReport> {
  // The trainer's session is only used for its data and seed; gradcheck builds its own float64 session.
  const prepared = await prepareSession(file, doc, createCpuBackend(), GRADCHECK_ROWS);
  prepared.dispose();
  return gradcheck(doc, { threshold, eps, feeds: prepared.feeds, seed: prepared.seed });
}
