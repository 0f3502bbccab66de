import { gitHubReleaseUrls } from '../github/github-release-urls.js';
import type { ReleaseUrls } from '../release-host.js';

/**
 * Forgejo's and Gitea's release URLs are GitHub's (`<server>/<owner>/<repo>/releases/download/<tag>/<file>`,
 * `/releases/tag/<tag>`); their "latest" is `/releases/download/latest/<file>`, which serves the newest
 * release's file when no release is tagged `latest` (Gitea's RedirectDownload). GitHub's form is refused too.
 */
export function giteaReleaseUrls(repositoryUrl: string): ReleaseUrls {
  const urls = gitHubReleaseUrls(repositoryUrl);
  return {
    ...urls,
    isLatestUrl: (url) => urls.isLatestUrl(url) || url.includes('/releases/download/latest/'),
    latestForm: '/releases/download/latest/',
  };
}
