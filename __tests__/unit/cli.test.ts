import { describe, expect, it } from 'vitest';
import { parseCliArgs, rewordForCli, UsageError } from '../../src/cli/cli-options.js';
import { TerminalReporter } from '../../src/cli/terminal-reporter.js';
import { newRunReport } from '../../src/reporting/run-report.js';

function terminal(options: { tty?: boolean; env?: NodeJS.ProcessEnv; json?: boolean } = {}) {
  const written = { out: '', err: '' };
  const reporter = new TerminalReporter(
    {
      out: { write: (t: string) => (written.out += t), isTTY: options.tty ?? false },
      err: { write: (t: string) => (written.err += t), isTTY: options.tty ?? false },
    },
    {
      json: options.json ?? false,
      verbose: false,
      env: options.env ?? {},
      cwd: '/home/me/project',
      workspace: '/home/me/project/packages/hello',
      reword: rewordForCli,
    },
  );
  return { reporter, written };
}

describe('the terminal reporter', () => {
  it('writes path:line: error: lines relative to the current directory, and a count at the end', async () => {
    const { reporter, written } = terminal();
    reporter.error({ message: 'No id.', location: { file: 'module.json', line: 3 } });
    reporter.warning({ message: 'A BOM.' });
    await reporter.writeSummary(newRunReport());
    expect(written.out.split('\n')).toEqual([
      'packages/hello/module.json:3: error: No id.',
      'warning: A BOM.',
      'fvtt-release: failed',
      '1 error, 1 warning',
      '',
    ]);
  });

  it('colours only a TTY, and never when NO_COLOR is set', () => {
    const tty = terminal({ tty: true });
    tty.reporter.error({ message: 'x' });
    expect(tty.written.out).toContain('\u001b[31merror:\u001b[0m');
    const noColor = terminal({ tty: true, env: { NO_COLOR: '1' } });
    noColor.reporter.error({ message: 'x' });
    expect(noColor.written.out).toBe('error: x\n');
    const pipe = terminal({ tty: false });
    pipe.reporter.error({ message: 'x' });
    expect(pipe.written.out).toBe('error: x\n');
  });

  it('never writes a line a GitHub runner would read as a workflow command, and masks secrets', () => {
    const { reporter, written } = terminal();
    reporter.mask('fvttp_secret123');
    reporter.info('::stop-commands::abc');
    reporter.info('token fvttp_secret123 here');
    expect(written.out.split('\n')).toEqual(['| ::stop-commands::abc', 'token *** here', '']);
  });

  it('keeps stdout one JSON document with --json, the log on stderr', async () => {
    const { reporter, written } = terminal({ json: true });
    reporter.info('reading the release');
    reporter.error({ message: 'bad', location: { file: 'module.json', line: 2 } });
    await reporter.writeSummary(newRunReport());
    expect(JSON.parse(written.out)).toMatchObject({
      status: 'failed',
      errors: [{ message: 'bad', file: 'packages/hello/module.json', line: 2 }],
    });
    expect(written.err).toBe('reading the release\n');
  });
});

describe('the command line', () => {
  it('takes every input as a flag, else as FVTT_<NAME>, flags first; a bare switch is true', () => {
    const args = parseCliArgs(['publish', '--package-id', 'from-flag', '--dry-run'], {
      FVTT_PACKAGE_ID: 'from-env',
      FVTT_IF_EXISTS: 'skip',
    });
    expect(args.command).toBe('publish');
    expect(args.inputs).toMatchObject({ 'package-id': 'from-flag', 'if-exists': 'skip', 'dry-run': 'true' });
  });

  it('refuses every secret given as a flag, naming the variable to use', () => {
    expect(() => parseCliArgs(['publish', '--github-token', 'x', '--forge-world-secret=y'], {})).toThrow(
      UsageError,
    );
    expect(() => parseCliArgs(['publish', '--github-token', 'x'], {})).toThrow(/GITHUB_TOKEN, CI_JOB_TOKEN/);
  });

  it("names the action's inputs as flags and variables in messages", () => {
    expect(rewordForCli("Input 'if-exists' must be one of fail, skip; got 'x'.")).toBe(
      "--if-exists (FVTT_IF_EXISTS) must be one of fail, skip; got 'x'.",
    );
    expect(rewordForCli("Inputs 'release' and 'forge-reset' are both false")).toBe(
      '--release (FVTT_RELEASE) and --forge-reset (FVTT_FORGE_RESET) are both false',
    );
    expect(rewordForCli("Input 'forge-api-key' is required")).toBe('FORGE_API_KEY is required');
    expect(rewordForCli("Pass the 'version' input (e.g. the next version)")).toBe(
      'Pass --version (FVTT_VERSION) (e.g. the next version)',
    );
  });
});
