import { stat } from 'node:fs/promises';
import path from 'node:path';
import { releaseUrlsFor, unknownRepositoryUrls } from '../hosts/release-urls.js';
import { useLog } from '../problems/log.js';
import { ActionError, type Problem } from '../problems/problem.js';
import { untrusted } from '../problems/untrusted-text.js';
import { checkLocalPackage, type LocalPackage } from '../release/local-check.js';
import { buildPayload } from '../release/release-payload.js';
import { newRunReport, runOutputs, type RunReport } from '../reporting/run-report.js';
import { INPUT_NAMES, parseSettings, type RawInputs } from '../settings/inputs.js';
import { isPullRequest, type RunContext } from '../settings/run-context.js';
import {
  isSecretInput,
  parseCliArgs,
  rewordForCli,
  SECRET_ENV_NAMES,
  SECRET_VARIABLES,
  UsageError,
  type CliArgs,
  type Command,
} from './cli-options.js';
import { ciKind, cliRunContext, hostToken } from './cli-run-context.js';
import { TerminalReporter, type TerminalStreams } from './terminal-reporter.js';

/** Exit codes, as linters have them: 0 no error, 1 errors found (or the run failed), 2 a usage error. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

export interface CliEnvironment {
  env: NodeJS.ProcessEnv;
  streams: TerminalStreams;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM (a cancelled pipeline, Ctrl-C): `publish` and `forge-reset` end safely. */
  signal?: AbortSignal;
}

/** `fvtt-release <command> [flags]`: the CLI's door to the same core the GitHub Action runs. */
export async function main(argv: readonly string[], where: CliEnvironment): Promise<number> {
  const { env, streams } = where;
  const masked = (text: string) =>
    SECRET_ENV_NAMES.reduce((t, name) => (env[name] ? t.replaceAll(env[name], '***') : t), text);
  let args: CliArgs;
  try {
    args = parseCliArgs(argv, env);
    if (args.help) {
      streams.out.write(helpText(args.command));
      return EXIT.ok;
    }
    if (!args.command) throw new UsageError('Give a command: check, publish or forge-reset.');
    return await runCommand(args.command, args, where);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const help = error.command ? `fvtt-release ${error.command} --help` : 'fvtt-release --help';
    streams.err.write(masked(`fvtt-release: usage error: ${error.message}\nSee '${help}'.\n`));
    // --json promises one JSON document on stdout, even when the command line itself is wrong.
    if (wantsJson(argv)) {
      const errors = error.message.split('\n').map((message) => ({ message: masked(message) }));
      streams.out.write(`${JSON.stringify({ status: 'usage-error', errors, help }, null, 2)}\n`);
    }
    return EXIT.usage;
  }
}

