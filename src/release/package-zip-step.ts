import { formatBytes, type HttpTransport } from '../network/http.js';
import type { RetryBudget } from '../network/retry.js';
import { checkZipContents, type ZipExpectations } from '../package-zip/package-contents.js';
import { checkLocalPackageZip, describeZip } from '../package-zip/local-package-zip.js';
import { checkPackageZip } from '../package-zip/package-zip-check.js';
import { ActionError, type Problem } from '../problems/problem.js';
import { resolveWorkspacePath, type WorkspacePath } from '../settings/workspace-path.js';
import { untrusted } from '../problems/untrusted-text.js';
import { packageZipAsset } from './package-zip-asset.js';
import { isPlaceholder, type ReleaseCandidate, type ReleaseTarget } from './release-checks.js';
import type { CheckedRelease } from './release-payload.js';

/** What the zip checks found: the summary's "Package zip" line, errors and warnings. */
export interface PackageZipFindings {
  line: string;
  problems: Problem[];
  warnings: Problem[];
}

/**
 * SPEC §4 steps 4b–4c on a release: the zip the manifest's `download` names (an asset of this release),
 * read with a few HTTP ranges, holds this release's id and version and every file its manifest names.
 */
export async function checkReleaseZip(
  release: CheckedRelease,
  target: ReleaseTarget,
  http: HttpTransport,
  budget: RetryBudget,
): Promise<PackageZipFindings> {
  const asset = packageZipAsset(release, target);
  if ('reason' in asset) return { line: `not checked: ${asset.reason}`, problems: [], warnings: [] };
  const found = await checkPackageZip(asset.zip, http, budget);
  if (!found.checked) return { line: `not checked: ${found.reason}`, problems: [], warnings: [] };
  const findings = checkZipContents(found.contents, found.file, {
    ...asset.zip.expected,
    ...fromRelease(target),
  });
  const read = `read ${formatBytes(found.transferred)} of ${formatBytes(found.totalSize)}`;
  return {
    line: `${describeZip(found.file, found.contents)} (${read}): ${findings.description}`,
    problems: findings.problems,
    warnings: findings.warnings,
  };
}

/**
 * SPEC §4 step 4c on a pull request: `package-zip`, a zip an earlier step built in the workspace, gets the
 * same checks, with no network. Its id and version must be the source tree's (unless that version is a
 * build placeholder, which the build may have replaced in the zip).
 */
export async function checkPullRequestZip(
  packageZip: string,
  workspace: string,
  candidate: ReleaseCandidate,
  target: ReleaseTarget,
): Promise<PackageZipFindings> {
  const label = untrusted(packageZip, 200);
  let file: WorkspacePath;
  try {
    // SPEC §6b: the real path must be inside the workspace, symlinks included.
    file = await resolveWorkspacePath(
      workspace,
      'package-zip',
      packageZip,
      'Build the zip in an earlier step of the job, and give its path from the workspace root (e.g. dist/module.zip).',
    );
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    return {
      line: `not checked: ${label} is not a file of the workspace`,
      problems: [...error.problems],
      warnings: [],
    };
  }
  const { version } = candidate;
  const expected: ZipExpectations = {
    id: candidate.packageId,
    version: version && !isPlaceholder(version) ? version : undefined,
    ...fromRelease(target),
  };
  const findings = await checkLocalPackageZip(file.real, label, expected);
  return { line: findings.description, problems: findings.problems, warnings: findings.warnings };
}

/** This release's URLs (to recognise a pinned update URL) and the `manifest` field already checked. */
function fromRelease(target: ReleaseTarget): Pick<ZipExpectations, 'release' | 'checkedUpdateUrl'> {
  return {
    release: { urls: target.urls, tag: target.tag },
    checkedUpdateUrl: { value: target.manifest.updateUrl },
  };
}
