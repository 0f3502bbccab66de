import { describe, expect, it } from 'vitest';
import { parseCliArgs, rewordForCli, UsageError } from '../../src/cli/cli-options.js';
import { cliRunContext, hostToken } from '../../src/cli/cli-run-context.js';
import { TerminalReporter } from '../../src/cli/terminal-reporter.js';
import { isPullRequest } from '../../src/settings/run-context.js';
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

describe('where the CLI runs', () => {
  const gitLabJob = {
    GITLAB_CI: 'true',
    CI_SERVER_URL: 'https://gitlab.example.com:8080',
    CI_API_V4_URL: 'https://gitlab.example.com:8080/api/v4',
    CI_PROJECT_ID: '24',
    CI_PROJECT_PATH: 'my-group/sub/my-project',
    CI_PROJECT_DIR: '/builds/my-group/sub/my-project',
    CI_COMMIT_TAG: 'v1.2.3',
    CI_PIPELINE_SOURCE: 'push',
    CI_JOB_TOKEN: 'job',
  };

  it("reads a GitLab CI job from GitLab's predefined variables", () => {
    const run = cliRunContext(parseCliArgs(['publish'], gitLabJob), gitLabJob);
    expect(run).toMatchObject({
      hostKind: 'gitlab',
      repository: { owner: 'my-group/sub', repo: 'my-project' },
      projectId: '24',
      apiUrl: 'https://gitlab.example.com:8080/api/v4',
      workspace: '/builds/my-group/sub/my-project',
      tag: 'v1.2.3',
      hostTokenKind: 'job',
    });
    expect(hostToken(run, gitLabJob)).toBe('job');
    const withAccessToken = { ...gitLabJob, GITLAB_TOKEN: 'glpat' };
    const private_ = cliRunContext(parseCliArgs(['publish'], withAccessToken), withAccessToken);
    expect([private_.hostTokenKind, hostToken(private_, withAccessToken)]).toEqual(['private', 'glpat']);
  });

  it('treats a merge request pipeline as a pull request: a dry run from the workspace', () => {
    const run = cliRunContext(parseCliArgs(['publish'], gitLabJob), {
      ...gitLabJob,
      CI_PIPELINE_SOURCE: 'merge_request_event',
    });
    expect(isPullRequest(run.eventName)).toBe(true);
  });

  it('tells GitLab from GitHub in a terminal by --host, else by the host URL', () => {
    const terminal = (...args: string[]) => cliRunContext(parseCliArgs(['publish', ...args], {}), {});
    expect(terminal('--repository', 'me/mod')).toMatchObject({
      hostKind: 'github',
      serverUrl: 'https://github.com',
      apiUrl: 'https://api.github.com',
    });
    expect(terminal('--repository', 'g/mod', '--host-url', 'https://gitlab.com/')).toMatchObject({
      hostKind: 'gitlab',
      apiUrl: 'https://gitlab.com/api/v4',
      projectId: 'g/mod',
    });
    expect(terminal('--host-url', 'https://git.example.org', '--host', 'gitlab').hostKind).toBe('gitlab');
    expect(terminal('--host-url', 'https://ghe.example.org').apiUrl).toBe('https://ghe.example.org/api/v3');
    expect(() => terminal('--host', 'bitbucket')).toThrow(UsageError);
  });
});
