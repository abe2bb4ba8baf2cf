/**
 * The `bpstudio` command line: dispatches to one command per file and turns
 * every error into an exit code and one line on stderr (1: the user's
 * mistake, 2: a bug of ours). Stack traces only with --debug.
 */
import { UsageError, closest } from './args.js';
import type { Command, Io } from './command.js';
import { userMessage } from './errors.js';
import { gradcheckCommand } from './gradcheck.js';
import { runCommand } from './run.js';
import { trainCommand } from './train.js';
import { validateCommand } from './validate.js';

/** Every command, in the order the help lists them. */
export const COMMANDS: readonly Command[] = [validateCommand, runCommand, trainCommand, gradcheckCommand];

/** The text of `bpstudio --help`. */
export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: bpstudio COMMAND FILE [flags]',
    '',
    'Backprop Studio: build neural networks out of gates and watch backpropagation happen.',
    'FILE is a .bpgraph graph file.',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  show help for a command: bpstudio help COMMAND`,
    '',
    'Try: bpstudio run assets/examples/add-mul.bpgraph (more in assets/examples/)',
    '',
    'Run `bpstudio COMMAND --help` for the flags of a command. Every command takes',
    '--debug (print stack traces of errors). Exit status: 0 success, 1 a problem',
    'with the input (file, flags), 2 an internal error.',
  ].join('\n');
}

const processIo: Io = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
};

/** Runs the command line `args` (process.argv without node and the script); resolves to the exit code. */
export async function main(args: readonly string[], io: Io = processIo, commands: readonly Command[] = COMMANDS): Promise<number> {
  const end = args.indexOf('--');
  const flagWords = end < 0 ? args : args.slice(0, end);
  const debug = flagWords.includes('--debug');
  try {
    return await dispatch(args, io, commands);
  } catch (e) {
    const message = userMessage(e);
    if (debug) printStacks(e, io);
    if (message !== undefined) {
      io.err(`bpstudio: ${message}`);
      return 1;
    }
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    io.err(`bpstudio: internal error: ${why}${debug ? '' : ' (rerun with --debug for the stack trace, and please report it)'}`);
    return 2;
  }
}

async function dispatch(args: readonly string[], io: Io, commands: readonly Command[]): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined) throw new UsageError('missing command (try bpstudio --help)');
  if (first === '--help' || first === '-h') {
    io.out(generalHelp());
    return 0;
  }
  if (first === 'help') {
    if (rest.length === 0) {
      io.out(generalHelp());
      return 0;
    }
    if (rest.length > 1) throw new UsageError(`help takes one command name, got ${rest.length}`);
    io.out(findCommand(rest[0], commands).help());
    return 0;
  }
  if (first.startsWith('-')) throw new UsageError(`expected a command before ${first} (commands: ${commands.map((c) => c.name).join(', ')})`);
  return findCommand(first, commands).invoke(rest, io);
}

function findCommand(name: string, commands: readonly Command[]): Command {
  const cmd = commands.find((c) => c.name === name);
  if (cmd) return cmd;
  const names = commands.map((c) => c.name);
  const near = closest(name, [...names, 'help']);
  throw new UsageError(`unknown command "${name}"${near ? ` (did you mean ${near}?)` : ` (commands: ${names.join(', ')})`}`);
}

/** The error's stack and those of its causes (a user error may wrap the engine's error). */
function printStacks(e: unknown, io: Io): void {
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 5; cur = cur.cause, depth++) {
    io.err(depth === 0 ? (cur.stack ?? cur.message) : `caused by: ${cur.stack ?? cur.message}`);
  }
}
