import type { PackageZipAsset } from '../package-zip/package-zip-check.js';
import { untrusted } from '../problems/untrusted-text.js';
import type { ReleaseTarget } from './release-checks.js';
import type { CheckedRelease } from './release-payload.js';

/**
 * SPEC §4 step 4b: the zip to verify is the manifest's `download` when it names an asset of this release; a
 * download elsewhere (or in the host's "latest" form) is not ours to check, and the reason is logged.
 */
export function packageZipAsset(
  release: CheckedRelease,
  target: ReleaseTarget,
): { zip: PackageZipAsset } | { reason: string } {
  const { download } = target.manifest;
  if (!download) return { reason: "the manifest has no 'download'" };
  if (target.urls.isLatestUrl(download)) {
    return { reason: `its download points to ${target.urls.latestForm}, not to this release` };
  }
  const link = target.urls.parseAssetUrl(download);
  if (!link || link.tag !== target.tag || !target.assetNames?.includes(link.file)) {
    return { reason: `its download (${untrusted(download)}) is not an asset of release '${target.tag}'` };
  }
  return {
    zip: {
      url: download,
      file: untrusted(link.file, 100),
      expected: { id: release.packageId, version: release.version },
    },
  };
}
