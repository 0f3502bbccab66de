import { appendFileSync, writeSync } from 'node:fs';
import { EOL } from 'node:os';
import type { ProblemLocation } from '../problems/problem.js';

/**
 * The GitHub runner's side of the Action door: reading inputs and speaking its workflow commands
 * (`::error file=…,line=…::message`, `::add-mask::`, the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files).
 *
 * Written here instead of importing `@actions/core` because start-up is a target (issue 20): that package
 * loads `@actions/http-client`, `tunnel`, `tls` and `crypto` at start for features this action never uses
 * (OIDC tokens, a random heredoc delimiter), about 7 ms of a run on Node 24 (README, Performance). The
 * command formats are the ones `@actions/core` 3 writes; __tests__/unit/workflow-commands.test.ts checks
 * them against that package line for line.
 */

/** Where the commands go; tests pass their own. */
export interface CommandSink {
  write(text: string): void;
}

/**
 * The runner's log is this process's stdout, a pipe the runner reads. Written with write(2) on fd 1, not
 * through `process.stdout`: building that stream for a pipe costs about 2 ms of start-up on Node 24, for
 * nothing a few short lines need. Synchronous, as `process.stdout` is for pipes on Linux and macOS, so lines
 * keep their order with everything else the step prints.
 */
export const stdout: CommandSink = { write: (text) => writeAll(1, Buffer.from(text, 'utf8')) };

/**
 * Writes every byte, waiting out a full non-blocking pipe (EAGAIN). Any other failure (the runner closed the
 * log: EPIPE) drops the line: a run must go on to un-idle a Forge game even when nobody can read its log.
 */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

export function writeAll(fd: number, bytes: Buffer): void {
  let rest = bytes;
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return;
      // The runner has not read the pipe yet: wait a millisecond instead of spinning a core.
      Atomics.wait(PAUSE, 0, 0, 1);
    }
  }
}

/** A workflow command's message: the runner reads `%`, CR and LF as escapes, everything else as is. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value additionally ends at `:` and `,`. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export class WorkflowCommands {
  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly sink: CommandSink = stdout,
  ) {}

  /**
   * The runner's INPUT_<NAME> variable (spaces as `_`, upper case, hyphens kept), untrimmed: the settings
   * parser decides what whitespace means for each input.
   */
  input(name: string): string {
    return this.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
  }

  info(line: string): void {
    this.sink.write(`${line}${EOL}`);
  }

  debug(line: string): void {
    this.command('debug', line);
  }

  notice(line: string): void {
    this.command('notice', line);
  }

  warning(message: string, place?: ProblemLocation): void {
    this.command('warning', message, place);
  }

  error(message: string, place?: ProblemLocation): void {
    this.command('error', message, place);
  }

  /** Masks the value in every later line of the job's log. */
  mask(secret: string): void {
    this.command('add-mask', secret);
  }

  /**
   * A step output, as `name<<DELIMITER` lines in the GITHUB_OUTPUT file. Without that file (a runner
   * older than 2.297, or @github/local-action) the deprecated `::set-output` command, as `@actions/core`
   * falls back to.
   */
  setOutput(name: string, value: string): void {
    const file = this.env.GITHUB_OUTPUT;
    if (file) appendFileSync(file, `${heredoc(name, value)}${EOL}`, 'utf8');
    else this.sink.write(`${EOL}::set-output name=${escapeProperty(name)}::${escapeData(value)}${EOL}`);
  }

  /** Appends Markdown/HTML to the job summary; false outside a runner, which has none. */
  appendSummary(text: string): boolean {
    const file = this.env.GITHUB_STEP_SUMMARY;
    if (!file) return false;
    appendFileSync(file, `${text}${EOL}`, 'utf8');
    return true;
  }

  private command(name: string, message: string, place?: ProblemLocation): void {
    const properties = place
      ? ` file=${escapeProperty(place.file)}${place.line === undefined ? '' : `,line=${place.line}`}`
      : '';
    this.sink.write(`::${name}${properties}::${escapeData(message)}${EOL}`);
  }
}

/**
 * `name<<DELIMITER`, the value, `DELIMITER` (lines end in the platform's EOL, as `@actions/core` writes
 * them), with a delimiter the value does not contain, so no value can end the heredoc early and write
 * outputs of its own. `@actions/core` picks a random one and throws on a clash;
 * choosing one that is absent makes the same guarantee without a random source or a failure.
 */
export function heredoc(name: string, value: string): string {
  // Names are the action's own (action.yml's outputs); anything else is a bug: `=`, `<<` or a line break
  // in a name would end the runner's parse of the line early.
  if (!/^[A-Za-z_][\w-]*$/.test(name)) throw new Error(`Not an output name: ${JSON.stringify(name)}`);
  let delimiter = 'ghadelimiter_fvtt';
  for (let n = 1; value.includes(delimiter) || name.includes(delimiter); n++)
    delimiter = `ghadelimiter_fvtt${n}`;
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}`;
}
