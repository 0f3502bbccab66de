import path from 'node:path';
import type { ReleaseUrls } from '../hosts/release-host.js';
import { readLocalPackageZip } from '../package-zip/local-package-zip.js';
import { ActionError, type Problem } from '../problems/problem.js';
import { untrusted } from '../problems/untrusted-text.js';
import type { Settings } from '../settings/inputs.js';
import {
  checkRelease,
  isPlaceholder,
  mergeInputsWithManifest,
  type CheckFindings,
  type ReleaseTarget,
} from './release-checks.js';
import type { CheckedRelease } from './release-payload.js';
import { localReleaseTarget, sourceTreeTarget } from './release-source.js';

/** What `fvtt-release check` reads: a package's source folder, or a built package zip. */
export type LocalPackage = { kind: 'folder'; folder: string } | { kind: 'zip'; file: string };

export interface LocalCheck extends CheckFindings {
  /** The release the checks would let through, when they found no error and the version is real. */
  release?: CheckedRelease;
}

/**
 * Every check of the release step that needs no network (SPEC §4.4: fields, tag rules, placeholders, ids,
 * URLs), on a package folder as a pull request checks its workspace, or on a package zip's own manifest.
 * Sends nothing and reads no secret. Problems that stop the reading (no manifest, bad JSON, an unreadable
 * zip) are returned as findings like the others.
 */
export async function checkLocalPackage(
  settings: Settings,
  local: LocalPackage,
  urls: ReleaseUrls,
): Promise<LocalCheck> {
  try {
    return local.kind === 'folder'
      ? checkTarget(settings, await localReleaseTarget(settings, { workspace: local.folder }, { urls }))
      : await checkZip(settings, local.file, urls);
  } catch (error) {
    if (error instanceof ActionError) return { problems: [...error.problems], warnings: [] };
    throw error;
  }
}

function checkTarget(settings: Settings, target: ReleaseTarget): LocalCheck {
  const merged = mergeInputsWithManifest(settings, target);
  const checked = checkRelease(merged.candidate, target);
  return {
    problems: [...merged.problems, ...checked.problems],
    warnings: checked.warnings,
    release: checked.release,
  };
}

/**
 * A built zip is what users install: its manifest is checked as a release's would be, except that a version
 * placeholder is an error here (the build should have replaced it), not the source tree's warning.
 */
async function checkZip(settings: Settings, file: string, urls: ReleaseUrls): Promise<LocalCheck> {
  const label = untrusted(path.basename(file), 100);
  const contents = await readLocalPackageZip(file, label);
  const { manifest } = contents;
  const target = sourceTreeTarget(settings, manifest, path.posix.basename(contents.manifestEntry), { urls });
  const found = checkTarget(settings, target);
  const version = settings.version ?? manifest.version;
  if (version && isPlaceholder(version)) {
    const placeholder: Problem = {
      message: `The version in ${manifest.source.label} is a build placeholder ('${untrusted(version, 60)}') that was never replaced: users would install a package whose version Foundry cannot compare. Make the build write the real version before it zips the package.`,
    };
    return {
      problems: [placeholder, ...found.problems],
      warnings: found.warnings.filter((w) => !w.message.includes('is a build placeholder')),
    };
  }
  return found;
}
