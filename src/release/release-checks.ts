import type { Problem } from '../problems/problem.js';
import type { Compatibility, PackageManifest } from '../manifest/manifest.js';
import type { CheckedRelease } from './release-payload.js';
import type { ReleaseUrls } from '../hosts/release-host.js';
import type { Settings } from '../settings/inputs.js';
import { untrusted } from '../problems/untrusted-text.js';
import type { ServedManifest } from './manifest-url-check.js';
import { secureUrlProblem } from '../network/url-policy.js';
import { packageIdProblem } from '../manifest/package-id.js';
import { updateUrlWarning } from '../hosts/update-url.js';

/** The release being published (or dry-run), as found on GitHub or derived for a pull request. */
export interface ReleaseTarget {
  tag: string;
  manifest: PackageManifest;
  defaultManifestUrl: string;
  defaultNotesUrl: string;
  /** The host's release URLs, to recognise this repository's asset URLs and its "latest" form. */
  urls: ReleaseUrls;
  /** Names of the release's assets; undefined on a pull request, where the release does not exist yet. */
  assetNames?: readonly string[];
  /** A GitHub prerelease (never on a pull request, where there is no release). */
  prerelease: boolean;
  /** The manifest asset's URL as fetched without credentials, when the manifest was read through it. */
  servedManifest?: ServedManifest;
}

