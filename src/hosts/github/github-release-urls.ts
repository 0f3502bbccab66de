import type { ReleaseUrls } from '../release-host.js';

/**
 * GitHub's release URLs: `$GITHUB_SERVER_URL/<owner>/<repo>/releases/download/<tag>/<file>` for an asset,
 * `/releases/latest/download/<file>` for the newest release's. Forgejo and Gitea build them the same way.
 */
export function gitHubReleaseUrls(repositoryUrl: string): ReleaseUrls {
  const releases = `${repositoryUrl.replace(/\/+$/, '')}/releases`;
  return {
    assetUrl: (tag, file) => `${releases}/download/${tag}/${file}`,
    pageUrl: (tag) => `${releases}/tag/${tag}`,
    parseAssetUrl: (url) => parseReleaseDownloadUrl(url, releases),
    isLatestUrl: (url) => url.includes('/releases/latest/'),
    latestForm: '/releases/latest/',
  };
}

/**
 * Splits `<releases>/download/<tag>/<file>`; tags may themselves hold slashes (release/1.2.3). A URL
 * whose percent-encoding is malformed (`%E0%A4%A`) is not a release link: browsers and Foundry cannot
 * resolve it to one either.
 */
export function parseReleaseDownloadUrl(
  url: string,
  releasesUrl: string,
): { tag: string; file: string } | undefined {
  const prefix = `${releasesUrl}/download/`;
  if (!url.startsWith(prefix)) return undefined;
  const rest = url.slice(prefix.length).split(/[?#]/)[0] ?? '';
  const cut = rest.lastIndexOf('/');
  if (cut <= 0 || cut === rest.length - 1) return undefined;
  const tag = decoded(rest.slice(0, cut));
  const file = decoded(rest.slice(cut + 1));
  return tag === undefined || file === undefined ? undefined : { tag, file };
}

function decoded(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined; // URIError: malformed percent-encoding
  }
}
