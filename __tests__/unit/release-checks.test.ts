import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest/manifest.js';
import {
  checkRelease,
  tagMatchesVersion,
  versionProblem,
  type ReleaseCandidate,
  type ReleaseTarget,
} from '../../src/release/release-checks.js';
import { buildPayload } from '../../src/release/release-payload.js';
import { gitHubReleaseUrls, parseReleaseDownloadUrl } from '../../src/hosts/github/github-release-urls.js';

const RELEASES = 'https://github.com/me/mod/releases';
/** The update URL a well-kept manifest has (its absence is a warning of its own). */
const UPDATE_URL = `${RELEASES}/latest/download/module.json`;

function target(manifest: object, tag = 'v1.2.3', assetNames = ['module.json', 'module.zip']): ReleaseTarget {
  return {
    tag,
    manifest: parseManifest({
      label: 'release asset module.json',
      bytes: Buffer.from(JSON.stringify({ manifest: UPDATE_URL, ...manifest })),
    }),
    defaultManifestUrl: `${RELEASES}/download/${tag}/module.json`,
    defaultNotesUrl: `${RELEASES}/tag/${tag}`,
    urls: gitHubReleaseUrls('https://github.com/me/mod'),
    assetNames,
    prerelease: false,
  };
}

const candidate = (overrides: Partial<ReleaseCandidate> = {}): ReleaseCandidate => ({
  packageId: 'mod',
  version: '1.2.3',
  manifestUrl: `${RELEASES}/download/v1.2.3/module.json`,
  notesUrl: `${RELEASES}/tag/v1.2.3`,
  compatibility: { minimum: '12', verified: '13' },
  ...overrides,
});

describe('tagMatchesVersion', () => {
  it.each([
    '1.2.3',
    'v1.2.3',
    'release-1.2.3',
    'mod_1.2.3',
    'release/1.2.3',
    'my-module-v1.2.3',
    'my-module@1.2.3',
    'my-module/v1.2.3',
    '@scope/my-module@1.2.3',
    'my_module_v1.2.3',
  ])('accepts %s for 1.2.3', (tag) => {
    expect(tagMatchesVersion(tag, '1.2.3')).toBe(true);
  });
  it.each([
    '1.2.30',
    'v1.2.3-beta',
    '11.2.3',
    'x1.2.3',
    'V1.2.3',
    'my-module-v1.2.30',
    'my-module@1.2.4',
    'my-module-vv1.2.3',
    'my-module.1.2.3',
  ])('rejects %s for 1.2.3', (tag) => {
    expect(tagMatchesVersion(tag, '1.2.3')).toBe(false);
  });
});

describe('versionProblem', () => {
  it.each(['#{VERSION}#', '{{version}}', 'This is auto replaced', '${version}'])(
    'calls %s a placeholder',
    (v) => {
      expect(versionProblem(v)).toMatch(/build placeholder/);
    },
  );
  it.each(['1.2.3', '13.345', '2.0.0-beta.1', '1.0+build.5'])('accepts %s', (v) => {
    expect(versionProblem(v)).toBeUndefined();
  });
  it.each(['latest', '1 2', '-1'])('rejects %s as not a version', (v) => {
    expect(versionProblem(v)).toMatch(/not a version number/);
  });
});

