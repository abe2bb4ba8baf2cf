/** `bpstudio train FILE`: trains with the file's training block; optionally saves the trained graph. */
import { writeGraph } from '../graph/write.js';
import type { EpochRecord, TrainResult } from '../train/trainer.js';
import { createTrainer } from '../train/trainer.js';
import { defineCommand, type Io } from './command.js';
import { inFile } from './errors.js';
import { checkWritable, writeFileAtomic } from './files.js';
import { fmtNum, fmtPercent } from './format.js';
import { BACKEND_FLAG, loadGraphFile, selectBackend, trainerOptions } from './graph-file.js';

/** Without --json, at most about this many epoch lines are printed (plus the last). */
const MAX_EPOCH_LINES = 25;

export const trainCommand = defineCommand({
  name: 'train',
  summary: "train with the file's training block; --out saves the trained graph",
  usage: 'train FILE [--epochs N] [--steps N] [--backend cpu|webgpu|auto] [--out FILE2] [--json]',
  description: [
    "Trains the graph with its training block (dataset, optimizer, batch size, seed).",
    'Prints the loss (and accuracy, with training.predictions) of the training and',
    'validation splits after each epoch, or after every few epochs on long runs. The',
    'same file and seed give the same numbers, bit for bit.',
  ],
  flags: {
    epochs: { kind: 'int', metavar: 'N', help: 'train for N epochs (default: training.epochs)' },
    steps: { kind: 'int', metavar: 'N', help: 'stop after N optimizer steps in total (default: training.steps, else no cap)' },
    backend: BACKEND_FLAG,
    out: {
      kind: 'string',
      metavar: 'FILE2',
      help: 'write the trained graph (params stored in attrs.value) to FILE2, atomically: it appears complete or not at all',
    },
    json: { kind: 'bool', help: 'print { "history": [...], "final": {...} } instead of progress lines' },
  },
  notes: [
    'JSON output: history has one entry per epoch: { step, epoch, loss, accuracy?,',
    'valLoss?, valAccuracy?, lr }, measured in eval mode on the whole split after the',
    "epoch's last step; final is the last entry plus stoppedEarly and reason",
    '(epochs, steps, early-stopping), or with earlyStopping.restoreBest the best',
    'epoch\'s entry plus restoredEpoch. Non-finite numbers are written as null.',
    '',
    'example: bpstudio train assets/examples/xor-mlp.bpgraph --epochs 300 --out xor-trained.bpgraph',
  ],
  async run(file, flags, io) {
    const doc = await loadGraphFile(file);
    // Fail before a long run, not after it.
    if (flags.out !== undefined) await checkWritable(flags.out);
    const started = Date.now();
    let total = flags.epochs ?? 0;
    let printed: EpochRecord | undefined;
    const backend = await selectBackend(flags.backend);
    const { result, text } = await inFile(file, async () => {
      const trainer = createTrainer(doc, backend, await trainerOptions(file, doc));
      total = flags.epochs ?? trainer.config.epochs;
      try {
        const every = Math.max(1, Math.ceil(total / MAX_EPOCH_LINES));
        const result = await trainer.run({
          epochs: flags.epochs,
          steps: flags.steps,
          onProgress: (p) => {
            if (flags.json || p.type !== 'epoch') return;
            if (p.record.epoch % every === 0 || p.record.epoch === 1) {
              io.out(epochLine(p.record, total));
              printed = p.record;
            }
          },
        });
        const text = flags.out === undefined ? undefined : writeGraph(await trainer.exportGraph());
        return { result, text };
      } finally {
        trainer.dispose();
      }
    }).finally(() => backend.dispose());
    if (flags.out !== undefined && text !== undefined) await writeFileAtomic(flags.out, text);
    if (flags.json) {
      io.out(JSON.stringify({ history: result.history, final: result.final }));
      return 0;
    }
    // The last epoch's line may have been skipped by the every-N rule; always show it.
    const last = result.history.at(-1) ?? result.final;
    if (printed?.step !== last.step || printed.epoch !== last.epoch) io.out(epochLine(last, total));
    summarize(result.final, last, (Date.now() - started) / 1000, io);
    if (flags.out !== undefined) io.out(`wrote the trained graph to ${flags.out}`);
    return 0;
  },
});

function epochLine(r: EpochRecord, total: number): string {
  return `epoch ${String(r.epoch).padStart(String(total).length)}/${total}  ${measures(r)}`;
}

/** Step, losses, accuracies and learning rate of one record. */
function measures(r: EpochRecord): string {
  const parts = [`step ${r.step}`, `loss ${fmtNum(r.loss)}`];
  if (r.accuracy !== undefined) parts.push(`accuracy ${fmtPercent(r.accuracy)}`);
  if (r.valLoss !== undefined) parts.push(`val loss ${fmtNum(r.valLoss)}`);
  if (r.valAccuracy !== undefined) parts.push(`val accuracy ${fmtPercent(r.valAccuracy)}`);
  parts.push(`lr ${fmtNum(r.lr)}`);
  return parts.join('  ');
}

const REASONS: Readonly<Record<TrainResult['final']['reason'], string>> = {
  epochs: 'all epochs done',
  steps: 'step limit reached',
  'early-stopping': 'stopped early: no improvement',
  stopped: 'stopped',
};

/** `f` is the model as the run leaves it, `last` the last epoch trained (the same unless the best was restored). */
function summarize(f: TrainResult['final'], last: EpochRecord, seconds: number, io: Io): void {
  io.out(`done: ${REASONS[f.reason]} after ${last.epoch} epoch${last.epoch === 1 ? '' : 's'} (${last.step} steps) in ${seconds.toFixed(1)} s`);
  if (f.restoredEpoch !== undefined) io.out(`restored the weights of epoch ${f.restoredEpoch}, the best: ${measures(f)}`);
}
