import type { Problem } from './action-error.js';
import type { Compatibility, PackageManifest } from './manifest.js';
import type { CheckedRelease } from './release-payload.js';
import type { Settings } from './inputs.js';
import { secureUrlProblem } from './url-policy.js';

/** The release being published (or dry-run), as found on GitHub or derived for a pull request. */
export interface ReleaseTarget {
  tag: string;
  manifest: PackageManifest;
  defaultManifestUrl: string;
  defaultNotesUrl: string;
  /** `$GITHUB_SERVER_URL/<owner>/<repo>/releases`, to recognise URLs into this repository's releases. */
  releasesUrl: string;
  /** Names of the release's assets; undefined on a pull request, where the release does not exist yet. */
  assetNames?: readonly string[];
}

/** Field values before checks: each may still be missing or wrong. */
export interface ReleaseCandidate {
  packageId?: string;
  version?: string;
  manifestUrl: string;
  notesUrl?: string;
  compatibility: Compatibility;
}

type CompatibilityField = keyof Compatibility;

/** Inputs override the manifest; SPEC §2 says a package-id that disagrees with the manifest is an error. */
export function mergeInputsWithManifest(
  settings: Settings,
  target: ReleaseTarget,
): { candidate: ReleaseCandidate; problems: Problem[] } {
  const { manifest } = target;
  const problems: Problem[] = [];
  if (settings.packageId && manifest.id && settings.packageId !== manifest.id) {
    problems.push({
      message: `Input 'package-id' is '${settings.packageId}' but ${manifest.source.label} has id '${manifest.id}'. Foundry installs the package by the manifest's id: make them agree, or drop the input.`,
      location: manifest.locate('id'),
    });
  }
  if (
    settings.version &&
    manifest.version &&
    settings.version !== manifest.version &&
    !isPlaceholder(manifest.version)
  ) {
    problems.push({
      message: `Input 'version' is '${settings.version}' but ${manifest.source.label} says version '${manifest.version}'. Users who install this release would get a manifest for another version: make them agree.`,
      location: manifest.locate('version'),
    });
  }
  const pick = (field: CompatibilityField) => settings.compatibility[field] ?? manifest.compatibility[field];
  return {
    candidate: {
      packageId: settings.packageId ?? manifest.id,
      version: settings.version ?? manifest.version,
      manifestUrl: settings.manifestUrl ?? target.defaultManifestUrl,
      notesUrl: settings.notesUrl ?? target.defaultNotesUrl,
      compatibility: { minimum: pick('minimum'), verified: pick('verified'), maximum: pick('maximum') },
    },
    problems,
  };
}

/** SPEC §4.4: the tag is the version, v + the version, or ends in -, _ or / + the version. */
export function tagMatchesVersion(tag: string, version: string): boolean {
  if (tag === version || tag === `v${version}`) return true;
  return ['-', '_', '/'].some((separator) => tag.endsWith(`${separator}${version}`));
}

const PLACEHOLDER = /#\{[^}]*\}#|\{\{[^}]*\}\}|\$\{[^}]*\}|%[A-Z_]+%|auto.?replaced|placeholder/i;

export function isPlaceholder(version: string): boolean {
  return PLACEHOLDER.test(version);
}

/** Why `version` is not a real version, or undefined when it is. */
export function versionProblem(version: string): string | undefined {
  if (isPlaceholder(version)) {
    return `is a build placeholder ('${version}') that was never replaced. Make the build write the real version into the manifest, or pass the 'version' input.`;
  }
  if (!/^[0-9A-Za-z][0-9A-Za-z.+_-]*$/.test(version) || !/\d/.test(version)) {
    return `('${version}') is not a version number. Use a version such as 1.2.3.`;
  }
  return undefined;
}

/**
 * Every check of SPEC §4.4 that needs no network, all at once. Returns the release ready to send,
 * or the problems that stop it.
 */
