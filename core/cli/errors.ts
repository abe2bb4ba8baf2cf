/**
 * Which errors are the user's (a bad file, a bad flag: exit 1, one line) and
 * which are ours (exit 2). Errors about a file's content get the file's path
 * in front, so the line says where to look.
 */
import { DatasetError } from '../data/dataset.js';
import { LiteralError } from '../graph/literal.js';
import { GraphError, type Problem, formatProblem } from '../graph/types.js';
import { TrainingError } from '../train/errors.js';
import { UsageError } from './args.js';

/** The one-line message for a user error, or undefined for an internal one. */
export function userMessage(e: unknown): string | undefined {
  if (e instanceof UsageError) return e.message;
  return contentMessage(e);
}

/** The message for an error about a graph's content (no path), or undefined. */
function contentMessage(e: unknown): string | undefined {
  if (e instanceof GraphError) return problemsLine(e.problems);
  if (e instanceof TrainingError) return withMore(e.message, e.problems.length - 1);
  if (e instanceof DatasetError || e instanceof LiteralError) return e.message;
  return undefined;
}

/** The first problem, and how many more there are: validate lists them all. */
export function problemsLine(problems: readonly Problem[]): string {
  return withMore(problems.length ? formatProblem(problems[0]) : 'invalid graph', problems.length - 1);
}

function withMore(first: string, more: number): string {
  return more > 0 ? `${first} (and ${more} more problem${more > 1 ? 's' : ''}; bpstudio validate lists them all)` : first;
}

/** Runs `fn`, turning errors about the graph's content into UsageErrors that start with `file: `. */
export async function inFile<T>(file: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const m = contentMessage(e);
    if (m === undefined) throw e;
    throw new UsageError(`${file}: ${m}`, { cause: e });
  }
}
