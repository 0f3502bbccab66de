import { describe, expect, it } from 'vitest';
import { packageZipBytes, type PackageZipOptions } from '../fixtures/package-zip.js';
import type { Fault } from '../simulators/sim-server.js';
import {
  credentialLeaks,
  leakedSecrets,
  moduleManifest,
  PACKAGE_ID,
  pullRequestEvent,
  releasePublishedEvent,
  runAgainst,
  secretsOf,
} from './harness.js';
import { apis, useFreshApis } from './fresh-apis.js';
import { summaryText } from './rendered-summary.js';

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
    expect(summaryText(result.summary)).toMatch(/Package zip module\.zip holds hello-module 1\.2\.3/);
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

/**
 * SPEC §4 step 4c: what users install. The zip's own manifest names every kind of path Foundry loads; the
 * zip is built with yazl holding those files (and raw entry names written over stand-ins where yazl would
 * normalise them).
 */
const COMPLETE = {
  esmodules: ['./scripts/main.mjs', '/scripts/api.mjs'],
  scripts: ['lib/vendor.js', 'https://cdn.example.test/tooltips.js'],
  styles: ['styles/module.css', { src: 'styles/v13.css', layer: 'modules' }],
  languages: [
    { lang: 'en', name: 'English', path: 'lang/en.json' },
    { lang: 'de', name: 'Deutsch', path: './lang/de.json' },
  ],
  packs: [
    { name: 'monsters', label: 'Monsters', path: 'packs/monsters', type: 'Actor' },
    { name: 'items', label: 'Items', path: 'packs/items.db', type: 'Item' },
    { name: 'spells', label: 'Spells', path: './packs/spells.db', type: 'Item' },
    { name: 'journal', label: 'Journal', type: 'JournalEntry' },
  ],
};

/** The files COMPLETE names: LevelDB folders for monsters, items (its `.db` path, v11+) and journal; spells as a .db file. */
const COMPLETE_FILES: Record<string, string> = {
  'scripts/main.mjs': 'export {};\n',
  'scripts/api.mjs': 'export {};\n',
  'lib/vendor.js': '/* vendor */\n',
  'styles/module.css': 'a {}\n',
  'styles/v13.css': 'b {}\n',
  'lang/en.json': '{}\n',
  'lang/de.json': '{}\n',
  'packs/monsters/CURRENT': 'MANIFEST-000002\n',
  'packs/monsters/MANIFEST-000002': 'm\n',
  'packs/monsters/000003.log': 'l\n',
  'packs/items/CURRENT': 'MANIFEST-000002\n',
  'packs/items/MANIFEST-000002': 'm\n',
  'packs/spells.db': '{"_id":"a"}\n',
  'packs/journal/CURRENT': 'MANIFEST-000002\n',
  'packs/journal/MANIFEST-000002': 'm\n',
};

const completeManifest = (version = '1.2.3', overrides: Record<string, unknown> = {}) =>
  moduleManifest(apis, version, { ...COMPLETE, ...overrides });

function without(...names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(COMPLETE_FILES).filter(([name]) => !names.includes(name)));
}

/** A release v<version> whose module.zip holds `files` and the manifest (in `folder`, when given). */
function releaseOf(
  manifest: string,
  files: Record<string, string>,
  extra: Partial<PackageZipOptions> = {},
  version = '1.2.3',
) {
  return apis.github.addRelease({
    tag: `v${version}`,
    assets: {
      'module.json': manifest,
      'module.zip': () => packageZipBytes({ manifest, files, onlyFiles: true, ...extra }),
    },
  });
}

const warningLines = (result: { stdout: string }) =>
  result.stdout.split('\n').filter((line) => line.startsWith('::warning'));

