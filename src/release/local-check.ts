import path from 'node:path';
import type { ReleaseUrls } from '../hosts/release-host.js';
import { checkZipContents } from '../package-zip/package-contents.js';
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

/**
 * What `fvtt-release check` reads: a package's source folder (with the zip its build made, already found by
 * the caller: `file` its path, `label` how messages name it), or a built package zip.
 */
export type LocalPackage =
  | { kind: 'folder'; folder: string; packageZip?: { file: string; label: string } }
  | { kind: 'zip'; file: string };

export interface LocalCheck extends CheckFindings {
  /** The release the checks would let through, when they found no error and the version is real. */
  release?: CheckedRelease;
  /** What the package zip holds, for the summary, when a zip was checked. */
  packageZip?: string;
}

/**
 * Every check of the release step that needs no network (SPEC §4.4: fields, tag rules, placeholders, ids,
 * URLs), on a package folder as a pull request checks its workspace (with its `package-zip`, as a pull
 * request checks it), or on a package zip: its own manifest, then what users install (SPEC §4 step 4c).
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
      ? await checkFolder(settings, local, urls)
      : await checkZip(settings, local.file, urls);
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    const problems = [...error.problems];
    // A zip that cannot be read: its errors are the zip's.
    return { problems: local.kind === 'zip' ? inFile(problems, local.file) : problems, warnings: [] };
  }
}

async function checkFolder(
  settings: Settings,
  local: Extract<LocalPackage, { kind: 'folder' }>,
  urls: ReleaseUrls,
): Promise<LocalCheck> {
  const { folder } = local;
  const target = await localReleaseTarget(settings, { workspace: folder }, { urls });
  const found = checkTarget(settings, target);
  if (!settings.packageZip && !local.packageZip) return found;
  const merged = mergeInputsWithManifest(settings, target);
  // Loaded when a zip is read: a folder's check (a pre-commit hook) starts without the zip reader.
  const { checkBuiltZip, checkPullRequestZip } = await import('./package-zip-step.js');
  const zip = local.packageZip
    ? await checkBuiltZip(local.packageZip.file, local.packageZip.label, merged.candidate, target)
    : await checkPullRequestZip(settings.packageZip ?? '', folder, merged.candidate, target);
  const zipFile = local.packageZip?.file;
  return {
    problems: [...found.problems, ...(zipFile ? inFile(zip.problems, zipFile) : zip.problems)],
    warnings: [...found.warnings, ...(zipFile ? inFile(zip.warnings, zipFile) : zip.warnings)],
    release: zip.problems.length > 0 ? undefined : found.release,
    packageZip: zip.line,
  };
}

/** Findings in a zip are the zip's: no line (a line of the manifest inside it is no line of the zip). */
function inFile(problems: readonly Problem[], file: string): Problem[] {
  return problems.map((problem) => ({ message: problem.message, location: { file } }));
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
  const { describeZip, readLocalPackageZip } = await import('../package-zip/local-package-zip.js');
  const contents = await readLocalPackageZip(file, label);
  const { manifest } = contents;
  const target = sourceTreeTarget(settings, manifest, path.posix.basename(contents.manifestEntry), { urls });
  const manifestFindings = checkTarget(settings, target);
  // The manifest's own fields were checked above; the zip's check adds what users install.
  const zipFindings = checkZipContents(contents, label, {
    release: { urls, tag: target.tag },
    // The manifest check lets a source tree's placeholder be; in a built zip it is what users get.
    checkedUpdateUrl:
      manifest.updateUrl && isPlaceholder(manifest.updateUrl) ? undefined : { value: manifest.updateUrl },
    manifestChecked: true,
  });
  const found: LocalCheck = {
    problems: inFile([...manifestFindings.problems, ...zipFindings.problems], file),
    warnings: inFile([...manifestFindings.warnings, ...zipFindings.warnings], file),
    release: zipFindings.problems.length > 0 ? undefined : manifestFindings.release,
    packageZip: `${describeZip(label, contents)}: ${zipFindings.description}`,
  };
  const version = settings.version ?? manifest.version;
  if (version && isPlaceholder(version)) {
    const placeholder: Problem = {
      message: `The version in ${manifest.source.label} is a build placeholder ('${untrusted(version, 60)}') that was never replaced: users would install a package whose version Foundry cannot compare. Make the build write the real version before it zips the package.`,
    };
    return {
      ...found,
      problems: [...inFile([placeholder], file), ...found.problems],
      warnings: found.warnings.filter((w) => !w.message.includes('is a build placeholder')),
    };
  }
  return found;
}
