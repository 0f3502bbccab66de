import { isGitLabCi, runContextFromGitLabCi, splitProjectPath } from '../settings/gitlab-run-context.js';
import { runContextFromEnvironment, type HostKind, type RunContext } from '../settings/run-context.js';
import { UsageError, type CliArgs } from './cli-options.js';

/** Where the CLI runs: a CI it reads the run from, or a terminal where flags say it all. */
export type CiKind = 'github-actions' | 'gitlab-ci' | 'terminal';

export function ciKind(env: NodeJS.ProcessEnv): CiKind {
  if (isGitLabCi(env)) return 'gitlab-ci';
  if (env.GITHUB_ACTIONS === 'true') return 'github-actions';
  return 'terminal';
}

const HOST_KINDS: readonly HostKind[] = ['github', 'gitlab'];

/**
 * The run as the CLI sees it: GitLab CI's or GitHub Actions' variables when it runs there, else the flags
 * (`--repository`, `--host-url`, `--api-url`, `--host`). Flags given in a CI override what the CI says.
 */
export function cliRunContext(args: CliArgs, env: NodeJS.ProcessEnv): RunContext {
  const ci = ciKind(env);
  const base =
    ci === 'gitlab-ci'
      ? runContextFromGitLabCi(env)
      : ci === 'github-actions'
        ? runContextFromEnvironment(env)
        : terminalContext(args, env);
  if (ci === 'terminal') return base;
  const { repository, 'host-url': hostUrl, 'api-url': apiUrl } = args.where;
  return {
    ...base,
    ...(repository ? { repository: splitRepository(repository, base.hostKind), projectId: repository } : {}),
    ...(hostUrl ? { serverUrl: trimmed(hostUrl) } : {}),
    ...(apiUrl ? { apiUrl: trimmed(apiUrl) } : {}),
  };
}

function terminalContext(args: CliArgs, env: NodeJS.ProcessEnv): RunContext {
  const { repository = '', 'host-url': hostUrl, 'api-url': apiUrl, host } = args.where;
  const hostKind = hostKindOf(host, hostUrl);
  const serverUrl = trimmed(hostUrl ?? (hostKind === 'gitlab' ? 'https://gitlab.com' : 'https://github.com'));
  return {
    hostKind,
    // No CI event: the release is the one --tag names, as on GitHub's workflow_dispatch.
    eventName: 'terminal',
    payload: {},
    repository: splitRepository(repository, hostKind),
    serverUrl,
    apiUrl: trimmed(apiUrl ?? defaultApiUrl(hostKind, serverUrl)),
    workspace: process.cwd(),
    projectId: hostKind === 'gitlab' && repository ? repository : undefined,
    hostTokenKind: hostKind === 'gitlab' ? (env.GITLAB_TOKEN ? 'private' : 'job') : undefined,
  };
}

/** `--host`, else from the host URL: gitlab.com or a host named gitlab.* is GitLab, anything else GitHub. */
function hostKindOf(host: string | undefined, hostUrl: string | undefined): HostKind {
  if (host !== undefined) {
    const kind = HOST_KINDS.find((k) => k === host.toLowerCase());
    if (!kind)
      throw new UsageError(`--host (FVTT_HOST) must be one of ${HOST_KINDS.join(', ')}; got '${host}'.`);
    return kind;
  }
  if (!hostUrl) return 'github';
  let hostname: string;
  try {
    hostname = new URL(hostUrl).hostname;
  } catch {
    throw new UsageError(`--host-url (FVTT_HOST_URL) is not an absolute URL: '${hostUrl}'.`);
  }
  return /(^|\.)gitlab\./.test(hostname) ? 'gitlab' : 'github';
}

function defaultApiUrl(kind: HostKind, serverUrl: string): string {
  if (kind === 'gitlab') return `${serverUrl}/api/v4`;
  // GitHub Enterprise Server serves its REST API under /api/v3.
  return serverUrl === 'https://github.com' ? 'https://api.github.com' : `${serverUrl}/api/v3`;
}

function splitRepository(repository: string, kind: HostKind): { owner: string; repo: string } {
  if (kind === 'gitlab') return splitProjectPath(repository);
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}

function trimmed(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The release host's token: GITHUB_TOKEN on GitHub; GITLAB_TOKEN, else CI_JOB_TOKEN, on GitLab. */
export function hostToken(run: RunContext, env: NodeJS.ProcessEnv): string {
  if (run.hostKind === 'gitlab') return env.GITLAB_TOKEN || env.CI_JOB_TOKEN || '';
  return env.GITHUB_TOKEN ?? '';
}