export function checkRelease(
  candidate: ReleaseCandidate,
  target: ReleaseTarget,
): { release?: CheckedRelease; problems: Problem[] } {
  const { manifest } = target;
  const problems: Problem[] = [];
  const at = (field: string) => manifest.locate(field);

  const { packageId, version, manifestUrl, notesUrl, compatibility } = candidate;
  if (!packageId) {
    problems.push({
      message: `${manifest.source.label} has no 'id' (or legacy 'name'), and no 'package-id' input was given. Add "id" to the manifest.`,
      location: at('id'),
    });
  }
  if (!version) {
    problems.push({
      message: `${manifest.source.label} has no 'version', and no 'version' input was given. Add "version" to the manifest.`,
      location: at('version'),
    });
  } else {
    const problem = versionProblem(version);
    if (problem) problems.push({ message: `The version ${problem}`, location: at('version') });
    else if (!tagMatchesVersion(target.tag, version)) {
      problems.push({
        message: `Tag '${target.tag}' does not match version '${version}'. The tag must be '${version}', 'v${version}', or end in '-${version}' (e.g. 'release-${version}'). Bump the manifest's version or re-tag.`,
        location: at('version'),
      });
    }
  }
  for (const field of ['minimum', 'verified'] as const) {
    if (!compatibility[field]) {
      problems.push({
        message: `${manifest.source.label} has no 'compatibility.${field}', and no 'compatibility-${field}' input was given. Foundry requires it: add it to the manifest's "compatibility".`,
        location: at('compatibility'),
      });
    }
  }
  problems.push(...manifestUrlProblems(manifestUrl, target));
  if (notesUrl) {
    const problem = secureUrlProblem(notesUrl);
    if (problem) problems.push({ message: `The notes URL ${problem}: '${notesUrl}'.` });
  }
  problems.push(...downloadUrlProblems(target));

  if (problems.length > 0 || !packageId || !version || !compatibility.minimum || !compatibility.verified) {
    return { problems };
  }
  return {
    problems,
    release: {
      packageId,
      version,
      manifestUrl,
      notesUrl,
      compatibility: {
        minimum: compatibility.minimum,
        verified: compatibility.verified,
        maximum: compatibility.maximum,
      },
    },
  };
}

function manifestUrlProblems(manifestUrl: string, target: ReleaseTarget): Problem[] {
  const problem = secureUrlProblem(manifestUrl);
  if (problem) return [{ message: `The manifest URL ${problem}: '${manifestUrl}'.` }];
  if (manifestUrl.includes('/releases/latest/')) {
    return [
      {
        message: `The manifest URL '${manifestUrl}' points to /releases/latest/. Foundry needs a URL for this release only, so that this version keeps installing this version: use ${target.releasesUrl}/download/${target.tag}/<manifest>.`,
      },
    ];
  }
  if (manifestUrl.startsWith(`${target.releasesUrl}/download/${target.tag}/`)) return [];
  const link = parseReleaseDownloadUrl(manifestUrl, target.releasesUrl);
  if (manifestUrl.startsWith(`${target.releasesUrl}/`) && (!link || link.tag !== target.tag)) {
    return [
      {
        message: `The manifest URL '${manifestUrl}' does not point to release '${target.tag}'. Use ${target.releasesUrl}/download/${target.tag}/<manifest>.`,
      },
    ];
  }
  return [];
}

/**
 * A manifest whose `download` points into this repository's releases must name this tag and one of
 * its assets: a stale or `latest` tag here hands users the wrong zip.
 */
function downloadUrlProblems(target: ReleaseTarget): Problem[] {
  const { download } = target.manifest;
  if (!download) return [];
  const location = target.manifest.locate('download');
  const label = target.manifest.source.label;
  if (download.includes('/releases/latest/')) {
    return [
      {
        message: `The manifest's 'download' in ${label} is '${download}', which points to /releases/latest/: users installing this version would get whatever is newest. Point it at ${target.releasesUrl}/download/${target.tag}/<zip>.`,
        location,
      },
    ];
  }
  const link = parseReleaseDownloadUrl(download, target.releasesUrl);
  if (!link) return [];
  if (link.tag !== target.tag) {
    return [
      {
        message: `The manifest's 'download' in ${label} names tag '${link.tag}', but this release is '${target.tag}': users would install the wrong zip. Update 'download' to ${target.releasesUrl}/download/${target.tag}/${link.file}.`,
        location,
      },
    ];
  }
  if (target.assetNames && !target.assetNames.includes(link.file)) {
    return [
      {
        message: `The manifest's 'download' in ${label} names '${link.file}', which is not an asset of release '${target.tag}' (assets: ${target.assetNames.join(', ') || 'none'}). Upload it before this step runs, or fix the name.`,
        location,
      },
    ];
  }
  return [];
}

/** Splits `<releasesUrl>/download/<tag>/<file>`; tags may themselves hold slashes (release/1.2.3). */
export function parseReleaseDownloadUrl(
  url: string,
  releasesUrl: string,
): { tag: string; file: string } | undefined {
  const prefix = `${releasesUrl}/download/`;
  if (!url.startsWith(prefix)) return undefined;
  const rest = url.slice(prefix.length).split(/[?#]/)[0] ?? '';
  const cut = rest.lastIndexOf('/');
  if (cut <= 0 || cut === rest.length - 1) return undefined;
  return { tag: decodeURIComponent(rest.slice(0, cut)), file: decodeURIComponent(rest.slice(cut + 1)) };
}
