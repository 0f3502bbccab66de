import path from 'node:path';
import type { ReleaseUrls } from '../hosts/release-host.js';
import type { NamedPack, PackageManifest } from '../manifest/manifest.js';
import { packageIdProblem } from '../manifest/package-id.js';
import type { Problem } from '../problems/problem.js';
import { untrusted } from '../problems/untrusted-text.js';
import { updateUrlWarning } from '../hosts/update-url.js';
import type { ZipContents } from './package-zip-check.js';

/**
 * SPEC §4 step 4c, "check what users install": from a package zip's central directory and its manifest,
 * both already read, and not one byte more. Every file the manifest names is in the zip as Foundry will
 * look for it (exact case, relative to the manifest's folder); entry names are ones Foundry can unpack; the
 * manifest's update URL can see updates. Pure: the zip check, a pull request's `package-zip` and the CLI's
 * `check` all call it on what they read.
 */

/** What the release expects of the zip; every part is optional (the CLI checks a zip on its own). */
export interface ZipExpectations {
  /** The id being published: the zip must hold the same. */
  id?: string;
  /** The version being published; absent when it is not known yet (a pull request's placeholder). */
  version?: string;
  /** This release's URLs and tag, to recognise a `manifest` field pinned to a release. */
  release?: { urls: ReleaseUrls; tag: string };
  /** The `manifest` field already checked in the release's own manifest: not reported twice. */
  checkedUpdateUrl?: { value: string | undefined };
  /**
   * The zip's own manifest was already checked as a release's (the CLI's `check <zip>`): its id and
   * version are not reported twice.
   */
  manifestChecked?: boolean;
}

export interface ZipContentFindings {
  problems: Problem[];
  warnings: Problem[];
  /** One line for the log and summary, e.g. "14 files named by the manifest, all present". */
  description: string;
}

type Field = 'esmodules' | 'scripts' | 'styles' | 'languages' | 'packs';

/** A path the manifest names, and what the zip holds for it. */
interface Lookup {
  field: Field;
  /** As the manifest writes it. */
  written: string;
  /** Where Foundry will look, inside the zip (manifest folder + resolved path). */
  found: 'present' | 'missing' | { otherCase: string };
  /** What would have satisfied it, for the message (a pack's folder or .db file). */
  wanted: string;
}

/** Checks a package zip's contents (see the file's comment); `file` is its name, already made safe to show. */
export function checkZipContents(
  contents: ZipContents,
  file: string,
  expected: ZipExpectations = {},
): ZipContentFindings {
  const problems: Problem[] = [...releaseProblems(contents.manifest, file, expected)];
  const warnings: Problem[] = [];
  problems.push(...entryNameProblems(contents.entryNames, file));

  const root = contents.manifestEntry.includes('/')
    ? contents.manifestEntry.slice(0, contents.manifestEntry.lastIndexOf('/') + 1)
    : '';
  const index = new ZipIndex(contents.entryNames);
  const { lookups, outside } = lookUpNamedFiles(contents.manifest, root, index);
  problems.push(...namedFileProblems(lookups, file, root));
  if (outside.length > 0) {
    warnings.push({
      message: `The manifest in ${file} names ${listOf(outside.map((o) => `${o.field} '${untrusted(o.written, 120)}'`))}, outside the package's folder (a '..' path): a zip cannot ship that, so it was not checked. Users get it only if something else puts it there; ship the file in the package and name it from the package's folder.`,
    });
  }
  const update = updateUrlWarning(contents.manifest, `The manifest in ${file}`, expected.release);
  const alreadyReported =
    expected.checkedUpdateUrl !== undefined &&
    expected.checkedUpdateUrl.value === contents.manifest.updateUrl;
  if (update && !alreadyReported) {
    warnings.push({ message: update });
  }
  return { problems, warnings, description: describe(lookups) };
}

function releaseProblems(manifest: PackageManifest, file: string, expected: ZipExpectations): Problem[] {
  const problems: Problem[] = [];
  const id = manifest.id ?? '';
  const version = manifest.version ?? '';
  if (expected.id !== undefined && id !== expected.id) {
    problems.push({
      message: `The package zip ${file} holds package '${untrusted(id) || '(no id)'}', but this release is '${expected.id}'. Users would install another package: upload the right zip.`,
    });
  } else if (expected.manifestChecked) {
    // Reported by the manifest's own check.
  } else if (!id) {
    problems.push({ message: `The manifest in ${file} has no 'id' (or legacy 'name'): add "id".` });
  } else {
    const problem = packageIdProblem(id);
    if (problem) problems.push({ message: `The package zip ${file} holds package id ${problem}` });
  }
  if (expected.version !== undefined && version !== expected.version) {
    problems.push({
      message: `The package zip ${file} holds version '${untrusted(version) || '(none)'}', but this release is version '${expected.version}'. Foundry would register ${expected.version} and users would install ${untrusted(version) || 'another version'}: rebuild the zip after bumping the version, and upload it again.`,
    });
  } else if (!version && !expected.manifestChecked) {
    problems.push({ message: `The manifest in ${file} has no 'version': add "version".` });
  }
  return problems;
}

