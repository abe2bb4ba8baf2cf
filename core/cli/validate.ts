/** `bpstudio validate FILE`: every problem of a graph file, one per line, or `ok`. */
import { createCpuBackend } from '../backend/cpu/cpu-backend.js';
import { diagnose } from '../engine/compile.js';
import { checkStructure } from '../engine/structure.js';
import { loadGraphText } from '../graph/load.js';
import { GraphError, type GraphDoc, formatProblem } from '../graph/types.js';
import { parseTrainingConfig } from '../train/config.js';
import { TrainingError } from '../train/errors.js';
import { createTrainer } from '../train/trainer.js';
import { defineCommand } from './command.js';
import { readTextFile } from './files.js';
import { trainerOptions } from './graph-file.js';

export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'check a graph file; print ok or every problem found',
  usage: 'validate FILE',
  description: [
    'Checks FILE the way every other command would read it: JSON syntax, the file',
    'format and version, ops, attrs, edges and ports, cycles, tensor literals,',
    'shapes, and the training block (its dataset is built to check the shapes that',
    'bound inputs receive). Prints `ok` on stdout, or each problem on its own line on',
    'stderr as `bpstudio: FILE: where: what`, and exits 1.',
  ],
  flags: {},
  async run(file, _flags, io) {
    const problems = await findProblems(file);
    if (problems.length === 0) {
      io.out('ok');
      return 0;
    }
    for (const p of problems) io.err(`bpstudio: ${file}: ${p}`);
    return 1;
  },
});

/** Every problem of the file, each formatted on one line; empty when the file is fine. */
async function findProblems(file: string): Promise<string[]> {
  const loaded = loadGraphText(await readTextFile(file));
  if (!loaded.ok) return loaded.problems.map(formatProblem);
  const doc = loaded.doc;
  const structural = checkStructure(doc).problems;
  if (structural.length) return structural.map(formatProblem);
  if (doc.training === undefined) return diagnose(doc).map(formatProblem);
  const config = parseTrainingConfig(doc.training);
  if (!config.ok) return config.messages;
  return trainingProblems(file, doc);
}

/** Builds the trainer (dataset, split, session, shape checks) and reports what stops it. */
async function trainingProblems(file: string, doc: GraphDoc): Promise<string[]> {
  try {
    createTrainer(doc, createCpuBackend(), await trainerOptions(file, doc)).dispose();
    return [];
  } catch (e) {
    if (e instanceof GraphError) return e.problems.map(formatProblem);
    if (e instanceof TrainingError) return e.problems.map((p) => (e.node !== undefined && !p.includes(`"${e.node}"`) ? `node "${e.node}": ${p}` : p));
    throw e;
  }
}
