/** Where a problem sits in a local file, so the runner can annotate that line. */
export interface ProblemLocation {
  file: string;
  line?: number;
}

/** One thing the user has to fix, phrased so they can act on it. */
export interface Problem {
  message: string;
  location?: ProblemLocation;
}

/**
 * The one error type that carries user-facing messages. `run()` turns each problem into an
 * `::error::` annotation; anything else that is thrown is a bug and is reported as one.
 */
export class ActionError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: Problem | string | readonly (Problem | string)[]) {
    const list = (Array.isArray(problems) ? problems : [problems]).map((p: Problem | string) =>
      typeof p === 'string' ? { message: p } : p,
    );
    super(list.map((p) => p.message).join('\n'));
    this.name = 'ActionError';
    this.problems = list;
  }
}

/** Throws one ActionError holding every problem found, if any. */
export function throwIfAny(problems: readonly Problem[]): void {
  if (problems.length > 0) throw new ActionError(problems);
}
