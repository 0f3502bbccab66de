import type { ReleaseUrls } from './release-host.js';
import type { PackageManifest } from '../manifest/manifest.js';
import { untrusted } from '../problems/untrusted-text.js';

// Here, below the steps: the release checks (every run) and the package zip's content checks (in the zip
// step's chunk) both call it, and what it knows is how a host's release URLs read.

/**
 * SPEC §4 step 4c: a manifest's own `manifest` field is where installed copies look for updates. Missing, or
 * pinned to one release's tag, they never see one (a warning: the version installs). `label` starts the
 * sentence ("The manifest in module.zip"); `release` recognises this repository's release URLs.
 */
export function updateUrlWarning(
  manifest: PackageManifest,
  label: string,
  release?: { urls: ReleaseUrls; tag: string },
): string | undefined {
  const latest = release
    ? `a URL that always serves the newest manifest (${release.urls.latestForm} on this host)`
    : 'a URL that always serves the newest manifest (e.g. GitHub\u2019s /releases/latest/download/module.json)';
  const url = manifest.updateUrl;
  if (url === undefined) {
    return `${label} has no 'manifest' URL, so installed copies never see an update. Set "manifest" to ${latest}.`;
  }
  if (!/^https?:\/\//i.test(url)) {
    return `${label} has 'manifest' '${untrusted(url, 100)}', which is not a URL, so installed copies never see an update. Set it to ${latest}.`;
  }
  const pinned = release
    ? release.urls.parseAssetUrl(url)?.tag
    : /\/releases\/download\/([^/]+)\//.exec(url)?.[1];
  if (pinned === undefined) return undefined;
  const which =
    release && pinned === release.tag
      ? `this release's tag '${release.tag}'`
      : `release '${untrusted(pinned, 60)}'`;
  return `${label} has 'manifest' ${untrusted(url)}, pinned to ${which}: installed copies would check that one file for updates forever and never see a newer version. Set it to ${latest}.`;
}
