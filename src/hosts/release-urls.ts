import type { RunContext } from '../settings/run-context.js';
import { giteaReleaseUrls } from './gitea/gitea-release-urls.js';
import { gitHubReleaseUrls } from './github/github-release-urls.js';
import { gitLabReleaseUrls } from './gitlab/gitlab-release-urls.js';
import type { ReleaseUrls } from './release-host.js';

/*
 * Every host's release URLs, apart from the API clients (release-hosts.ts): `fvtt-release check` sends no
 * request, so it neither loads nor builds the clients' answer schemas.
 */

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
