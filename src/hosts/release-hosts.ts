import type { HttpTransport } from '../network/http.js';
import type { RetryBudget } from '../network/retry.js';
import type { RunContext } from '../settings/run-context.js';
import { GitHubApi } from './github/github-api.js';
import { GiteaApi } from './gitea/gitea-api.js';
import { giteaReleaseUrls } from './gitea/gitea-release-urls.js';
import { gitHubReleaseUrls } from './github/github-release-urls.js';
import { GitLabApi } from './gitlab/gitlab-api.js';
import { gitLabReleaseUrls } from './gitlab/gitlab-release-urls.js';
import type { ReleaseHost, ReleaseUrls } from './release-host.js';

/** The one place that knows every host: picks the adapter for where this run's release lives. */
export function releaseHostFor(
  run: RunContext,
  hostToken: string | undefined,
  services: { http: HttpTransport; budget: RetryBudget },
): ReleaseHost {
  switch (run.hostKind) {
    case 'gitlab':
      return new GitLabApi({
        token: hostToken,
        tokenKind: run.hostTokenKind ?? 'job',
        apiUrl: run.apiUrl,
        serverUrl: run.serverUrl,
        projectId: run.projectId ?? `${run.repository.owner}/${run.repository.repo}`,
        repository: run.repository,
        ...services,
      });
    case 'github':
      // Forgejo and Gitea runners present themselves as GitHub's; run.gitea says which they are.
      if (run.gitea) {
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

/** This run's release URLs, without an API client: for checks that send no request (`fvtt-release check`). */
export function releaseUrlsFor(run: RunContext): ReleaseUrls {
  const { owner, repo } = run.repository;
  const repositoryUrl = `${run.serverUrl}/${owner ? `${owner}/` : ''}${repo}`;
  switch (run.hostKind) {
    case 'gitlab':
      return gitLabReleaseUrls(repositoryUrl);
    case 'github':
      return run.gitea ? giteaReleaseUrls(repositoryUrl) : gitHubReleaseUrls(repositoryUrl);
  }
}

/**
 * For a check that names no repository: this release's own URLs are unknown, so a `download` is not compared
 * with them, but every host's "latest" form is still recognised. Asset URLs are shown as a template on example.invalid.
 */
export function unknownRepositoryUrls(): ReleaseUrls {
  const template = gitHubReleaseUrls('https://example.invalid/<owner>/<repo>');
  const hosts = [
    template,
    gitLabReleaseUrls('https://example.invalid/<owner>/<repo>'),
    giteaReleaseUrls('https://example.invalid/<owner>/<repo>'),
  ];
  return {
    assetUrl: template.assetUrl,
    pageUrl: template.pageUrl,
    parseAssetUrl: () => undefined,
    isLatestUrl: (url) => hosts.some((host) => host.isLatestUrl(url)),
    latestForm: hosts.map((host) => host.latestForm).join(' or '),
  };
}
