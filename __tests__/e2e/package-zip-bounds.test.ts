import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeLyingManifestZip } from '../fixtures/package-zip.js';
import { moduleManifest, releasePublishedEvent, runAgainst } from './harness.js';
import { apis, useFreshApis } from './fresh-apis.js';

useFreshApis();

const MiB = 1024 * 1024;

describe('the package zip check reads no more than a manifest can take', () => {
  it('refuses a manifest entry that claims 500 bytes but spans 150 MiB compressed, without fetching it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lying-zip-'));
    const zip = await writeLyingManifestZip(path.join(dir, 'module.zip'), {
      claimedBytes: 500,
      spanBytes: 150 * MiB,
    });
    const release = apis.github.addRelease({
      tag: 'v1.2.3',
      assets: { 'module.json': moduleManifest(apis, '1.2.3'), 'module.zip': { file: zip } },
    });

    const result = await runAgainst(apis, { event: releasePublishedEvent(release) });

    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      "::error::The package zip module.zip's module.json takes 150 MiB; a manifest is at most 1 MiB, so it was not read. Build and upload the zip again.",
    ]);
    // The zip's tail (its directory) was read; the 150 MiB entry was not.
    expect(apis.github.bytesServed.get('module.zip')).toBeLessThan(128 * 1024);
    expect(apis.foundry.releaseRequests).toHaveLength(0);
    expect(result.outputs.status).toBe('failed');
  });
});