/** `--json` before any `--`, whether or not the rest of the command line could be read. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

async function runCommand(command: Command, args: CliArgs, where: CliEnvironment): Promise<number> {
  if (command === 'check') return check(args, where);
  if (args.positionals.length > 0) {
    throw new UsageError(
      `'${command}' takes no path; got '${untrusted(args.positionals[0] ?? '')}'.`,
      command,
    );
  }
  return publishOrReset(command, args, where);
}

function reporterFor(args: CliArgs, where: CliEnvironment, workspace: string): TerminalReporter {
  const reporter = new TerminalReporter(where.streams, {
    json: args.json,
    verbose: args.verbose,
    env: where.env,
    cwd: where.cwd,
    workspace,
    reword: (message) => rewordForCli(message, args.command),
  });
  // Masked before anything runs, as the action masks its secret inputs (SPEC §6).
  for (const name of SECRET_ENV_NAMES) {
    const value = where.env[name]?.trim();
    if (value) reporter.mask(value);
  }
  useLog(reporter);
  return reporter;
}

/** `fvtt-release check [PATH]`: every check that needs no network, on a folder, a manifest or a zip. */
async function check(args: CliArgs, where: CliEnvironment): Promise<number> {
  if (args.positionals.length > 1) {
    throw new UsageError(`'check' takes one PATH; got ${args.positionals.length}.`, 'check');
  }
  const given = args.positionals[0] ?? '.';
  const resolved = path.resolve(where.cwd, given);
  const found = await stat(resolved).catch(() => undefined);
  if (!found) throw new UsageError(`PATH '${untrusted(given)}' does not exist.`, 'check');
  const raw: RawInputs = {
    ...args.inputs,
    ...noSecrets(),
    release: 'true',
    'dry-run': '',
    'forge-reset': 'false',
  };
  let local: LocalPackage;
  let folder = resolved;
  if (found.isDirectory()) local = { kind: 'folder', folder };
  else if (resolved.toLowerCase().endsWith('.json')) {
    folder = path.dirname(resolved);
    raw['manifest-path'] = path.basename(resolved);
    local = { kind: 'folder', folder };
  } else {
    folder = path.dirname(resolved);
    local = { kind: 'zip', file: resolved };
  }
  // --package-zip is found here, from the current folder (absolute allowed): the terminal's user names
  // their own files. The action's workspace rule (SPEC §6b) stays for the Action and for publish.
  const packageZip = raw['package-zip'].trim();
  raw['package-zip'] = '';

  const reporter = reporterFor(args, where, folder);
  const report = newRunReport();
  report.warnings.push(...ignoredByCheck(args, local, packageZip));
  let zipLine: string | undefined;
  try {
    const settings = parseSettings(raw, 'pull_request');
    if (local.kind === 'folder' && packageZip) {
      const zip = settings.checkZip ? await findPackageZip(packageZip, where.cwd) : undefined;
      if (!zip) zipLine = 'not checked: --check-zip is false';
      else if ('problem' in zip) {
        report.problems.push(zip.problem);
        zipLine = `not checked: no file ${untrusted(packageZip, 200)}`;
      } else local = { ...local, packageZip: zip };
    }
    const named = ciKind(where.env) !== 'terminal' || args.where.repository !== undefined;
    const context = named ? cliRunContext(args, where.env) : undefined;
    const urls = context?.repository.repo ? releaseUrlsFor(context) : unknownRepositoryUrls();
    if (!context?.repository.repo) {
      reporter.notice(
        "No repository given (--repository, or a GitHub, GitLab, Forgejo or Gitea CI): the manifest's download URL was not compared with the release's URLs, and the manifest URL below is a template.",
      );
    }
    const result = await checkLocalPackage(settings, local, urls);
    report.problems.push(...result.problems);
    report.warnings.push(...result.warnings);
    if (result.release) report.payload = buildPayload(result.release, false);
    report.packageZip = result.packageZip ?? zipLine;
    if (report.problems.length === 0) report.releaseStatus = 'validated';
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (!(error instanceof ActionError)) throw error;
    report.problems.push(...error.problems);
  }
  await finish(reporter, report);
  return report.problems.length > 0 ? EXIT.problems : EXIT.ok;
}

/** The flags `check` honours; every other input is publish's or forge-reset's. */
const CHECK_FLAGS = [
  'tag',
  'package-id',
  'version',
  'manifest-path',
  'manifest-asset',
  'manifest-url',
  'notes-url',
  'compatibility-minimum',
  'compatibility-verified',
  'compatibility-maximum',
  'package-zip',
  'check-zip',
  'repository',
  'host-url',
  'host',
] as const;

/** Flags given to `check` that only publish or forge-reset read: a warning each, not a failure. */
function ignoredByCheck(args: CliArgs, local: LocalPackage, packageZip: string): Problem[] {
  const ignored = args.flagsGiven.filter((name) => !(CHECK_FLAGS as readonly string[]).includes(name));
  const warnings: Problem[] = [];
  if (ignored.length > 0) {
    warnings.push({
      message: `check ignores ${ignored.map((name) => `--${name}`).join(', ')}: ${ignored.length === 1 ? 'it matters' : 'they matter'} only to publish or forge-reset, and check sends nothing.`,
    });
  }
  if (local.kind === 'zip' && packageZip) {
    warnings.push({
      message: '--package-zip (FVTT_PACKAGE_ZIP) is ignored: PATH is already the zip that is checked.',
    });
  }
  return warnings;
}

