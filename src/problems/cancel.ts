import { log } from './log.js';
import { ActionError } from './problem.js';

/**
 * The runner sent SIGINT or SIGTERM (the job was cancelled, or reached its timeout-minutes): nothing more is
 * sent and nothing is retried. An entry point aborts its AbortSignal with the signal's name as the reason.
 */
export class RunCancelled extends ActionError {
  constructor(reason: unknown) {
    super(
      `The run was cancelled${typeof reason === 'string' ? ` (${reason})` : ''}: the job was cancelled or reached its timeout-minutes. A request that was in flight may or may not have reached its server.`,
    );
    this.name = 'RunCancelled';
  }
}

/**
 * The error a request ended by `signal` throws: the reason itself when it is an ActionError (a deadline says
 * what it was), else the run was cancelled.
 */
export function abortedBecause(signal: AbortSignal): ActionError {
  return signal.reason instanceof ActionError ? signal.reason : new RunCancelled(signal.reason);
}

/** Throws when `signal` is already aborted, so nothing new starts after a cancel or past a deadline. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedBecause(signal);
}

/**
 * A signal that aborts after `ms` with an ActionError saying `message` (what ran out of time, and what to do).
 * Its timer does not keep the process alive.
 */
export function deadline(ms: number, message: string): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new ActionError(message)), ms).unref();
  return controller.signal;
}

/** Both signals in one (either aborts it); undefined stays out. */
export function eitherSignal(
  a: AbortSignal | undefined,
  b: AbortSignal | undefined,
): AbortSignal | undefined {
  if (!a || !b) return a ?? b;
  return AbortSignal.any([a, b]);
}

/**
 * The runner cancels a job (or ends one past its timeout-minutes) with SIGINT, then SIGTERM, and kills the
 * process about 7.5 s after the first signal; GitLab and a terminal's Ctrl-C send the same. Either signal
 * aborts the run: the core ends the request in flight, idles a stopped Forge game again, and the outputs and
 * summary are written before the kill. Installed by each door, before the run starts.
 */
export function cancelOnSignals(): AbortSignal {
  const cancel = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (cancel.signal.aborted) {
      log.info(`Received ${name} again; still finishing the cancelled run.`);
      return;
    }
    log.info(
      `Received ${name}: the job was cancelled or reached its timeout. Stopping the request in flight; a stopped Forge game is idled again before the run ends.`,
    );
    cancel.abort(name);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return cancel.signal;
}