describe('what users install', () => {
  it('publishes a complete package (every kind of path, LevelDB and .db packs, a pack without path) and says what it verified', async () => {
    const result = await run(releaseOf(completeManifest(), COMPLETE_FILES));
    expect(result.errors).toEqual([]);
    expect(warningLines(result)).toEqual([]);
    expect(result.outputs.status).toBe('published');
    // Eleven paths: the URL is the browser's to fetch, not the zip's.
    const line =
      /module\.zip holds hello-module 1\.2\.3 \(read \d+ (B|KiB) of \d+ (B|KiB)\): 11 files named by the manifest, all present/;
    expect(result.visibleLog).toMatch(line);
    expect(summaryText(result.summary)).toMatch(
      /Package zip module\.zip holds hello-module 1\.2\.3 .*11 files named by the manifest, all present/,
    );
  });

  it('costs no extra range for the file list: a 6 MiB zip is still read in at most three ranges', async () => {
    const release = releaseOf(completeManifest(), COMPLETE_FILES, { fillerBytes: 6 * 1024 * 1024 });
    const result = await run(release);
    expect(result.errors).toEqual([]);
    expect(storageRequests().length).toBeLessThanOrEqual(3);
    expect(apis.github.bytesServed.get('module.zip')).toBeLessThan(200 * 1024);
  });

  it('resolves paths against the top-level folder that holds the manifest', async () => {
    const result = await run(releaseOf(completeManifest(), COMPLETE_FILES, { folder: 'hello-module' }));
    expect(result.errors).toEqual([]);
    expect(result.visibleLog).toMatch(/11 files named by the manifest, all present/);
  });

  const missingKinds: [string, string[], RegExp][] = [
    ['an ES module', ['scripts/api.mjs'], /esmodules '\/scripts\/api\.mjs'/],
    ['a script', ['lib/vendor.js'], /scripts 'lib\/vendor\.js'/],
    ['a style (a v13 {src} object)', ['styles/v13.css'], /styles 'styles\/v13\.css'/],
    ['a language file', ['lang/de.json'], /languages '\.\/lang\/de\.json'/],
    [
      'a LevelDB pack',
      ['packs/monsters/CURRENT', 'packs/monsters/MANIFEST-000002', 'packs/monsters/000003.log'],
      /packs 'packs\/monsters' \(packs\/monsters\/ \(a LevelDB folder\)\)/,
    ],
    [
      'a .db pack',
      ['packs/spells.db'],
      /packs '\.\/packs\/spells\.db' \(packs\/spells\/ \(LevelDB\) or packs\/spells\.db\)/,
    ],
    [
      'a pack without path (packs/<name>)',
      ['packs/journal/CURRENT', 'packs/journal/MANIFEST-000002'],
      /packs 'packs\/journal'/,
    ],
  ];
  it.each(missingKinds)(
    'refuses a zip missing %s, naming its path, before Foundry hears of it',
    async (_, gone, named) => {
      const result = await run(releaseOf(completeManifest(), without(...gone)));
      expect(result.exitCode).toBe(1);
      expect(result.errors).toEqual([
        expect.stringMatching(
          new RegExp(
            `module\\.zip lacks a file its manifest names: ${named.source}.*404s in the browser console`,
          ),
        ),
      ]);
      expect(summaryText(result.summary)).toMatch(/11 files named by the manifest, 1 missing/);
      expect(apis.foundry.releaseRequests).toHaveLength(0);
    },
  );

  it('names every missing path at once', async () => {
    const result = await run(
      releaseOf(
        completeManifest(),
        without('scripts/main.mjs', 'styles/module.css', 'lang/en.json', 'packs/spells.db'),
      ),
    );
    expect(result.errors).toEqual([
      expect.stringMatching(
        /lacks 4 files its manifest names: esmodules '\.\/scripts\/main\.mjs', styles 'styles\/module\.css', languages 'lang\/en\.json' and packs '\.\/packs\/spells\.db'/,
      ),
    ]);
    expect(apis.foundry.releaseRequests).toHaveLength(0);
  });

  it('refuses a file present only under another case, naming both spellings', async () => {
    const files = { ...without('scripts/main.mjs'), 'scripts/Main.mjs': 'export {};\n' };
    const result = await run(releaseOf(completeManifest(), files));
    expect(result.errors).toEqual([
      expect.stringMatching(
        /holds a file its manifest names only under another case: esmodules '\.\/scripts\/main\.mjs' is 'scripts\/Main\.mjs' in the zip.*fails on Linux hosts \(The Forge included\)/,
      ),
    ]);
    expect(apis.foundry.releaseRequests).toHaveLength(0);
  });

  it('refuses entry names written with backslashes, as some Windows zip tools write them', async () => {
    const manifest = moduleManifest(apis, '1.2.3', { esmodules: ['scripts/tool.mjs'] });
    const result = await run(releaseOf(manifest, {}, { rawNames: ['scripts\\tool.mjs', 'lang\\en.json'] }));
    expect(result.errors).toEqual([
      expect.stringMatching(
        /module\.zip has entry names written with backslashes \('scripts\\tool\.mjs' and 'lang\\en\.json'\).*Foundry fails to install this zip/,
      ),
    ]);
    expect(apis.foundry.releaseRequests).toHaveLength(0);
  });

  it('refuses absolute entry names and names with a .. segment', async () => {
    const result = await run(
      releaseOf(completeManifest(), COMPLETE_FILES, { rawNames: ['/etc/profile', 'a/../../evil.js'] }),
    );
    expect(result.errors).toEqual([
      expect.stringMatching(/absolute entry names \('\/etc\/profile'\)/),
      expect.stringMatching(/entry names with a '\.\.' segment \('a\/\.\.\/\.\.\/evil\.js'\)/),
    ]);
  });

  it('refuses a v10 package whose .db pack ships only as a LevelDB folder (Foundry 10 reads the file)', async () => {
    const manifest = completeManifest('1.2.3', { compatibility: { minimum: '10.291', verified: '11' } });
    const result = await run(releaseOf(manifest, COMPLETE_FILES));
    expect(result.errors).toEqual([
      expect.stringMatching(
        /lacks a file its manifest names: packs 'packs\/items\.db' \(packs\/items\.db \(Foundry 10 reads the \.db file\)\)/,
      ),
    ]);
  });

  it('warns, and publishes, when the update URL is pinned to this release', async () => {
    const pinned = `${apis.github.releasesUrl()}/download/v1.2.3/module.json`;
    const result = await run(releaseOf(completeManifest('1.2.3', { manifest: pinned }), COMPLETE_FILES));
    expect(result.errors).toEqual([]);
    expect(result.outputs.status).toBe('published');
    // Said once, for the release's manifest; the zip's says the same.
    expect(warningLines(result)).toEqual([
      expect.stringMatching(
        /release asset module\.json has 'manifest' .*pinned to this release's tag 'v1\.2\.3': installed copies .*never see a newer version/,
      ),
    ]);
  });

  it('warns when the zip has no update URL at all', async () => {
    const inZip = completeManifest('1.2.3', { manifest: undefined });
    const release = apis.github.addRelease({
      tag: 'v1.2.3',
      assets: {
        'module.json': completeManifest(),
        'module.zip': () => packageZipBytes({ manifest: inZip, files: COMPLETE_FILES, onlyFiles: true }),
      },
    });
    const result = await run(release);
    expect(result.errors).toEqual([]);
    expect(warningLines(result)).toEqual([
      expect.stringMatching(
        /The manifest in module\.zip has no 'manifest' URL, so installed copies never see an update/,
      ),
    ]);
  });

  it('refuses an id Foundry cannot have', async () => {
    const manifest = completeManifest('1.2.3', { id: 'hello module' });
    const result = await run(releaseOf(manifest, COMPLETE_FILES));
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^::error::The package id is 'hello module', which has characters Foundry does not allow in a package id.*Use e\.g\. 'hello-module'/,
      ),
    ]);
    expect(apis.foundry.server.requests).toHaveLength(0);
  });
});

