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

/**
 * Awaits independent checks run together and returns their results in order. When any failed, throws one
 * ActionError with every check's problems, in the order the checks were given, whatever finished first;
 * an error that is not an ActionError (a bug) wins as it is.
 */
export async function allChecks<T extends readonly unknown[]>(
  ...checks: { [K in keyof T]: Promise<T[K]> }
): Promise<T> {
  const settled = await Promise.allSettled(checks);
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  const bug = failures.find((error) => !(error instanceof ActionError));
  if (bug !== undefined) throw bug;
  throwIfAny(failures.flatMap((error) => (error as ActionError).problems));
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
