/**
 * The progress log every floor may write to, without knowing where it goes: the entry point plugs in the
 * GitHub runner's log (src/action) or the terminal's (src/cli). Warnings and errors are not written here:
 * steps return them as findings, and the run report shows them.
 */
export interface Log {
  info(line: string): void;
  /** Something the user should see even in a quiet log (a skipped step, a prerelease left alone). */
  notice(line: string): void;
  /** Only shown when the runner's debug logging is on; stack traces of bugs go here. */
  debug(line: string): void;
  /** Keeps a secret out of every later line (the runner's `::add-mask::`). */
  mask(secret: string): void;
}

const quiet: Log = { info() {}, notice() {}, debug() {}, mask() {} };
let sink: Log = quiet;

/** Called once by the entry point, before anything runs. Tests that do not care leave the log quiet. */
export function useLog(target: Log): void {
  sink = target;
}

/** Writes to whatever log the entry point plugged in. Quote outside text through untrusted() first. */
export const log: Log = {
  info: (line) => sink.info(line),
  notice: (line) => sink.notice(line),
  debug: (line) => sink.debug(line),
  mask: (secret) => sink.mask(secret),
};