describe('version order', () => {
  const published = (version: string, draft = false) =>
    apis.github.addRelease({
      tag: `v${version}`,
      draft,
      assets: { 'module.json': completeManifest(version) },
    });

  it('warns, naming the release, when 1.9.0 is published after 1.10.0, and publishes it', async () => {
    published('1.10.0');
    const result = await run(releaseOf(completeManifest('1.9.0'), COMPLETE_FILES, {}, '1.9.0'));
    expect(result.errors).toEqual([]);
    expect(result.outputs.status).toBe('published');
    expect(warningLines(result)).toEqual([
      expect.stringMatching(
        /Version 1\.9\.0 is not newer than 1\.10\.0, the version of release 'v1\.10\.0' before it.*users who have 1\.10\.0 are never offered 1\.9\.0/,
      ),
    ]);
    expect(apis.github.api.requests.filter((r) => /\/releases\?per_page=\d+$/.test(r.url))).toHaveLength(1);
  });

  it('passes 1.10.0 after 1.9.0 (numbers, not text), skipping a newer draft', async () => {
    published('1.9.0');
    published('2.0.0', true);
    const result = await run(releaseOf(completeManifest('1.10.0'), COMPLETE_FILES, {}, '1.10.0'));
    expect(result.errors).toEqual([]);
    expect(warningLines(result)).toEqual([]);
    expect(summaryText(result.summary)).toMatch(
      /Version order 1\.10\.0 is newer than 1\.9\.0 \(release 'v1\.9\.0'\)/,
    );
  });
});

