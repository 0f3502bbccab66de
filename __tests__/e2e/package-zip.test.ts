import { describe, expect, it } from 'vitest';
import { packageZipBytes, type PackageZipOptions } from '../fixtures/package-zip.js';
import type { Fault } from '../simulators/sim-server.js';
import {
  credentialLeaks,
  leakedSecrets,
  moduleManifest,
  PACKAGE_ID,
  releasePublishedEvent,
  runAgainst,
  secretsOf,
} from './harness.js';
import { apis, useFreshApis } from './fresh-apis.js';

/**
 * SPEC §4 step 4b: the zip a release's manifest downloads holds that release's id and version, read with
 * HTTP ranges from asset storage (another host than GitHub's API) without credentials.
 */
useFreshApis();

/** A release v1.2.3 whose module.zip is built with `zip` (the manifest inside defaults to the release's). */
function releaseWithZip(zip: (manifest: string) => PackageZipOptions | string | Buffer, version = '1.2.3') {
  const manifest = moduleManifest(apis, version);
  const content = zip(manifest);
  return apis.github.addRelease({
    tag: `v${version}`,
    assets: {
      'module.json': manifest,
      'module.zip':
        typeof content === 'string' || Buffer.isBuffer(content) ? content : () => packageZipBytes(content),
    },
  });
}

/** Runs the release; no credential may reach asset storage, where the zip's ranges are read. */
async function run(release: ReturnType<typeof releaseWithZip>, inputs: Record<string, string> = {}) {
  const result = await runAgainst(apis, { event: releasePublishedEvent(release), inputs });
  expect(credentialLeaks(apis)).toEqual([]);
  expect(leakedSecrets(result, secretsOf(apis))).toEqual([]);
  return result;
}

const storageRequests = () => apis.github.storage.requests.filter((r) => r.headers.range !== undefined);

describe('a good package zip', () => {
  it('publishes after reading the zip in ranges from storage, with no credential, and says what it read', async () => {
    const result = await run(releaseWithZip((manifest) => ({ manifest })));
    expect(result.errors).toEqual([]);
    expect(result.outputs.status).toBe('published');
    const ranged = storageRequests();
    expect(ranged.length).toBeGreaterThan(0);
    for (const request of ranged) expect(request.headers.authorization).toBeUndefined();
    expect(result.visibleLog).toMatch(
      /Package zip: module\.zip holds hello-module 1\.2\.3 \(read \d+ (B|KiB) of \d+ (B|KiB)\)/,
    );
    expect(result.summary).toMatch(/Package zip<\/td><td>module\.zip holds hello-module 1\.2\.3/);
  });

  it('finds the manifest in one top-level folder', async () => {
    const result = await run(releaseWithZip((manifest) => ({ manifest, folder: 'hello-module' })));
    expect(result.errors).toEqual([]);
  });

  it('reads a zip64 zip', async () => {
    const result = await run(releaseWithZip((manifest) => ({ manifest, zip64: true })));
    expect(result.errors).toEqual([]);
    expect(result.visibleLog).toMatch(/module\.zip holds hello-module 1\.2\.3/);
  });

  it('honours the legacy name for the id inside the zip', async () => {
    const legacy = JSON.stringify({ name: PACKAGE_ID, version: '1.2.3' });
    const result = await run(releaseWithZip(() => ({ manifest: legacy })));
    expect(result.errors).toEqual([]);
  });

  it('reads a 6 MiB zip whose manifest is stored last in three ranges: its tail, central directory and entry', async () => {
    const result = await run(releaseWithZip((manifest) => ({ manifest, fillerBytes: 6 * 1024 * 1024 })));
    expect(result.errors).toEqual([]);
    expect(apis.github.bytesServed.get('module.zip')).toBeLessThan(200 * 1024);
    expect(storageRequests().length).toBeLessThanOrEqual(3);
  });
});

