import type { ReleaseUrls } from '../release-host.js';

/** GitLab's "latest release" permalinks, on the web (`/-/releases/permalink/latest/…`) and the API. */
const LATEST = '/releases/permalink/latest';

/**
 * GitLab's release URLs (Releases API docs, "Release links"): a link's version-specific direct asset URL is
 * `<project>/-/releases/<tag>/downloads/<direct asset path>`, the release page `<project>/-/releases/<tag>`,
 * and `<project>/-/releases/permalink/latest/downloads/<path>` serves whatever release is newest.
 */
export function gitLabReleaseUrls(projectUrl: string): ReleaseUrls {
  const releases = `${projectUrl.replace(/\/+$/, '')}/-/releases`;
  // GitLab's route helpers escape a tag as one path segment: `release/1.2.3` is `release%2F1.2.3`.
  const segment = (tag: string) => encodeURIComponent(tag);
  return {
    assetUrl: (tag, file) => `${releases}/${segment(tag)}/downloads/${file}`,
    pageUrl: (tag) => `${releases}/${segment(tag)}`,
    parseAssetUrl: (url) => parseDirectAssetUrl(url, releases),
    isLatestUrl: (url) => url.includes(LATEST),
    latestForm: '/-/releases/permalink/latest/',
  };
}

/** Splits `<project>/-/releases/<tag>/downloads/<path>` into the tag and the direct asset path. */
function parseDirectAssetUrl(url: string, releases: string): { tag: string; file: string } | undefined {
  const prefix = `${releases}/`;
  if (!url.startsWith(prefix)) return undefined;
  const rest = url.slice(prefix.length).split(/[?#]/)[0] ?? '';
  if (rest.startsWith('permalink/')) return undefined;
  const cut = rest.indexOf('/downloads/');
  if (cut <= 0) return undefined;
  const file = rest.slice(cut + '/downloads/'.length);
  if (file === '' || file.endsWith('/')) return undefined;
  try {
    return { tag: decodeURIComponent(rest.slice(0, cut)), file: decodeURIComponent(file) };
  } catch {
    return undefined;
  }
}
