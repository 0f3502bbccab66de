import type { ReleaseHost, ReleaseSummary } from '../hosts/release-host.js';
import { isNewerVersion } from '../manifest/foundry-version.js';
import { log } from '../problems/log.js';
import { ActionError, type Problem } from '../problems/problem.js';
import { untrusted } from '../problems/untrusted-text.js';

/** What the version-order check found: a line for the log and the summary, and any warning. */
export interface VersionOrder {
  line: string;
  warnings: Problem[];
}

/**
 * SPEC §4 step 4c: the version is newer, by Foundry's order, than the newest earlier release that is not a
 * draft. Installed copies are offered an update only when it is, so a release that is not newer gets a
 * warning naming that release (a maintenance release for an older line is legitimate). On a pull request
 * the same comparison with the newest release says whether the version was bumped: a line in the log and
 * summary, not a warning (most pull requests are not releases).
 *
 * One list request, independent of every other check: the release step starts it early and awaits it
 * before publishing. It never rejects: a list that cannot be read leaves the order unchecked, and says so.
 */
export async function checkVersionOrder(
  host: ReleaseHost,
  tag: string,
  version: string,
  pullRequest: boolean,
): Promise<VersionOrder> {
  try {
    return versionOrder(await host.listReleases(), tag, version, pullRequest);
  } catch (error) {
    if (!(error instanceof ActionError)) {
      log.debug(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    const reason = error instanceof ActionError ? error.message : 'an unexpected error';
    return {
      line: `not checked: the ${host.name} release list could not be read (${untrusted(reason)})`,
      warnings: [],
    };
  }
}

/** The comparison itself, on the host's release list (newest first). */
export function versionOrder(
  releases: readonly ReleaseSummary[],
  tag: string,
  version: string,
  pullRequest: boolean,
): VersionOrder {
  const prefix = tagPrefix(tag, version);
  const position = releases.findIndex((r) => r.tag === tag);
  // A pull request has no release yet: a release with its tag means the version was not bumped. On a
  // release, those listed after it are older; a release missing from the page compares with the whole page.
  const earlier = pullRequest
    ? releases
    : position >= 0
      ? releases.slice(position + 1)
      : releases.filter((r) => r.tag !== tag);
  const previous = earlier
    .filter((r) => !r.draft)
    .map((r) => ({ tag: r.tag, version: versionOfTag(r.tag, prefix) }))
    .find((r): r is { tag: string; version: string } => r.version !== undefined);
  if (!previous) {
    return { line: `${version} is the first release${prefix ? ` tagged '${prefix}…'` : ''}`, warnings: [] };
  }
  const shownTag = untrusted(previous.tag, 100);
  const shownVersion = untrusted(previous.version, 60);
  if (isNewerVersion(version, previous.version)) {
    return {
      line: `${version} is newer than ${shownVersion} (release '${shownTag}')${pullRequest ? ': the version was bumped' : ''}`,
      warnings: [],
    };
  }
  if (pullRequest) {
    return {
      line: `${version} is not newer than ${shownVersion} (release '${shownTag}'): the version was not bumped; a release from this tree needs a higher version`,
      warnings: [],
    };
  }
  return {
    line: `${version} is not newer than ${shownVersion} (release '${shownTag}')`,
    warnings: [
      {
        message: `Version ${version} is not newer than ${shownVersion}, the version of release '${shownTag}' before it. Foundry compares versions part by part as numbers (1.10.0 is newer than 1.9.0), so users who have ${shownVersion} are never offered ${version}. That is right for a maintenance release of an older line; otherwise publish a version above ${shownVersion}.`,
      },
    ],
  };
}

/** What comes before the version in this release's tag: '' for `v1.2.3`, `my-module@` for `my-module@1.2.3`. */
function tagPrefix(tag: string, version: string): string {
  if (tag.endsWith(`v${version}`)) return tag.slice(0, -`v${version}`.length);
  if (tag.endsWith(version)) return tag.slice(0, -version.length);
  return tag;
}

/**
 * The version an earlier tag names, when it has this release's prefix (in a monorepo, other packages'
 * tags have other prefixes and are not compared): `v1.9.0` → `1.9.0`, `release-1.9.0` → `1.9.0`.
 */
function versionOfTag(tag: string, prefix: string): string | undefined {
  if (!tag.startsWith(prefix)) return undefined;
  const rest = tag.slice(prefix.length).replace(/^v(?=\d)/, '');
  return /^\d[0-9A-Za-z.+_-]*$/.test(rest) ? rest : undefined;
}
