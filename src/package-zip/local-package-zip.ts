import { ActionError } from '../problems/problem.js';
import { untrusted } from '../problems/untrusted-text.js';
import { openZipFile } from '../zip/zip-entries.js';
import { checkZipContents, type ZipContentFindings, type ZipExpectations } from './package-contents.js';
import { readZipManifest, type ZipContents } from './package-zip-check.js';

/**
 * A package zip on disk (`fvtt-release check <zip>`, or `package-zip` on a pull request): its manifest and
 * its entries, read with no network. `label` names it in messages (already made safe to show).
 */
export function readLocalPackageZip(file: string, label: string): Promise<ZipContents> {
  return readZipManifest(label, () => openZipFile(file, 'as-written'));
}

/**
 * Every check of a package zip that needs no network (SPEC §4 steps 4b–4c), on a zip on disk: reads it
 * and checks what users would install. A zip that cannot be read (not a zip, no manifest) is a problem in
 * the findings, not a throw. `description` is one line, e.g. "module.zip holds my-module 1.2.3: 14 files
 * named by the manifest, all present". For the CLI's `check <zip>` and a pull request's `package-zip`.
 */
export async function checkLocalPackageZip(
  file: string,
  label: string,
  expected: ZipExpectations = {},
): Promise<ZipContentFindings> {
  let contents: ZipContents;
  try {
    contents = await readLocalPackageZip(file, label);
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    return { problems: [...error.problems], warnings: [], description: `${label} could not be read` };
  }
  const findings = checkZipContents(contents, label, expected);
  return { ...findings, description: `${describeZip(label, contents)}: ${findings.description}` };
}

/** "module.zip holds my-module 1.2.3", with the zip's id and version made safe to show. */
export function describeZip(label: string, contents: ZipContents): string {
  const { id, version } = contents.manifest;
  return `${label} holds ${untrusted(id ?? '(no id)', 100)} ${untrusted(version ?? '(no version)', 60)}`;
}