describe('a broken package zip stops the release before Foundry hears of it', () => {
  const cases: [string, (manifest: string) => PackageZipOptions | string, RegExp][] = [
    [
      'a stale version',
      (manifest) => ({ manifest: manifest.replace('"version": "1.2.3"', '"version": "1.2.2"') }),
      /module\.zip holds version '1\.2\.2', but this release is version '1\.2\.3'.*rebuild the zip after bumping the version/,
    ],
    [
      'another id',
      (manifest) => ({ manifest: manifest.replace(`"id": "${PACKAGE_ID}"`, '"id": "other-module"') }),
      /module\.zip holds package 'other-module', but this release is 'hello-module'/,
    ],
    ['no manifest', () => ({}), /module\.zip holds no module\.json, system\.json or world\.json/],
    ['not a zip', () => 'PK\u0003\u0004 but not really a zip', /module\.zip is not a readable zip/],
    ['nothing in it (an empty file: storage answers 416)', () => '', /module\.zip is not a readable zip/],
  ];
  for (const [name, zip, error] of cases) {
    it(`a zip with ${name}`, async () => {
      const result = await run(releaseWithZip(zip));
      expect(result.exitCode).toBe(1);
      expect(result.errors).toEqual([expect.stringMatching(error)]);
      expect(result.outputs.status).toBe('failed');
      expect(apis.foundry.releaseRequests).toHaveLength(0);
    });
  }

  it('with check-zip: false, a stale zip is not read and the release goes out', async () => {
    const release = releaseWithZip((manifest) => ({ manifest: manifest.replace('1.2.3', '1.2.2') }));
    const result = await run(release, { 'check-zip': 'false' });
    expect(result.exitCode).toBe(0);
    expect(apis.github.bytesServed.get('module.zip')).toBeUndefined();
    expect(result.visibleLog).toMatch(/Package zip: not checked: check-zip is false/);
  });
});

describe('a download outside this release', () => {
  it('is not fetched, and the log says it was not checked', async () => {
    const manifest = moduleManifest(apis, '1.2.3', {
      download: 'https://cdn.example.test/hello-module-1.2.3.zip',
    });
    const release = apis.github.addRelease({ tag: 'v1.2.3', assets: { 'module.json': manifest } });
    const result = await run(release);
    expect(result.errors).toEqual([]);
    expect(result.visibleLog).toMatch(
      /Package zip: not checked: its download \(https:\/\/cdn\.example\.test\/hello-module-1\.2\.3\.zip\) is not an asset of release 'v1\.2\.3'/,
    );
  });
});

describe('hosts and faults', () => {
  it('streams the zip to RUNNER_TEMP when the host ignores Range', async () => {
    apis.github.ignoreRanges = true;
    const result = await run(releaseWithZip((manifest) => ({ manifest, fillerBytes: 2 * 1024 * 1024 })));
    expect(result.errors).toEqual([]);
    expect(result.visibleLog).toMatch(/ignores Range requests; downloading it to RUNNER_TEMP/);
    expect(result.visibleLog).toMatch(/module\.zip holds hello-module 1\.2\.3/);
  });

  const faults: [string, Fault][] = [
    ['a 503', { kind: 'status', status: 503, body: '' }],
    ['a reset connection', { kind: 'reset' }],
    ['a body cut short', { kind: 'cut-body' }],
    ['a body that stops arriving', { kind: 'stall-body' }],
  ];
  it.each(faults)('retries %s on a range read', async (_, fault) => {
    // The manifest first: the zip is read in two ranges (tail and central directory, then the entry).
    const release = releaseWithZip((manifest) => ({
      manifest,
      manifestFirst: true,
      fillerBytes: 2 * 1024 * 1024,
    }));
    const zipId = release.assets.find((a) => a.name === 'module.zip')!.id;
    // A clean first read, then the fault on the second (the manifest entry).
    apis.github.storage.fail('GET', `/assets/${zipId}`, { kind: 'pass' }, fault);
    const result = await run(release, { 'request-timeout': '1' });
    expect(result.errors).toEqual([]);
    expect(result.visibleLog).toMatch(/Package zip check: .*trying again/);
    expect(result.visibleLog).toMatch(/module\.zip holds hello-module 1\.2\.3/);
  });

  it('reads the zip again from the start when it was re-uploaded between two reads', async () => {
    // The manifest first, so the zip is read in two ranges; the upload lands between them.
    const release = releaseWithZip((manifest) => ({
      manifest,
      manifestFirst: true,
      fillerBytes: 2 * 1024 * 1024,
    }));
    const zipId = release.assets.find((a) => a.name === 'module.zip')!.id;
    const replacement = await packageZipBytes({
      manifest: moduleManifest(apis, '1.2.3'),
      manifestFirst: true,
      fillerBytes: 3 * 1024 * 1024,
    });
    apis.github.reuploadAfterReads = { assetId: zipId, reads: 1, content: replacement };
    const result = await run(release);
    expect(result.errors).toEqual([]);
    expect(result.visibleLog).toMatch(/module\.zip changed while it was read; reading it again/);
    expect(result.visibleLog).toMatch(/module\.zip holds hello-module 1\.2\.3 \(read \d+ KiB of 3 MiB\)/);
  });
});
