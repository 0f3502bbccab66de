import yauzl from 'yauzl';
import { close, fstat, open } from '../network/files.js';
import { FileRangeReader } from './file-range-reader.js';

/**
 * Reading a Foundry zip with yauzl: its central directory, then the one manifest entry. Shared by the world
 * zip check (SPEC §5.1) and the package zip check (SPEC §4 step 4b), which read a file or HTTP ranges.
 */

const OPTIONS = { lazyEntries: true, autoClose: false } as const;

/**
 * How entry names are read. `validated` (the default) is yauzl's: backslashes turned into `/`, and a name
 * that is absolute or climbs out with `..` fails the whole zip. `as-written` keeps every name as the zip
 * holds it, so the package zip check can name each bad entry (SPEC §4 step 4c); see entryNameAsWritten.
 */
export type EntryNames = 'validated' | 'as-written';

const optionsFor = (names: EntryNames) => ({ ...OPTIONS, decodeStrings: names === 'validated' });

/** A zip on disk, its central directory already read in one piece (FileRangeReader). */
export async function openZipFile(file: string, names: EntryNames = 'validated'): Promise<yauzl.ZipFile> {
  const fd = await open(file, 'r');
  let reader: FileRangeReader;
  let zip: yauzl.ZipFile;
  try {
    const { size } = await fstat(fd);
    reader = new FileRangeReader(fd, size);
    zip = await openZipReader(reader, size, names);
  } catch (error) {
    // Not a zip: yauzl leaves the reader open on failure, so close the descriptor here, as yauzl.open does.
    await close(fd).catch(() => undefined);
    throw error;
  }
  try {
    await reader.prefetchCentralDirectory(zip);
  } catch (error) {
    zip.close();
    throw error;
  }
  return zip;
}

export function openZipReader(
  reader: yauzl.RandomAccessReader,
  totalSize: number,
  names: EntryNames = 'validated',
): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromRandomAccessReader(reader, totalSize, optionsFor(names), (error, zip) =>
      error ? reject(error) : resolve(zip),
    );
  });
}

/** What yauzl's `decodeStrings: false` leaves in `fileName` (the raw bytes) before listEntries decodes it. */
const rawNames = new WeakMap<yauzl.Entry, string>();

/**
 * An entry's name exactly as the zip writes it (backslashes kept), for zips opened `as-written`; the
 * entry's `fileName` holds the same name with backslashes as `/`, as yauzl reads it by default.
 */
export function entryNameAsWritten(entry: yauzl.Entry): string {
  return rawNames.get(entry) ?? entry.fileName;
}

export function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      if (Buffer.isBuffer(entry.fileName)) {
        // Decoded as yauzl does (UTF-8 flag, Info-ZIP Unicode path field), but strict: backslashes kept.
        const written = yauzl.getFileNameLowLevel(
          entry.generalPurposeBitFlag,
          entry.fileNameRaw,
          entry.extraFields,
          true,
        );
        rawNames.set(entry, written);
        entry.fileName = written.replace(/\\/g, '/');
      }
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/**
 * The manifest as Foundry finds it in a zip: one of `names` at the root (in that order), else in exactly one
 * top-level folder (zips made by zipping the package's folder).
 */
export function findManifestEntry(
  entries: readonly yauzl.Entry[],
  names: readonly string[],
): yauzl.Entry | undefined {
  for (const name of names) {
    const atRoot = entries.find((e) => e.fileName === name);
    if (atRoot) return atRoot;
  }
  const inFolder = entries.filter((e) => {
    const parts = e.fileName.split('/');
    return parts.length === 2 && parts[0] !== '' && names.includes(parts[1] ?? '');
  });
  return inFolder.length === 1 ? inFolder[0] : undefined;
}

/**
 * The most an entry of `maxBytes` may take compressed: deflate's worst case (zlib's deflateBound: about
 * 0.03 % and a few bytes over the input), with room to spare.
 */
export function maxCompressedBytes(maxBytes: number): number {
  return maxBytes + Math.ceil(maxBytes / 1024) + 1024;
}

/**
 * The entry's bytes; `tooLarge` is thrown (unread) when it is bigger than `maxBytes`, by the size the
 * central directory claims for it or by the compressed bytes it spans. Both are checked before anything is
 * read: yauzl buffers nothing, but a range reader fetches an entry's whole compressed span at once, and a zip
 * may claim 500 bytes for an entry that spans 150 MiB.
 */
export function readEntryBytes(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  maxBytes: number,
  tooLarge: (size: number) => Error,
): Promise<Buffer> {
  if (entry.uncompressedSize > maxBytes) return Promise.reject(tooLarge(entry.uncompressedSize));
  if (entry.compressedSize > maxCompressedBytes(maxBytes))
    return Promise.reject(tooLarge(entry.compressedSize));
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    });
  });
}
