import type { HttpTransport } from '../network/http.js';
import type { RetryBudget } from '../network/retry.js';
import type { RunContext } from '../settings/run-context.js';
import { GitHubApi } from './github/github-api.js';
import type { ReleaseHost } from './release-host.js';

/**
 * The one place that knows every host: picks the adapter for where this run's release lives. GitHub's is in
 * the bundle; GitLab's and Gitea's are chunks loaded by the runs that use them, so a GitHub run compiles
 * neither (nor builds their schemas).
 */
export async function releaseHostFor(
  run: RunContext,
  hostToken: string | undefined,
  services: { http: HttpTransport; budget: RetryBudget },
): Promise<ReleaseHost> {
  switch (run.hostKind) {
    case 'gitlab': {
      const { GitLabApi } = await import('./gitlab/gitlab-api.js');
      return new GitLabApi({
        token: hostToken,
        tokenKind: run.hostTokenKind ?? 'job',
        apiUrl: run.apiUrl,
        serverUrl: run.serverUrl,
        projectId: run.projectId ?? `${run.repository.owner}/${run.repository.repo}`,
        repository: run.repository,
        ...services,
      });
    }
    case 'github':
      // Forgejo and Gitea runners present themselves as GitHub's; run.gitea says which they are.
      if (run.gitea) {
        const { GiteaApi } = await import('./gitea/gitea-api.js');
        const { apiUrl, serverUrl, repository } = run;
        return new GiteaApi({
          family: run.gitea,
          token: hostToken,
          apiUrl,
          serverUrl,
          repository,
          ...services,
        });
      }
      return new GitHubApi({
        token: hostToken,
        apiUrl: run.apiUrl,
        serverUrl: run.serverUrl,
        repository: run.repository,
        ...services,
      });
  }
}
