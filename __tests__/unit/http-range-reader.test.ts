import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport } from '../../src/network/http.js';
import { RetryBudget } from '../../src/network/retry.js';
import { AssetChanged, HttpRangeReader } from '../../src/package-zip/http-range-reader.js';
import { ActionError } from '../../src/problems/problem.js';
import { listEntries, openZipFile, openZipReader, readEntryBytes } from '../../src/zip/zip-entries.js';
import { packageZipBytes } from '../fixtures/package-zip.js';
import { parseRange } from '../simulators/github-sim.js';
import { SimServer } from '../simulators/sim-server.js';

/**
 * The reader against object storage's Range answers (206 with Content-Range, as the GitHub simulation's storage
 * serves them). A package of 1,500 files: its central directory (~100 KiB) is larger than the tail the
 * reader opens with, as a real system's is.
 */
const server = new SimServer('Range storage');
const files = Object.fromEntries(
  Array.from({ length: 1500 }, (_, i) => [`templates/part-${String(i).padStart(4, '0')}.hbs`, `<p>${i}</p>`]),
);
const manifest = JSON.stringify({ id: 'many-files', version: '1.0.0' });
let manyFilesZip: Buffer;
/** What the server serves: the many-file zip, unless a test swaps it. */
let zip: Buffer;
let zipOnDisk: string;

beforeAll(async () => {
  manyFilesZip = await packageZipBytes({ manifest, files, folder: 'many-files' });
  zip = manyFilesZip;
  zipOnDisk = path.join(await mkdtemp(path.join(os.tmpdir(), 'range-reader-')), 'many-files.zip');
  await writeFile(zipOnDisk, zip);
  server.setRoutes([
    {
      method: 'GET',
      pattern: /^\/zip$/,
      handle: ({ request, response }) => {
        const range = parseRange(request.headers.range, zip.length);
        if (range === undefined || range === 'unsatisfiable')
          throw new Error('the reader always asks a range');
        response.writeHead(206, {
          'Content-Length': String(range.end - range.start + 1),
          'Content-Range': `bytes ${range.start}-${range.end}/${zip.length}`,
        });
        response.end(zip.subarray(range.start, range.end + 1));
      },
    },
    {
      // Serves the tail, then refuses: a link that expired between two reads.
      method: 'GET',
      pattern: /^\/expiring$/,
      handle: ({ request, response }) => {
        if (!request.headers.range?.startsWith('bytes=-')) {
          response.writeHead(403, { 'Content-Type': 'text/plain' });
          response.end('Request has expired');
          return;
        }
        const start = zip.length - 65577;
        response.writeHead(206, { 'Content-Range': `bytes ${start}-${zip.length - 1}/${zip.length}` });
        response.end(zip.subarray(start));
      },
    },
  ]);
  await server.start();
});
afterAll(() => server.stop());
afterEach(() => {
  server.requests.length = 0;
});

const open = (route: string) =>
  HttpRangeReader.open(`${server.url}/${route}`, new HttpTransport(5000), new RetryBudget(0));

const names = (entries: { fileName: string }[]) => entries.map((entry) => entry.fileName);

describe('HttpRangeReader', () => {
  it('lists what yauzl lists from the file on disk, and reads the manifest, in two ranges', async () => {
    const fromDisk = await openZipFile(zipOnDisk);
    const expected = names(await listEntries(fromDisk));
    fromDisk.close();

    const reader = await open('zip');
    const opened = await openZipReader(reader, reader.totalSize);
    // What package-zip-check does: the rest of the central directory, in one range, before the walk.
    await reader.prefetchCentralDirectory(opened);
    const entries = await listEntries(opened);
    const entry = entries.find((e) => e.fileName === 'many-files/module.json');
    const bytes = await readEntryBytes(opened, entry!, 1 << 20, () => new Error('too large'));
    opened.close();

    expect(names(entries)).toEqual(expected);
    expect(entries).toHaveLength(1500 + 2); // and the manifest and scripts/main.js
    expect(bytes.toString('utf8')).toBe(manifest);
    // The tail, then the rest of the central directory with the 64 KiB before it, where the manifest (added
    // last) is, up to the tail: yauzl's 3,000 small reads and the manifest's came from those two ranges.
    const centralDirectory = zip.readUInt32LE(zip.length - 22 + 16);
    const tail = zip.length - 65577;
    expect(server.requests.map((r) => r.headers.range)).toEqual([
      'bytes=-65577',
      `bytes=${centralDirectory - 65536}-${tail - 1}`,
    ]);
    expect(reader.transferred).toBe(zip.length - (centralDirectory - 65536));
    expect(reader.transferred).toBeLessThan(zip.length);
  });

  it('reads nothing more for a central directory the tail already holds', async () => {
    const small = await packageZipBytes({ manifest, folder: 'small' });
    zip = small;
    try {
      const reader = await open('zip');
      const opened = await openZipReader(reader, reader.totalSize);
      await reader.prefetchCentralDirectory(opened);
      const entries = await listEntries(opened);
      opened.close();
      expect(entries.map((e) => e.fileName)).toContain('small/module.json');
      expect(server.requests).toHaveLength(1);
    } finally {
      zip = manyFilesZip;
    }
  });

  it('asks nothing past the end of the file: a zip pointing there is short of bytes, not re-uploaded', async () => {
    const pastEnd = Buffer.from(manyFilesZip);
    pastEnd.writeUInt32LE(pastEnd.length + 10, pastEnd.length - 22 + 16);
    zip = pastEnd;
    try {
      const reader = await open('zip');
      const opened = await openZipReader(reader, reader.totalSize).catch((error: Error) => error);
      const failure = opened instanceof Error ? opened : await listEntries(opened).catch((e: Error) => e);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(AssetChanged);
      expect(reader.failure).toBeUndefined();
      expect(server.requests.map((r) => r.headers.range)).toEqual(['bytes=-65577']);
    } finally {
      zip = manyFilesZip;
    }
  });

  it('fills the caller’s buffer at its offset with the bytes at the position, as fs.read does', async () => {
    const reader = await open('zip');
    const buffer = Buffer.alloc(30, 0);
    const position = zip.length - 40;
    const bytesRead = await new Promise<number>((resolve, reject) =>
      reader.read(buffer, 10, 20, position, (error, count) => (error ? reject(error) : resolve(count))),
    );
    expect(bytesRead).toBe(20);
    expect(buffer.subarray(0, 10)).toEqual(Buffer.alloc(10, 0));
    expect(buffer.subarray(10)).toEqual(zip.subarray(position, position + 20));
  });

  it('fetches a range it does not hold, and hands a failed fetch to yauzl as an error it also keeps', async () => {
    const reader = await open('zip');
    const buffer = Buffer.alloc(4);
    await new Promise<void>((resolve, reject) =>
      reader.read(buffer, 0, 4, 0, (error) => (error ? reject(error) : resolve())),
    );
    expect(buffer).toEqual(zip.subarray(0, 4));
    expect(server.requests.at(-1)?.headers.range).toMatch(/^bytes=0-\d+$/);

    const expiring = await open('expiring');
    const error = await new Promise<Error | null>((resolve) =>
      expiring.read(Buffer.alloc(4), 0, 4, 0, (failure) => resolve(failure)),
    );
    expect(error).toBeInstanceOf(ActionError);
    expect(error?.message).toContain('HTTP 403 (Request has expired)');
    expect(expiring.failure).toBe(error);
  });
});