/** `check --package-zip`: a file, from the current folder or absolute; label is the path as given. */
async function findPackageZip(
  given: string,
  cwd: string,
): Promise<{ file: string; label: string } | { problem: Problem }> {
  const file = path.resolve(cwd, given);
  const label = untrusted(given, 200);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    return {
      problem: {
        message: `--package-zip (FVTT_PACKAGE_ZIP) is '${label}', but there is no such file (looked at ${untrusted(file, 300)}). Build the zip first, and give its path from the current folder or an absolute path.`,
      },
    };
  }
  return { file, label };
}

/** `publish` and `forge-reset`: the action's run, with this CI's (or the flags') idea of the run. */
async function publishOrReset(
  command: 'publish' | 'forge-reset',
  args: CliArgs,
  where: CliEnvironment,
): Promise<number> {
  const { env } = where;
  const runContext = cliRunContext(args, env);
  const raw: RawInputs = {
    ...args.inputs,
    token: env.FOUNDRY_RELEASE_TOKEN ?? '',
    'forge-api-key': env.FORGE_API_KEY ?? '',
    'forge-world-secret': env.FORGE_WORLD_SECRET ?? '',
    'github-token': hostToken(runContext, env),
  };
  if (command === 'forge-reset') Object.assign(raw, { release: 'false', 'forge-reset': 'true' });
  if (command === 'publish' && ciKind(env) === 'terminal') requireTerminalRelease(runContext, raw);

  const reporter = reporterFor(args, where, runContext.workspace);
  // Loaded by the commands that send: `check` leaves the HTTP layer, the API clients and Foundry's out.
  const { run } = await import('../main.js');
  const report = await run({ raw, runContext: () => runContext, reporter, signal: where.signal });
  if (where.signal?.aborted) return EXIT.problems;
  if (!args.json && report.problems.length === 0 && isPullRequest(runContext.eventName)) {
    reporter.notice('A merge request (or pull request) pipeline: nothing was published.');
  }
  return report.problems.length > 0 ? EXIT.problems : EXIT.ok;
}

/** Outside a CI there is no event: the release is named by --tag in --repository. */
function requireTerminalRelease(run: RunContext, raw: RawInputs): void {
  const missing: string[] = [];
  if (raw.release.trim().toLowerCase() === 'false') return;
  if (!raw.tag.trim()) missing.push('--tag (FVTT_TAG): the tag of the release to publish, e.g. --tag v1.2.3');
  if (!run.repository.repo) {
    missing.push(
      '--repository (FVTT_REPOSITORY): where the release lives, e.g. --repository owner/my-module (with --host-url https://gitlab.com for GitLab, https://codeberg.org for Codeberg)',
    );
  }
  if (missing.length > 0) {
    throw new UsageError(`Outside a CI, publish needs ${missing.join('; and ')}.`, 'publish');
  }
}

function noSecrets(): Pick<RawInputs, 'token' | 'forge-api-key' | 'forge-world-secret' | 'github-token'> {
  return { token: '', 'forge-api-key': '', 'forge-world-secret': '', 'github-token': '' };
}

async function finish(reporter: TerminalReporter, report: RunReport): Promise<void> {
  for (const warning of report.warnings) reporter.warning(warning);
  for (const problem of report.problems) reporter.error(problem);
  // A check resets no Forge world: forge-result would only say "skipped".
  const { 'forge-result': _forge, ...outputs } = runOutputs(report);
  reporter.setOutputs(outputs);
  await reporter.writeSummary(report);
}