const MAX_LISTED = 12;

/** "a, b and c", at most MAX_LISTED items then "and N more". Items are already safe to show. */
function listOf(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

const quoted = (name: string) => `'${untrusted(name, 120)}'`;

/**
 * Names Foundry cannot unpack as meant: backslashes (some Windows zip tools write them; Foundry v12 fails to
 * install such zips, and Linux unzips them as one file named `a\b`), absolute names and `..` segments
 * (they would land outside the package's folder).
 */
function entryNameProblems(names: readonly string[], file: string): Problem[] {
  const backslashes = names.filter((n) => n.includes('\\'));
  const absolute = names.filter((n) => !n.includes('\\') && /^(\/|[A-Za-z]:)/.test(n));
  const climbing = names.filter(
    (n) => !n.includes('\\') && !/^(\/|[A-Za-z]:)/.test(n) && n.split('/').includes('..'),
  );
  const problems: Problem[] = [];
  if (backslashes.length > 0) {
    problems.push({
      message: `The package zip ${file} has entry names written with backslashes (${listOf(backslashes.map(quoted))}). Zip entries separate folders with '/': Foundry fails to install this zip (v12 at least), and Linux hosts would unpack one file named with backslashes. Zip it with a tool that writes '/' (7-Zip, zip, or your build's zip library).`,
    });
  }
  if (absolute.length > 0) {
    problems.push({
      message: `The package zip ${file} has absolute entry names (${listOf(absolute.map(quoted))}): they would unpack outside the package's folder. Zip the package's folder with names relative to it.`,
    });
  }
  if (climbing.length > 0) {
    problems.push({
      message: `The package zip ${file} has entry names with a '..' segment (${listOf(climbing.map(quoted))}): they would unpack outside the package's folder. Zip the package's folder with names relative to it.`,
    });
  }
  return problems;
}

/** The zip's names as Foundry's file system will see them after unpacking (backslashes read as `/`). */
class ZipIndex {
  readonly #files = new Set<string>();
  readonly #filesByLowerCase = new Map<string, string>();
  /** Every name (files and folders), to find a folder's contents. */
  readonly #names: string[];

  constructor(entryNames: readonly string[]) {
    this.#names = entryNames.map((n) => n.replace(/\\/g, '/'));
    for (const name of this.#names) {
      if (name.endsWith('/')) continue;
      this.#files.add(name);
      if (!this.#filesByLowerCase.has(name.toLowerCase()))
        this.#filesByLowerCase.set(name.toLowerCase(), name);
    }
  }

  file(name: string): Lookup['found'] {
    if (this.#files.has(name)) return 'present';
    const other = this.#filesByLowerCase.get(name.toLowerCase());
    return other ? { otherCase: other } : 'missing';
  }

  /** A folder holding at least one entry (a LevelDB pack); an empty folder is as good as missing. */
  folder(name: string): Lookup['found'] {
    const prefix = `${name}/`;
    if (this.#names.some((n) => n.startsWith(prefix) && n.length > prefix.length)) return 'present';
    const lower = prefix.toLowerCase();
    const other = this.#names.find((n) => n.toLowerCase().startsWith(lower) && n.length > prefix.length);
    return other ? { otherCase: other.slice(0, name.length) } : 'missing';
  }
}

type Resolved = { kind: 'url' } | { kind: 'outside' } | { kind: 'empty' } | { kind: 'path'; path: string };

/**
 * Where Foundry looks for a path the manifest names: relative to the package's folder, a leading `./` or
 * `/` meaning that folder (the API docs' own example writes `/scripts/…`; popular packages write `./…`).
 * URLs are fetched by the browser, not read from the package.
 */
export function resolveNamedPath(written: string): Resolved {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(written) || written.startsWith('//')) return { kind: 'url' };
  let relative = written.trim();
  while (relative.startsWith('./') || relative.startsWith('/')) relative = relative.replace(/^\.?\//, '');
  if (relative === '' || relative === '.') return { kind: 'empty' };
  const normal = path.posix.normalize(relative);
  if (normal === '..' || normal.startsWith('../')) return { kind: 'outside' };
  return { kind: 'path', path: normal.replace(/\/+$/, '') };
}

/** The major version of `compatibility.minimum` ("10.291" → 10, "0.8.3" → 0), when it reads as one. */
function minimumGeneration(manifest: PackageManifest): number | undefined {
  const major = Number.parseInt(manifest.compatibility.minimum ?? '', 10);
  return Number.isNaN(major) ? undefined : major;
}

function lookUpNamedFiles(
  manifest: PackageManifest,
  root: string,
  index: ZipIndex,
): { lookups: Lookup[]; outside: { field: Field; written: string }[] } {
  const lookups: Lookup[] = [];
  const outside: { field: Field; written: string }[] = [];
  const { files } = manifest;
  const plain: [Field, string[]][] = [
    ['esmodules', files.esmodules],
    ['scripts', files.scripts],
    ['styles', files.styles],
    ['languages', files.languages],
  ];
  for (const [field, paths] of plain) {
    for (const written of paths) {
      const resolved = resolveNamedPath(written);
      if (resolved.kind === 'outside') outside.push({ field, written });
      if (resolved.kind !== 'path') continue;
      const wanted = root + resolved.path;
      lookups.push({ field, written, wanted, found: index.file(wanted) });
    }
  }
  // A package whose minimum is before v11 runs on Foundry 10, which reads NeDB `.db` files only.
  const generation = minimumGeneration(manifest);
  const supportsV10 = generation !== undefined && generation < 11;
  for (const pack of files.packs) {
    const lookup = lookUpPack(pack, root, index, supportsV10);
    if (lookup === 'outside') outside.push({ field: 'packs', written: pack.path ?? '' });
    else if (lookup) lookups.push(lookup);
  }
  return { lookups, outside };
}

/**
 * A compendium pack: a `.db` path is the NeDB file on v10 and, on v11+, the LevelDB folder of the same name
 * without `.db` (a shipped `.db` file is still accepted there: Foundry migrates it on first load). A path
 * without `.db` is a LevelDB folder; no path at all is `packs/<name>` (v11+).
 */
function lookUpPack(
  pack: NamedPack,
  root: string,
  index: ZipIndex,
  supportsV10: boolean,
): Lookup | 'outside' | undefined {
  const written = pack.path ?? (pack.name ? `packs/${pack.name}` : undefined);
  if (!written) return undefined;
  const resolved = resolveNamedPath(written);
  if (resolved.kind === 'outside') return 'outside';
  if (resolved.kind !== 'path') return undefined;
  const full = root + resolved.path;
  if (full.endsWith('.db')) {
    const file = index.file(full);
    if (supportsV10) {
      return { field: 'packs', written, wanted: `${full} (Foundry 10 reads the .db file)`, found: file };
    }
    const folderName = full.slice(0, -'.db'.length);
    const folder = index.folder(folderName);
    const found = file === 'present' || folder === 'present' ? 'present' : file !== 'missing' ? file : folder;
    return { field: 'packs', written, wanted: `${folderName}/ (LevelDB) or ${full}`, found };
  }
  const folder = index.folder(full);
  const found = folder === 'present' || index.file(full) === 'present' ? 'present' : folder;
  return { field: 'packs', written, wanted: `${full}/ (a LevelDB folder)`, found };
}

function namedFileProblems(lookups: readonly Lookup[], file: string, root: string): Problem[] {
  const problems: Problem[] = [];
  const missing = lookups.filter((l) => l.found === 'missing');
  const otherCase = lookups.filter(
    (l): l is Lookup & { found: { otherCase: string } } => typeof l.found === 'object',
  );
  const where = root ? ` (relative to ${quoted(root)}, the folder of its manifest)` : '';
  if (missing.length > 0) {
    const items = missing.map((l) =>
      l.field === 'packs'
        ? `packs ${quoted(l.written)} (${untrusted(l.wanted, 160)})`
        : `${l.field} ${quoted(l.written)}`,
    );
    problems.push({
      message: `The package zip ${file} lacks ${missing.length === 1 ? 'a file' : `${missing.length} files`} its manifest names${where}: ${listOf(items)}. Foundry would install the package, then fail to load ${missing.length === 1 ? 'it' : 'them'} (404s in the browser console): add ${missing.length === 1 ? 'it' : 'them'} to the zip, or fix the manifest.`,
    });
  }
  if (otherCase.length > 0) {
    const items = otherCase.map(
      (l) => `${l.field} ${quoted(l.written)} is ${quoted(l.found.otherCase.slice(root.length))} in the zip`,
    );
    problems.push({
      message: `The package zip ${file} holds ${otherCase.length === 1 ? 'a file' : `${otherCase.length} files`} its manifest names only under another case: ${listOf(items)}. That works on Windows and macOS and fails on Linux hosts (The Forge included), whose file names are case-sensitive: make the names agree.`,
    });
  }
  return problems;
}

function describe(lookups: readonly Lookup[]): string {
  const total = lookups.length;
  if (total === 0) return 'the manifest names no scripts, styles, languages or packs';
  const files = `${total} ${total === 1 ? 'file' : 'files'} named by the manifest`;
  const missing = lookups.filter((l) => l.found === 'missing').length;
  const otherCase = lookups.filter((l) => typeof l.found === 'object').length;
  if (missing === 0 && otherCase === 0) return `${files}, ${total === 1 ? 'present' : 'all present'}`;
  const parts = [];
  if (missing > 0) parts.push(`${missing} missing`);
  if (otherCase > 0) parts.push(`${otherCase} under another case`);
  return `${files}, ${parts.join(', ')}`;
}
