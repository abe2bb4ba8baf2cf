/** Errors the trainer reports to users: one line each, saying what and where. */

/**
 * Training cannot start or cannot go on: a bad training block, a missing
 * dataset binding, a non-finite loss. `message` is the first problem, one
 * line; `problems` lists every problem found (a bad block may have several).
 */
export class TrainingError extends Error {
  override readonly name = 'TrainingError';
  readonly problems: readonly string[];

  constructor(
    problems: string | readonly string[],
    /** The step (1-based) at which training stopped, when it stopped mid-run. */
    readonly step?: number,
    /** The node the problem is about, when there is one. */
    readonly node?: string,
  ) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list[0] ?? 'training failed');
    this.problems = list;
  }
}
