import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import yauzlLibrary from 'yauzl';
import type yauzl from 'yauzl';
import {
  findManifestEntry,
  listEntries,
  maxCompressedBytes,
  openZipFile,
  readEntryBytes,
} from '../../src/zip/zip-entries.js';
import { packageZipBytes, writeLyingManifestZip } from '../fixtures/package-zip.js';

const entries = (...names: string[]) => names.map((fileName) => ({ fileName }) as yauzl.Entry);
const NAMES = ['module.json', 'system.json', 'world.json'];

describe('findManifestEntry', () => {
  it('takes a manifest at the root first, in the order of the names', () => {
    expect(findManifestEntry(entries('a/module.json', 'system.json', 'module.json'), NAMES)?.fileName).toBe(
      'module.json',
    );
  });

  it('takes the manifest in one top-level folder', () => {
    expect(findManifestEntry(entries('mod/', 'mod/scripts/x.js', 'mod/module.json'), NAMES)?.fileName).toBe(
      'mod/module.json',
    );
  });

  it('finds none when two folders hold one, or it sits deeper, as Foundry would not install those', () => {
    expect(findManifestEntry(entries('a/module.json', 'b/module.json'), NAMES)).toBeUndefined();
    expect(findManifestEntry(entries('a/b/module.json'), NAMES)).toBeUndefined();
    expect(findManifestEntry(entries('/module.json'), NAMES)).toBeUndefined();
  });
});

describe('readEntryBytes', () => {
  const tooLarge = (size: number) => new Error(`too large: ${size}`);

  it('refuses, before reading, an entry whose compressed span is larger than the limit allows', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'zip-entries-'));
    const file = await writeLyingManifestZip(path.join(dir, 'lying.zip'), {
      claimedBytes: 500,
      spanBytes: maxCompressedBytes(1000) + 1,
    });
    const zip = await openZipFile(file);
    const [entry] = await listEntries(zip);
    await expect(readEntryBytes(zip, entry!, 1000, tooLarge)).rejects.toThrow(
      `too large: ${maxCompressedBytes(1000) + 1}`,
    );
    zip.close();
  });

  it('reads an honest entry at the limit', async () => {
    const manifest = JSON.stringify({ id: 'x', padding: 'a'.repeat(900) });
    const bytes = await packageZipBytes({ manifest });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'zip-entries-'));
    const file = path.join(dir, 'honest.zip');
    await writeFile(file, bytes);
    const zip = await openZipFile(file);
    const entry = (await listEntries(zip)).find((e) => e.fileName === 'module.json');
    expect((await readEntryBytes(zip, entry!, manifest.length, tooLarge)).toString()).toBe(manifest);
    zip.close();
  });

  it('allows deflate its worst case over the limit, and little more', () => {
    // zlib's deflateBound for 1 MiB of incompressible input is 1 MiB + 335 bytes.
    expect(maxCompressedBytes(1024 * 1024)).toBeGreaterThan(1024 * 1024 + 335);
    expect(maxCompressedBytes(1024 * 1024)).toBeLessThan(1024 * 1024 + 4096);
  });
});

describe('openZipFile', () => {
  /** This process's descriptors open on `file`: other tests' sockets and files do not count. */
  const descriptorsOn = (file: string) =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === file;
      } catch {
        return false; // closed meanwhile
      }
    }).length;
  const yauzlOwnListing = (file: string) =>
    new Promise<string[]>((resolve, reject) => {
      yauzlLibrary.open(file, { lazyEntries: true }, (error, zip) => {
        if (error) return reject(error);
        const names: string[] = [];
        zip.on('entry', (entry: yauzl.Entry) => {
          names.push(entry.fileName);
          zip.readEntry();
        });
        zip.on('end', () => resolve(names));
        zip.readEntry();
      });
    });
  const MANY_FILES_MANIFEST = JSON.stringify({ id: 'many-files' });
  const manyFilesZip = async () => {
    const files = Object.fromEntries(
      Array.from({ length: 1500 }, (_, i) => [`templates/part-${i}.hbs`, `<p>${i}</p>`]),
    );
    const dir = await mkdtemp(path.join(os.tmpdir(), 'zip-entries-'));
    const file = path.join(dir, 'many.zip');
    await writeFile(
      file,
      await packageZipBytes({ manifest: MANY_FILES_MANIFEST, files, folder: 'many-files' }),
    );
    return file;
  };

  it('lists a 1,500-file package as yauzl’s own file reader does, and reads its manifest', async () => {
    const file = await manyFilesZip();
    const zip = await openZipFile(file);
    const entries = await listEntries(zip);
    const entry = findManifestEntry(entries, NAMES);
    const bytes = await readEntryBytes(zip, entry!, 1 << 20, () => new Error('too large'));
    zip.close();

    expect(entries.map((e) => e.fileName)).toEqual(await yauzlOwnListing(file));
    expect(bytes.toString()).toBe(MANY_FILES_MANIFEST);
  });

  // Descriptors are counted through /proc (Linux, where CI runs).
  it.runIf(existsSync('/proc/self/fd'))(
    'closes its file with the zip, and when yauzl refuses a file that is not a zip',
    async () => {
      const file = await manyFilesZip();
      const zip = await openZipFile(file);
      expect(descriptorsOn(file)).toBe(1);
      await listEntries(zip);
      zip.close();
      await new Promise((resolve) => zip.once('close', resolve));
      expect(descriptorsOn(file)).toBe(0);

      const notZip = path.join(path.dirname(file), 'not.zip');
      await writeFile(notZip, 'not a zip at all');
      await expect(openZipFile(notZip)).rejects.toThrow(
        'End of central directory record signature not found',
      );
      expect(descriptorsOn(notZip)).toBe(0);
    },
  );
});
