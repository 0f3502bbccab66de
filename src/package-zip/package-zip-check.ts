import type yauzl from 'yauzl';
import { rm, stat } from '../network/files.js';
import { log } from '../problems/log.js';
import { ActionError } from '../problems/problem.js';
import { downloadToTemp } from '../network/download.js';
import { formatBytes, type HttpTransport } from '../network/http.js';
import {
  MANIFEST_FILE_NAMES,
  MAX_MANIFEST_BYTES,
  parseManifest,
  type PackageManifest,
} from '../manifest/manifest.js';
import type { RetryBudget } from '../network/retry.js';
import { untrusted } from '../problems/untrusted-text.js';
import {
  entryNameAsWritten,
  findManifestEntry,
  listEntries,
  openZipFile,
  openZipReader,
  readEntryBytes,
} from '../zip/zip-entries.js';
import { AssetChanged, HttpRangeReader, RangesIgnored } from './http-range-reader.js';

/** A zip users will install, and what it must hold. */
export interface PackageZipAsset {
  /** Where users download it, fetched as they do (no credentials). */
  url: string;
  /** Its file name, already made safe to show. */
  file: string;
  expected: { id: string; version: string };
}

/** What the package zip check read, for the content checks (package-contents.ts), the log and the summary. */
export type PackageZipCheck =
  | {
      checked: true;
      file: string;
      id: string;
      version: string;
      transferred: number;
      totalSize: number;
      contents: ZipContents;
    }
  | { checked: false; reason: string };

/**
 * SPEC §4 step 4b: when the manifest's `download` names an asset of this release, read that zip's own
 * manifest and entry list as users will get it. Reads only the zip's tail, central directory and manifest
 * entry through HTTP ranges; a host that ignores Range has the zip streamed to RUNNER_TEMP instead. What it
 * must hold (the release's id and version, every file its manifest names) is checkZipContents' job.
 */
export async function checkPackageZip(
  zip: PackageZipAsset,
  http: HttpTransport,
  budget: RetryBudget,
): Promise<PackageZipCheck> {
  let found: PackageZipCheck;
  try {
    found = await readOverRanges(zip, http, budget);
  } catch (error) {
    // Re-uploaded between two reads: the new file is the one users get, so read it again from the start.
    if (!(error instanceof AssetChanged)) throw error;
    log.info(`Package zip check: ${zip.file} changed while it was read; reading it again.`);
    found = await readOverRanges(zip, http, budget).catch((again: unknown) => {
      if (again instanceof AssetChanged) {
        throw new ActionError(
          `The package zip ${zip.file} keeps changing while it is read; re-run the job once the upload is done.`,
        );
      }
      throw again;
    });
  }
  return found;
}

async function readOverRanges(
  zip: PackageZipAsset,
  http: HttpTransport,
  budget: RetryBudget,
): Promise<PackageZipCheck> {
  let reader: HttpRangeReader;
  try {
    reader = await HttpRangeReader.open(zip.url, http, budget);
  } catch (error) {
    if (error instanceof RangesIgnored) return readFromDisk(zip, http, budget);
    throw error;
  }
  try {
    const contents = await readZipManifest(
      zip.file,
      () => openZipReader(reader, reader.totalSize, 'as-written'),
      // The whole central directory in one range, before yauzl walks it.
      (opened) => reader.prefetchCentralDirectory(opened),
    );
    return {
      checked: true,
      file: zip.file,
      ...idAndVersion(contents.manifest),
      transferred: reader.transferred,
      totalSize: reader.totalSize,
      contents,
    };
  } catch (error) {
    // yauzl reports a failed read as its own error; the reader kept the real one.
    if (reader.failure instanceof RangesIgnored) return readFromDisk(zip, http, budget);
    throw reader.failure ?? error;
  }
}

async function readFromDisk(
  zip: PackageZipAsset,
  http: HttpTransport,
  budget: RetryBudget,
): Promise<PackageZipCheck> {
  log.info(
    `Package zip check: the host of ${zip.file} ignores Range requests; downloading it to RUNNER_TEMP.`,
  );
  const file = await downloadToTemp(
    zip.url,
    {
      what: `The package zip ${zip.file}`,
      hint: 'Users install from this URL, without credentials: check the release asset is public.',
    },
    http,
    budget,
  );
  try {
    const { size } = await stat(file);
    const contents = await readZipManifest(zip.file, () => openZipFile(file, 'as-written'));
    return {
      checked: true,
      file: zip.file,
      ...idAndVersion(contents.manifest),
      transferred: size,
      totalSize: size,
      contents,
    };
  } finally {
    await rm(file, { force: true });
  }
}

/** What a package zip holds, read from its central directory and its one manifest entry. */
export interface ZipContents {
  manifest: PackageManifest;
  /** The manifest's entry name, e.g. `module.json` or `my-module/module.json`. */
  manifestEntry: string;
  /** Every entry name in the central directory, as written: backslashes kept (folders end in `/`). */
  entryNames: string[];
}

function idAndVersion(manifest: PackageManifest): { id: string; version: string } {
  return { id: manifest.id ?? '', version: manifest.version ?? '' };
}

/** Opens the zip, finds its manifest as Foundry would, and reads it and the list of entries. */
export async function readZipManifest(
  file: string,
  open: () => Promise<yauzl.ZipFile>,
  beforeWalk?: (zip: yauzl.ZipFile) => Promise<void>,
): Promise<ZipContents> {
  let zip: yauzl.ZipFile;
  try {
    zip = await open();
  } catch (error) {
    if (error instanceof ActionError) throw error;
    throw new ActionError(
      `The package zip ${file} is not a readable zip (${untrusted((error as Error).message)}). Users could not install it: build and upload the zip again.`,
    );
  }
  try {
    await beforeWalk?.(zip);
    const entries = await listEntries(zip);
    const entry = findManifestEntry(entries, MANIFEST_FILE_NAMES);
    if (!entry) {
      throw new ActionError(
        `The package zip ${file} holds no module.json, system.json or world.json at its root or in one top-level folder, so Foundry cannot install it. Zip the package's folder (the one with the manifest).`,
      );
    }
    const label = `${file}'s ${untrusted(entry.fileName)}`;
    const bytes = await readEntryBytes(
      zip,
      entry,
      MAX_MANIFEST_BYTES,
      (size) =>
        new ActionError(
          `The package zip ${label} takes ${formatBytes(size)}; a manifest is at most ${formatBytes(MAX_MANIFEST_BYTES)}, so it was not read. Build and upload the zip again.`,
        ),
    );
    const manifest = parseManifest({ label, bytes });
    return { manifest, manifestEntry: entry.fileName, entryNames: entries.map(entryNameAsWritten) };
  } catch (error) {
    if (error instanceof ActionError) throw error;
    throw new ActionError(
      `The package zip ${file} is damaged (${untrusted((error as Error).message)}). Build and upload the zip again.`,
    );
  } finally {
    zip.close();
  }
}
