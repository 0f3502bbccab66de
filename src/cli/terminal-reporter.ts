import path from 'node:path';
import type { Problem } from '../problems/problem.js';
import type { Reporter } from '../reporting/reporter.js';
import { forgeResultOutput, statusOutput, type OutputName, type RunReport } from '../reporting/run-report.js';

/** Where the terminal reporter writes: process.stdout/stderr, or strings in tests. */
export interface TerminalStreams {
  out: { write(text: string): unknown; isTTY?: boolean };
  err: { write(text: string): unknown; isTTY?: boolean };
}

export interface TerminalReporterOptions {
  /** One JSON document on stdout at the end; log lines go to stderr. */
  json: boolean;
  /** Debug lines too (--verbose). */
  verbose: boolean;
  /** Colour on a TTY unless NO_COLOR is set (https://no-color.org). */
  env: NodeJS.ProcessEnv;
  /** Problems in local files are shown relative to the current directory, so editors can open them. */
  cwd: string;
  workspace: string;
  /** Rewords a message for this door (the action's input names become flags and variables). */
  reword: (message: string) => string;
}

const COLOURS = { red: 31, yellow: 33, green: 32, dim: 2, bold: 1 } as const;

/**
 * The terminal's Reporter: `path:line: error: message` lines as compilers and linters write them, a summary
 * at the end, or one JSON document with --json. It never writes a workflow command: a line that would start
 * with `::` (which a GitHub runner reads as a command) is quoted, and every secret is replaced in every line.
 */
export class TerminalReporter implements Reporter {
  readonly #secrets = new Set<string>();
  readonly #errors: Problem[] = [];
  readonly #warnings: Problem[] = [];
  #outputs: Partial<Record<OutputName, string>> = {};
  readonly #colour: boolean;

  constructor(
    private readonly streams: TerminalStreams,
    private readonly options: TerminalReporterOptions,
  ) {
    const noColor = options.env.NO_COLOR !== undefined && options.env.NO_COLOR !== '';
    this.#colour = !options.json && !noColor && streams.out.isTTY === true;
  }

  get errorCount(): number {
    return this.#errors.length;
  }

  info(line: string): void {
    this.#log(line);
  }

  notice(line: string): void {
    this.#log(`note: ${line}`);
  }

  debug(line: string): void {
    if (this.options.verbose) this.#log(this.#paint('dim', `debug: ${line}`));
  }

  mask(secret: string): void {
    if (secret !== '') this.#secrets.add(secret);
  }

  warning(problem: Problem): void {
    const reworded = this.#reworded(problem);
    this.#warnings.push(reworded);
    if (!this.options.json) this.#write('out', this.#problemLine(reworded, 'warning', 'yellow'));
  }

  error(problem: Problem): void {
    const reworded = this.#reworded(problem);
    this.#errors.push(reworded);
    if (!this.options.json) this.#write('out', this.#problemLine(reworded, 'error', 'red'));
  }

  setOutputs(outputs: Partial<Record<OutputName, string>>): void {
    this.#outputs = { ...outputs };
  }

  async writeSummary(report: RunReport): Promise<void> {
    if (this.options.json) {
      this.#write('out', JSON.stringify(this.#document(report), null, 2));
      return;
    }
    const status = statusOutput(report);
    const colour = status === 'failed' ? 'red' : 'green';
    const lines = [this.#paint('bold', `fvtt-release: ${this.#paint(colour, status)}`)];
    if (report.skippedBecause) lines[0] += ` (${report.skippedBecause})`;
    const rows: [string, string | undefined][] = [
      ['package', this.#outputs['package-id']],
      ['version', this.#outputs.version],
      ['manifest', this.#outputs['manifest-url']],
      ['notes', this.#outputs['notes-url']],
      ['package zip', report.packageZip],
      ['page', this.#outputs.page],
      ['Foundry says', report.foundryMessage],
      ['forge', report.forgeRequested ? forgeResultOutput(report) : undefined],
    ];
    for (const [name, value] of rows) if (value) lines.push(`  ${name}: ${value}`);
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    lines.push(`${count(this.#errors.length, 'error')}, ${count(this.#warnings.length, 'warning')}`);
    for (const line of lines) this.#write('out', line);
  }

  #document(report: RunReport) {
    const shape = (p: Problem) => ({
      message: p.message,
      ...(p.location ? { file: this.#shownPath(p.location.file), line: p.location.line } : {}),
    });
    return {
      status: statusOutput(report),
      outputs: this.#outputs,
      ...(report.packageZip ? { packageZip: report.packageZip } : {}),
      ...(report.forgeRequested ? { forgeSteps: report.forgeSteps } : {}),
      errors: this.#errors.map(shape),
      warnings: this.#warnings.map(shape),
    };
  }

  #reworded(problem: Problem): Problem {
    return { ...problem, message: this.options.reword(problem.message) };
  }

  #problemLine(problem: Problem, level: string, colour: keyof typeof COLOURS): string {
    const where = problem.location
      ? `${this.#shownPath(problem.location.file)}${problem.location.line ? `:${problem.location.line}` : ''}: `
      : '';
    return `${where}${this.#paint(colour, `${level}:`)} ${problem.message}`;
  }

  #shownPath(file: string): string {
    const shown = path.relative(this.options.cwd, path.resolve(this.options.workspace, file));
    return shown === '' ? file : shown;
  }

  /** Progress lines: stdout for people, stderr under --json so stdout stays one JSON document. */
  #log(line: string): void {
    this.#write(this.options.json ? 'err' : 'out', line);
  }

  #paint(colour: keyof typeof COLOURS, text: string): string {
    return this.#colour ? `\u001b[${COLOURS[colour]}m${text}\u001b[0m` : text;
  }

  #write(stream: 'out' | 'err', text: string): void {
    let safe = text;
    for (const secret of this.#secrets) safe = safe.replaceAll(secret, '***');
    const lines = safe.split(/\r?\n/).map((line) => (/^\s*::/.test(line) ? `| ${line}` : line));
    this.streams[stream].write(`${lines.join('\n')}\n`);
  }
}
