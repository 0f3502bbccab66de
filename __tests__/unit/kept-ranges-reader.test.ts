import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { KeptRangesReader } from '../../src/zip/kept-ranges-reader.js';
import { findManifestEntry, listEntries, openZipReader, readEntryBytes } from '../../src/zip/zip-entries.js';
import { packageZipBytes } from '../fixtures/package-zip.js';

/** The reader over bytes in memory, recording every range it is asked to fetch. */
class BufferReader extends KeptRangesReader {
  readonly fetches: [number, number][] = [];
  /** Set to make every later fetch fail with it. */
  failing: Error | undefined;

  constructor(private readonly data: Buffer) {
    super(data.length);
  }

  protected override fetch(start: number, end: number): Promise<void> {
    if (this.failing) return Promise.reject(this.failing);
    this.fetches.push([start, end]);
    this.keep(start, this.data.subarray(start, Math.min(end, this.data.length)));
    return Promise.resolve();
  }

  readInto(buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
    return new Promise((resolve, reject) =>
      this.read(buffer, offset, length, position, (error, count) => (error ? reject(error) : resolve(count))),
    );
  }
}

const manifest = JSON.stringify({ id: 'many-files', version: '1.0.0' });
let zip: Buffer;

beforeAll(async () => {
  const files = Object.fromEntries(
    Array.from({ length: 3000 }, (_, i) => [`templates/part-${i}.hbs`, `<p>${i}</p>`]),
  );
  zip = await packageZipBytes({ manifest, files, folder: 'many-files' });
});

/** Where the zip's end of central directory record says its central directory starts (no comment). */
const centralDirectoryOffset = (bytes: Buffer) => bytes.readUInt32LE(bytes.length - 22 + 16);

describe('KeptRangesReader', () => {
  it('walks a 3,000-entry central directory from two fetches, with no stream per read', async () => {
    const reader = new BufferReader(zip);
    const streams = vi.spyOn(reader, '_readStreamForRange');
    const opened = await openZipReader(reader, reader.totalSize);
    await reader.prefetchCentralDirectory(opened);
    const entries = await listEntries(opened);
    expect(streams).not.toHaveBeenCalled();
    const entry = findManifestEntry(entries, ['module.json']);
    const bytes = await readEntryBytes(opened, entry!, 1 << 20, () => new Error('too large'));
    opened.close();

    expect(entries).toHaveLength(3002);
    expect(bytes.toString()).toBe(manifest);
    // The end of central directory (with read-ahead), then the central directory and the 64 KiB before
    // it, where the manifest, zipped last, is stored.
    expect(reader.fetches).toEqual([
      [zip.length - 65577, zip.length],
      [centralDirectoryOffset(zip) - 65536, zip.length - 65577],
    ]);
  });

  it('copies a read that spans two kept ranges from both', async () => {
    const reader = new BufferReader(zip);
    await reader.readInto(Buffer.alloc(1), 0, 1, 100); // keeps [100, 100 + 64 KiB)
    await reader.readInto(Buffer.alloc(1), 0, 1, 100 + 65536); // and the next 64 KiB
    const spanning = Buffer.alloc(40);
    expect(await reader.readInto(spanning, 0, 40, 100 + 65536 - 20)).toBe(40);
    expect(spanning).toEqual(zip.subarray(100 + 65536 - 20, 100 + 65536 + 20));
    expect(reader.fetches).toHaveLength(2);
  });

  it('reports fewer bytes than asked past the end of the file, which yauzl calls unexpected EOF', async () => {
    const reader = new BufferReader(zip);
    expect(await reader.readInto(Buffer.alloc(10), 0, 10, zip.length - 5)).toBeLessThan(10);
  });

  it('does not prefetch a central directory that claims to start implausibly far back', async () => {
    // A 2 MiB package of three entries whose end record says its central directory starts at byte 0:
    // three records cannot take 2 MiB, so nothing is read in one piece for it.
    const lying = await packageZipBytes({ manifest, fillerBytes: 2 * 1024 * 1024 });
    lying.writeUInt32LE(0, lying.length - 22 + 16);
    const reader = new BufferReader(lying);
    const opened = await openZipReader(reader, reader.totalSize);
    await reader.prefetchCentralDirectory(opened);
    await expect(listEntries(opened)).rejects.toThrow(/central directory file header signature/);
    opened.close();
    expect(Math.max(...reader.fetches.map(([start, end]) => end - start))).toBeLessThanOrEqual(65577);
  });

  it('lets the event loop turn during a long walk, so timers and signals are not held up', async () => {
    const reader = new BufferReader(zip);
    const opened = await openZipReader(reader, reader.totalSize);
    await reader.prefetchCentralDirectory(opened);
    let seen = 0;
    opened.on('entry', () => seen++);
    let seenAtTurn: number | undefined;
    setImmediate(() => (seenAtTurn = seen));
    const entries = await listEntries(opened);
    opened.close();
    // The timer ran in the middle of the walk, not after it.
    expect(seenAtTurn).toBeGreaterThan(0);
    expect(seenAtTurn).toBeLessThan(entries.length);
  });

  it('hands yauzl a failed fetch of an entry’s data as an error of its stream', async () => {
    // A manifest of 100 KiB that does not compress, stored first: its data runs past the 64 KiB read with its
    // local header, so reading it needs another fetch, which fails.
    const large = JSON.stringify({ id: 'large', padding: randomBytes(75 * 1024).toString('base64') });
    const bytes = await packageZipBytes({ manifest: large, manifestFirst: true, fillerBytes: 1024 * 1024 });
    const reader = new BufferReader(bytes);
    const opened = await openZipReader(reader, reader.totalSize);
    const entry = findManifestEntry(await listEntries(opened), ['module.json']);
    await reader.readInto(Buffer.alloc(1), 0, 1, 0); // the local header and the first 64 KiB are kept
    reader.failing = new Error('the storage host went away');
    await expect(readEntryBytes(opened, entry!, 1 << 20, () => new Error('too large'))).rejects.toThrow(
      'the storage host went away',
    );
    opened.close();
  });
});
