import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorldZip } from '../../src/forge/world-zip.js';
import { writeWorldZip } from '../fixtures/world-zip.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'world-zip-'));
});

describe('checkWorldZip', () => {
  it('accepts world.json at the root or in one top-level folder', async () => {
    await expect(
      checkWorldZip(await writeWorldZip(path.join(dir, 'a.zip'), { id: 'demo' }), 'a.zip', 'demo'),
    ).resolves.toBeUndefined();
    const nested = await writeWorldZip(path.join(dir, 'b.zip'), { id: 'demo', folder: 'demo' });
    await expect(checkWorldZip(nested, 'b.zip', 'demo')).resolves.toBeUndefined();
  });

  it("names the zip's world when it is another one", async () => {
    const zip = await writeWorldZip(path.join(dir, 'c.zip'), { id: 'other' });
    await expect(checkWorldZip(zip, 'c.zip', 'demo')).rejects.toThrow(
      /holds world 'other', but forge-world is 'demo'/,
    );
  });

  it('rejects a file that is not a zip, and a truncated zip', async () => {
    await writeFile(path.join(dir, 'd.zip'), 'hello');
    await expect(checkWorldZip(path.join(dir, 'd.zip'), 'd.zip', 'demo')).rejects.toThrow(
      /not a readable zip file/,
    );
    const whole = await readFile(await writeWorldZip(path.join(dir, 'e.zip'), { id: 'demo' }));
    await writeFile(path.join(dir, 'e.zip'), whole.subarray(0, whole.length - 30));
    await expect(checkWorldZip(path.join(dir, 'e.zip'), 'e.zip', 'demo')).rejects.toThrow(
      /not a readable zip file|damaged zip/,
    );
  });
});
