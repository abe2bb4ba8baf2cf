/**
 * One record per command (name, usage, flags, help text, action), from which
 * the dispatcher, the parser and `--help` are all derived.
 */
import { type Flags, type FlagSpecs, GLOBAL_FLAGS, UsageError, formatFlags, parseArgs } from './args.js';

/** Where a command writes. Each call writes whole lines (a newline is added). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface CommandSpec<S extends FlagSpecs> {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** `validate FILE`. */
  readonly usage: string;
  /** Paragraphs shown under the usage line. */
  readonly description: readonly string[];
  readonly flags: S;
  /** Lines shown after the flags (examples, notes on output). */
  readonly notes?: readonly string[];
  /** Runs the command on FILE; returns the exit code. Throws for errors (main maps them to exit codes). */
  run(file: string, flags: Flags<S & typeof GLOBAL_FLAGS>, io: Io): Promise<number>;
}

/** A command with its flag types erased, as the dispatcher holds it. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  help(): string;
  invoke(args: readonly string[], io: Io): Promise<number>;
}

export function defineCommand<S extends FlagSpecs>(spec: CommandSpec<S>): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    help: () => commandHelp(spec),
    async invoke(args, io) {
      const { positionals, flags } = parseArgs(spec.flags, args);
      if (flags.help) {
        io.out(commandHelp(spec));
        return 0;
      }
      if (positionals.length === 0) throw new UsageError(`${spec.name} needs a FILE (usage: bpstudio ${spec.usage})`);
      if (positionals.length > 1) throw new UsageError(`${spec.name} takes one FILE, got ${positionals.length}: ${positionals.join(' ')}`);
      return spec.run(positionals[0], flags, io);
    },
  };
}

function commandHelp<S extends FlagSpecs>(spec: CommandSpec<S>): string {
  const lines = [`usage: bpstudio ${spec.usage}`, '', ...spec.description, '', 'flags:', ...formatFlags({ ...spec.flags, ...GLOBAL_FLAGS })];
  if (spec.notes?.length) lines.push('', ...spec.notes);
  return lines.join('\n');
}