describe('package-zip on a pull request', () => {
  const pullRequest = (zip: Buffer, inputs: Record<string, string> = {}) =>
    runAgainst(apis, {
      event: pullRequestEvent(),
      workspaceFiles: { 'module.json': completeManifest('1.2.4'), 'dist/module.zip': zip },
      inputs: { 'package-zip': 'dist/module.zip', ...inputs },
    });

  it('checks a complete zip locally, with no network for it, and dry-runs', async () => {
    const zip = await packageZipBytes({
      manifest: completeManifest('1.2.4'),
      files: COMPLETE_FILES,
      onlyFiles: true,
    });
    const result = await pullRequest(zip);
    expect(result.errors).toEqual([]);
    expect(result.outputs.status).toBe('dry-run');
    expect(result.visibleLog).toMatch(
      /Package zip: dist\/module\.zip holds hello-module 1\.2\.4: 11 files named by the manifest, all present/,
    );
    expect(apis.github.storage.requests).toHaveLength(0);
    // The one GitHub request is the release list, which says the version was bumped.
    expect(summaryText(result.summary)).toMatch(/Version order 1\.2\.4 is the first release/);
  });

  it('says whether the version was bumped', async () => {
    apis.github.addRelease({ tag: 'v1.2.4', assets: { 'module.json': completeManifest('1.2.4') } });
    const zip = await packageZipBytes({
      manifest: completeManifest('1.2.4'),
      files: COMPLETE_FILES,
      onlyFiles: true,
    });
    const result = await pullRequest(zip);
    expect(result.errors).toEqual([]);
    expect(warningLines(result)).toEqual([]);
    expect(result.visibleLog).toMatch(
      /Version order: 1\.2\.4 is not newer than 1\.2\.4 \(release 'v1\.2\.4'\): the version was not bumped/,
    );
  });

  it('refuses a broken zip with every problem at once, and sends nothing to Foundry', async () => {
    const zip = await packageZipBytes({
      manifest: completeManifest('1.2.3'),
      files: without('lang/de.json'),
      onlyFiles: true,
      rawNames: ['styles\\extra.css'],
    });
    const result = await pullRequest(zip);
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /dist\/module\.zip holds version '1\.2\.3', but this release is version '1\.2\.4'/,
      ),
      expect.stringMatching(
        /dist\/module\.zip has entry names written with backslashes \('styles\\extra\.css'\)/,
      ),
      expect.stringMatching(
        /dist\/module\.zip lacks a file its manifest names: languages '\.\/lang\/de\.json'/,
      ),
    ]);
    expect(apis.foundry.server.requests).toHaveLength(0);
  });

  it('is left alone on a release, whose own zip asset is checked', async () => {
    const result = await run(releaseOf(completeManifest(), COMPLETE_FILES), {
      'package-zip': 'dist/module.zip',
    });
    expect(result.errors).toEqual([]);
    expect(result.stdout).toMatch(/^::notice::Input 'package-zip' is for pull requests/m);
    expect(result.visibleLog).toMatch(/Package zip: module\.zip holds hello-module 1\.2\.3 \(read/);
  });

  it('refuses a path outside the workspace before reading it', async () => {
    const result = await runAgainst(apis, {
      event: pullRequestEvent(),
      workspaceFiles: { 'module.json': completeManifest('1.2.4') },
      inputs: { 'package-zip': '../outside.zip' },
    });
    expect(result.errors).toEqual([
      expect.stringMatching(/Input 'package-zip' is '\.\.\/outside\.zip', which is outside the workspace/),
    ]);
    expect(apis.foundry.server.requests).toHaveLength(0);
  });

  it('names the input when the file is not there', async () => {
    const result = await runAgainst(apis, {
      event: pullRequestEvent(),
      workspaceFiles: { 'module.json': completeManifest('1.2.4') },
      inputs: { 'package-zip': 'dist/missing.zip' },
    });
    expect(result.errors).toEqual([
      expect.stringMatching(
        /Input 'package-zip' is 'dist\/missing\.zip', but there is no such file in the workspace/,
      ),
    ]);
    expect(apis.foundry.server.requests).toHaveLength(0);
  });
});