describe('checkRelease', () => {
  it('passes a correct release and hands back what to send', () => {
    const { release, problems } = checkRelease(
      candidate(),
      target({ download: `${RELEASES}/download/v1.2.3/module.zip` }),
    );
    expect(problems).toEqual([]);
    expect(release).toMatchObject({ packageId: 'mod', version: '1.2.3' });
  });

  it('rejects a manifest URL into another release of this repository', () => {
    const { problems } = checkRelease(
      candidate({ manifestUrl: `${RELEASES}/download/v1.2.2/module.json` }),
      target({}),
    );
    expect(problems[0]?.message).toMatch(/does not point to release 'v1\.2\.3'/);
  });

  it('warns about, and still passes, a download pointing to latest', () => {
    const { problems, warnings, release } = checkRelease(
      candidate(),
      target({ download: `${RELEASES}/latest/download/module.zip` }),
    );
    expect(problems).toEqual([]);
    expect(release).toBeDefined();
    expect(warnings[0]?.message).toMatch(
      /points to \/releases\/latest\/: it works for the newest version only/,
    );
  });

  it('refuses a download naming another tag on a release', () => {
    const { problems, warnings } = checkRelease(
      candidate(),
      target({ download: `${RELEASES}/download/v1.2.2/module.zip` }),
    );
    expect(warnings).toEqual([]);
    expect(problems[0]?.message).toMatch(/names tag 'v1\.2\.2', but this release is 'v1\.2\.3'/);
  });

  it('only warns about a download naming another tag on a pull request, where builds rewrite it', () => {
    const pr = { ...target({ download: `${RELEASES}/download/v1.2.2/module.zip` }), assetNames: undefined };
    const { problems, warnings, release } = checkRelease(candidate(), pr);
    expect(problems).toEqual([]);
    expect(release).toBeDefined();
    expect(warnings[0]?.message).toMatch(/names tag 'v1\.2\.2'.*or make sure the release build rewrites it/);
  });

  it('takes a version placeholder on a pull request as a warning, with nothing to send', () => {
    const pr = { ...target({ version: '#{VERSION}#' }), assetNames: undefined };
    const { problems, warnings, release } = checkRelease(candidate({ version: '#{VERSION}#' }), pr);
    expect(problems).toEqual([]);
    expect(release).toBeUndefined();
    expect(warnings[0]?.message).toMatch(/build placeholder \('#\{VERSION\}#'\).*Pass the 'version' input/);
  });

  it('refuses a version placeholder on a release', () => {
    const { problems } = checkRelease(
      candidate({ version: '#{VERSION}#' }),
      target({ version: '#{VERSION}#' }),
    );
    expect(problems[0]?.message).toMatch(/The version is a build placeholder/);
  });

  it('warns about a byte order mark without refusing the release', () => {
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify({ id: 'mod', version: '1.2.3', manifest: UPDATE_URL })),
    ]);
    const withBom = { ...target({}), manifest: parseManifest({ label: 'module.json', bytes: bom }) };
    const { problems, warnings } = checkRelease(candidate(), withBom);
    expect(problems).toEqual([]);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/byte order mark \(BOM\)/)]);
  });

  it('names every accepted tag form when the tag does not match', () => {
    const { problems } = checkRelease(candidate(), target({}, 'my-module@1.2.4'));
    expect(problems[0]?.message).toMatch(/alone or after '-', '_', '\/' or '@'/);
  });

  it('leaves a download URL outside this repository alone', () => {
    const { problems } = checkRelease(
      candidate(),
      target({ download: 'https://cdn.example.com/mod-1.2.3.zip' }),
    );
    expect(problems).toEqual([]);
  });
});

describe('parseReleaseDownloadUrl', () => {
  it('splits tags that hold slashes', () => {
    expect(parseReleaseDownloadUrl(`${RELEASES}/download/release/1.2.3/module.zip`, RELEASES)).toEqual({
      tag: 'release/1.2.3',
      file: 'module.zip',
    });
  });
  it('ignores other URLs', () => {
    expect(parseReleaseDownloadUrl('https://example.com/x.zip', RELEASES)).toBeUndefined();
  });
});

describe('buildPayload', () => {
  const checked = {
    packageId: 'mod',
    version: '1.0.0',
    manifestUrl: 'https://m',
    compatibility: { minimum: '12', verified: '13' },
  };
  it('omits notes, maximum and dry-run when they have no value', () => {
    expect(buildPayload(checked, false)).toEqual({
      id: 'mod',
      release: { version: '1.0.0', manifest: 'https://m', compatibility: { minimum: '12', verified: '13' } },
    });
  });
  it('includes them when they do', () => {
    const payload = buildPayload(
      { ...checked, notesUrl: 'https://n', compatibility: { ...checked.compatibility, maximum: '14' } },
      true,
    );
    expect(payload).toMatchObject({
      'dry-run': true,
      release: { notes: 'https://n', compatibility: { maximum: '14' } },
    });
  });
});