const INPUT_FLAGS = INPUT_NAMES.filter((name) => !isSecretInput(name));
const flagList = (names: readonly string[]) => names.map((name) => `--${name}`).join(' ');

const HELP: Record<Command | 'general', string> = {
  general: `fvtt-release — check and publish Foundry VTT package releases (the core of fvtt-release-action)

Usage:
  fvtt-release check [PATH]      every check that needs no network (folder, manifest or zip)
  fvtt-release publish           publish the release of a tag (GitHub Actions, GitLab CI, Forgejo/Gitea
                                 Actions, or --tag/--repository in a terminal)
  fvtt-release forge-reset       reset a Forge demo world, without a release

Each command has --help. Every action input is a flag of the same name and an FVTT_<NAME> variable
(flags win); true/false flags take --flag, --flag=false or --flag false.
Release hosts: --host github|gitlab|gitea|forgejo (else told by --host-url or the CI).
Secrets only from the environment: ${Object.values(SECRET_VARIABLES).join('; ')}.
Exit codes: 0 no error, 1 errors, 2 usage error.
`,
  check: `Usage: fvtt-release check [PATH] [flags]

PATH is a package folder (its manifest at the root or in src/, static/, public/), a manifest file, or a
package zip (default: the current folder). Checks the manifest's fields, the tag rules (with --tag),
version placeholders, ids and URLs, as the release step does. Sends no request and reads no secret.
On a folder it does not check that the files the manifest names exist: give the zip your build makes
with --package-zip (or check the zip itself as PATH) for that.

Flags: --tag --package-id --version --manifest-path --manifest-asset --manifest-url --notes-url
       --compatibility-minimum --compatibility-verified --compatibility-maximum
       --package-zip FILE  (the zip the build made, from the current folder or absolute: checked with the folder)
       --check-zip false   (skip the --package-zip check)
       --repository owner/repo [--host-url URL] [--host github|gitlab|gitea|forgejo]  (compare download URLs with its releases)
       --json (one JSON document on stdout)  --verbose  --help
Other flags (--if-exists, --dry-run, --forge-*…) matter only to publish and forge-reset: check warns and ignores them.
Exit codes: 0 no error (warnings allowed), 1 errors, 2 usage error.
`,
  publish: `Usage: fvtt-release publish [flags]

In GitLab CI (GITLAB_CI) it publishes the release of CI_COMMIT_TAG from the project's release links, and
dry-runs from the workspace manifest in merge request pipelines. In GitHub Actions, and in Forgejo or Gitea
Actions, it reads the event as the action does. In a terminal, give --tag and --repository (and --host-url
for GitLab, Forgejo/Gitea or GitHub Enterprise; --api-url when the API is elsewhere; --host
github|gitlab|gitea|forgejo when the URL does not tell: codeberg.org is Forgejo, gitlab.* GitLab).

Environment: FOUNDRY_RELEASE_TOKEN (required to publish); the host token: GITHUB_TOKEN on GitHub,
GITLAB_TOKEN or CI_JOB_TOKEN on GitLab, GITEA_TOKEN (else GITHUB_TOKEN) on Forgejo/Gitea;
FORGE_API_KEY and FORGE_WORLD_SECRET with --forge-reset.
Flags: ${flagList(INPUT_FLAGS)}
       --repository --host-url --api-url --host github|gitlab|gitea|forgejo --json --verbose --help
`,
  'forge-reset': `Usage: fvtt-release forge-reset --forge-world NAME [flags]

Resets a Forge demo world (from the Bazaar, or from --forge-world-zip), as the action does with
release: false and forge-reset: true. Environment: FORGE_API_KEY (required), FORGE_WORLD_SECRET (optional).
Flags: ${flagList(INPUT_FLAGS.filter((name) => (name.startsWith('forge-') && name !== 'forge-reset') || ['max-retry-wait', 'request-timeout'].includes(name)))}
       --json --verbose --help
`,
};

function helpText(command: Command | undefined): string {
  return HELP[command ?? 'general'];
}
