import { giteaFamily } from '../settings/gitea-run-context.js';
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

/** `--host` values: Forgejo and Gitea speak GitHub's release shape at `<server>/api/v1`. */
const HOSTS = ['github', 'gitlab', 'gitea', 'forgejo'] as const;
type HostName = (typeof HOSTS)[number];

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
  const hostName = hostNameOf(host, hostUrl);
  const hostKind: HostKind = hostName === 'gitlab' ? 'gitlab' : 'github';
  if ((hostName === 'gitea' || hostName === 'forgejo') && !hostUrl) {
    throw new UsageError(
      `--host ${hostName} needs --host-url (FVTT_HOST_URL): the server, e.g. https://codeberg.org.`,
    );
  }
  const serverUrl = trimmed(hostUrl ?? (hostKind === 'gitlab' ? 'https://gitlab.com' : 'https://github.com'));
  const resolvedApiUrl = trimmed(apiUrl ?? defaultApiUrl(hostName, serverUrl));
  const gitea =
    hostName === 'forgejo' ? 'Forgejo' : hostName === 'gitea' ? 'Gitea' : giteaFamily({}, resolvedApiUrl);
  return {
    hostKind,
    // No CI event: the release is the one --tag names, as on GitHub's workflow_dispatch.
    eventName: 'terminal',
    payload: {},
    repository: splitRepository(repository, hostKind),
    serverUrl,
    apiUrl: resolvedApiUrl,
    gitea,
    workspace: process.cwd(),
    projectId: hostKind === 'gitlab' && repository ? repository : undefined,
    hostTokenKind: hostKind === 'gitlab' ? (env.GITLAB_TOKEN ? 'private' : 'job') : undefined,
  };
}

/**
 * `--host`, else from the host URL: gitlab.com or a host named gitlab.* is GitLab, codeberg.org Forgejo,
 * anything else GitHub (give `--host gitea` or an `--api-url` ending in /api/v1 for a self-hosted Gitea).
 */
function hostNameOf(host: string | undefined, hostUrl: string | undefined): HostName {
  if (host !== undefined) {
    const name = HOSTS.find((k) => k === host.toLowerCase());
    if (!name) throw new UsageError(`--host (FVTT_HOST) must be one of ${HOSTS.join(', ')}; got '${host}'.`);
    return name;
  }
  if (!hostUrl) return 'github';
  let hostname: string;
  try {
    hostname = new URL(hostUrl).hostname;
  } catch {
    throw new UsageError(`--host-url (FVTT_HOST_URL) is not an absolute URL: '${hostUrl}'.`);
  }
  if (/(^|\.)gitlab\./.test(hostname)) return 'gitlab';
  return hostname === 'codeberg.org' ? 'forgejo' : 'github';
}

function defaultApiUrl(name: HostName, serverUrl: string): string {
  if (name === 'gitlab') return `${serverUrl}/api/v4`;
  if (name === 'gitea' || name === 'forgejo') return `${serverUrl}/api/v1`;
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

/**
 * The release host's token: GITHUB_TOKEN on GitHub; GITLAB_TOKEN, else CI_JOB_TOKEN, on GitLab; GITEA_TOKEN,
 * else the runner's GITHUB_TOKEN, on Forgejo/Gitea.
 */
export function hostToken(run: RunContext, env: NodeJS.ProcessEnv): string {
  if (run.hostKind === 'gitlab') return env.GITLAB_TOKEN || env.CI_JOB_TOKEN || '';
  if (run.gitea) return env.GITEA_TOKEN || env.GITHUB_TOKEN || '';
  return env.GITHUB_TOKEN ?? '';
}
