/**
 * Forgejo and Gitea Actions present themselves as GitHub's runner (GITHUB_ACTIONS=true, GITHUB_* variables),
 * so the release host is told apart by what only they set. Which one it is names the host in messages.
 */
export type GiteaFamily = 'Forgejo' | 'Gitea' | 'Forgejo/Gitea';

/**
 * The Gitea-family server this run's release lives on, or undefined for GitHub. No request is spent on it:
 * 1. the runner's own markers: Forgejo's runner sets FORGEJO_ACTIONS=true (and GITEA_ACTIONS=true), Gitea's
 *    act_runner GITEA_ACTIONS=true; GitHub's runner sets neither;
 * 2. else the API URL: Forgejo and Gitea serve their API at `<server>/api/v1` (and set GITHUB_API_URL to it),
 *    GitHub at https://api.github.com and GitHub Enterprise Server at `<server>/api/v3`.
 */
export function giteaFamily(
  env: NodeJS.ProcessEnv,
  apiUrl: string = env.GITHUB_API_URL ?? '',
): GiteaFamily | undefined {
  if (env.FORGEJO_ACTIONS === 'true') return 'Forgejo';
  if (env.GITEA_ACTIONS === 'true') return 'Gitea';
  return isGiteaApiUrl(apiUrl) ? 'Forgejo/Gitea' : undefined;
}

/** Whether a URL's path ends in `/api/v1`, where Forgejo and Gitea serve their API. */
export function isGiteaApiUrl(apiUrl: string): boolean {
  try {
    return /\/api\/v1\/*$/.test(new URL(apiUrl).pathname);
  } catch {
    return false;
  }
}