/** A pull request's target is the source tree: there is no release, so no asset list. */
function onPullRequest(target: ReleaseTarget): boolean {
  return target.assetNames === undefined;
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
      message: `Input 'package-id' is '${settings.packageId}' but ${manifest.source.label} has id '${untrusted(manifest.id)}'. Foundry installs the package by the manifest's id: make them agree, or drop the input.`,
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
      message: `Input 'version' is '${settings.version}' but ${manifest.source.label} says version '${untrusted(manifest.version)}'. Users who install this release would get a manifest for another version: make them agree.`,
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

/** Separators between a tag's prefix and its version: `release-1.2.3`, `mod_1.2.3`, `mod/v1.2.3`, `mod@1.2.3`. */
const TAG_SEPARATORS = ['-', '_', '/', '@'];

/**
 * SPEC §4.4: the tag is the version, optionally preceded by `v`, alone or after a separator (`-`, `_`, `/`,
 * `@`), as monorepo tools (changesets: `my-module@1.2.3`) and release scripts (`my-module-v1.2.3`) write it.
 */
export function tagMatchesVersion(tag: string, version: string): boolean {
  return [version, vTag(version)].some(
    (tail) => tag === tail || TAG_SEPARATORS.some((separator) => tag.endsWith(`${separator}${tail}`)),
  );
}

/**
 * The `v<version>` tag of a version; a version that already starts with `v` (simpler-quests writes
 * `"version": "v0.3.0"`) is its own, not `vv0.3.0`.
 */
export function vTag(version: string): string {
  return /^v\d/.test(version) ? version : `v${version}`;
}

const PLACEHOLDER = /#\{[^}]*\}#|\{\{[^}]*\}\}|\$\{[^}]*\}|%[A-Z_]+%|auto.?replaced|placeholder/i;

export function isPlaceholder(version: string): boolean {
  return PLACEHOLDER.test(version);
}

/** Why `version` is not a real version, or undefined when it is. */
export function versionProblem(version: string): string | undefined {
  if (isPlaceholder(version)) {
    return `is a build placeholder ('${untrusted(version, 60)}') that was never replaced. Make the build write the real version into the manifest, or pass the 'version' input.`;
  }
  if (!/^[0-9A-Za-z][0-9A-Za-z.+_-]*$/.test(version) || !/\d/.test(version)) {
    return `('${untrusted(version, 60)}') is not a version number. Use a version such as 1.2.3.`;
  }
  return undefined;
}

/** What the checks found: errors stop the run before anything is sent, warnings do not (SPEC §4.4). */
export interface CheckFindings {
  problems: Problem[];
  warnings: Problem[];
}

/**
 * Every check of SPEC §4.4 that needs no network, all at once. Returns the release ready to send (when no
 * error was found and the version is real), the errors that stop it, and the warnings that let it go on. A
 * pull request whose source manifest still holds a version placeholder has no release to send: a warning.
 */
export function checkRelease(
  candidate: ReleaseCandidate,
  target: ReleaseTarget,
): CheckFindings & { release?: CheckedRelease } {
  const { manifest } = target;
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const at = (field: string) => manifest.locate(field);
  if (manifest.byteOrderMark) {
    warnings.push({
      message: `${manifest.source.label} starts with a UTF-8 byte order mark (BOM). It was read without it, but tools that read manifests with a plain JSON.parse fail on it: save the file as UTF-8 without BOM.`,
      location: manifest.locate(''),
    });
  }

  const { packageId, version, manifestUrl, notesUrl, compatibility } = candidate;
  // A pull request checks the source tree, where a release build may not have written the version yet.
  const placeholderOnPullRequest = onPullRequest(target) && !!version && isPlaceholder(version);
  if (!packageId) {
    problems.push({
      message: `${manifest.source.label} has no 'id' (or legacy 'name'), and no 'package-id' input was given. Add "id" to the manifest.`,
      location: at('id'),
    });
  } else {
    const problem = packageIdProblem(packageId);
    if (problem) problems.push({ message: `The package id is ${problem}`, location: at('id') });
  }
  if (!version) {
    problems.push({
      message: `${manifest.source.label} has no 'version', and no 'version' input was given. Add "version" to the manifest.`,
      location: at('version'),
    });
  } else if (placeholderOnPullRequest) {
    warnings.push({
      message: `The version in ${manifest.source.label} is a build placeholder ('${untrusted(version, 60)}'), as in source trees whose release build writes the version from the tag. Everything else was checked locally; Foundry's dry run needs a real version, so nothing was sent. Pass the 'version' input (e.g. the next version) to dry-run against the API.`,
      location: at('version'),
    });
  } else {
    const problem = versionProblem(version);
    if (problem) problems.push({ message: `The version ${problem}`, location: at('version') });
    else if (!tagMatchesVersion(target.tag, version)) {
      problems.push({
        message: `Tag '${target.tag}' does not match version '${version}'. The tag must be ${vTag(version) === version ? `'${version}'` : `'${version}' or '${vTag(version)}'`}, alone or after '-', '_', '/' or '@' (e.g. 'release-${version}', 'my-module-${vTag(version)}', 'my-module@${version}'). Bump the manifest's version or re-tag.`,
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
    if (problem) problems.push({ message: `The notes URL ${problem}: '${untrusted(notesUrl)}'.` });
  }
  const download = downloadUrlFindings(target);
  problems.push(...download.problems);
  warnings.push(...download.warnings);
  const update = updateUrlFinding(target);
  if (update) warnings.push(update);

  if (
    problems.length > 0 ||
    placeholderOnPullRequest ||
    !packageId ||
    !version ||
    !compatibility.minimum ||
    !compatibility.verified
  ) {
    return { problems, warnings };
  }
  return {
    problems,
    warnings,
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

/**
 * SPEC §4 step 4c: the manifest's own `manifest` field, where installed copies look for updates, is set and
 * not pinned to one release. A source tree's build placeholder there is left to the release build.
 */
function updateUrlFinding(target: ReleaseTarget): Problem | undefined {
  const { manifest } = target;
  if (onPullRequest(target) && manifest.updateUrl && isPlaceholder(manifest.updateUrl)) return undefined;
  const message = updateUrlWarning(manifest, manifest.source.label, { urls: target.urls, tag: target.tag });
  return message ? { message, location: manifest.locate('manifest') } : undefined;
}

function manifestUrlProblems(manifestUrl: string, target: ReleaseTarget): Problem[] {
  const problem = secureUrlProblem(manifestUrl);
  if (problem) return [{ message: `The manifest URL ${problem}: '${untrusted(manifestUrl)}'.` }];
  const { urls, tag } = target;
  const thisRelease = urls.assetUrl(tag, '<manifest>');
  if (urls.isLatestUrl(manifestUrl)) {
    return [
      {
        message: `The manifest URL '${untrusted(manifestUrl)}' points to ${urls.latestForm}. Foundry needs a URL for this release only, so that this version keeps installing this version: use ${thisRelease}.`,
      },
    ];
  }
  if (manifestUrl.startsWith(urls.assetUrl(tag, ''))) return [];
  const link = urls.parseAssetUrl(manifestUrl);
  if (link && link.tag !== tag) {
    return [
      {
        message: `The manifest URL '${untrusted(manifestUrl)}' does not point to release '${tag}'. Use ${thisRelease}.`,
      },
    ];
  }
  return [];
}

/**
 * A manifest whose `download` points into this repository's releases must name this tag and one of its
 * assets: a stale tag there hands users the wrong zip (an error on a release). A `latest` download works
 * for the newest version only (a warning). On a pull request the release build commonly rewrites
 * `download` when it packages, so a stale tag there is a warning too.
 */
function downloadUrlFindings(target: ReleaseTarget): CheckFindings {
  const none: CheckFindings = { problems: [], warnings: [] };
  const { download } = target.manifest;
  if (!download) return none;
  const location = target.manifest.locate('download');
  const label = target.manifest.source.label;
  const shown = untrusted(download);
  if (target.urls.isLatestUrl(download)) {
    return {
      problems: [],
      warnings: [
        {
          message: `The manifest's 'download' in ${label} is '${shown}', which points to ${target.urls.latestForm}: it works for the newest version only, so users who install this version later get whatever is newest. Point it at ${target.urls.assetUrl(target.tag, '<zip>')} (many release builds rewrite it when they package).`,
          location,
        },
      ],
    };
  }
  const link = target.urls.parseAssetUrl(download);
  if (!link) return none;
  const fromSourceTree = onPullRequest(target);
  if (link.tag !== target.tag) {
    const finding = {
      message: `The manifest's 'download' in ${label} names tag '${untrusted(link.tag)}', but this release is '${target.tag}': users would install the wrong zip. Update 'download' to ${target.urls.assetUrl(target.tag, untrusted(link.file))}${fromSourceTree ? ', or make sure the release build rewrites it' : ''}.`,
      location,
    };
    return fromSourceTree ? { problems: [], warnings: [finding] } : { problems: [finding], warnings: [] };
  }
  if (target.assetNames && !target.assetNames.includes(link.file)) {
    return {
      problems: [
        {
          message: `The manifest's 'download' in ${label} names '${untrusted(link.file)}', which is not an asset of release '${target.tag}' (assets: ${target.assetNames.join(', ') || 'none'}). Upload it before this step runs, or fix the name.`,
          location,
        },
      ],
      warnings: [],
    };
  }
  return none;
}
