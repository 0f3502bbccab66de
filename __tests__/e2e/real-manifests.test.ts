import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../runner/run-action.js';
import { filesNamedBy } from '../fixtures/named-files.js';
import { packageZipBytes } from '../fixtures/package-zip.js';
import { FOUNDRY_TOKEN, pullRequestEvent, releasePublishedEvent, runAgainst, zipHolding } from './harness.js';
import { summaryText } from './rendered-summary.js';
import { apis, useFreshApis } from './fresh-apis.js';

/**
 * The checks judged against manifests of real public packages (see fixtures/real-manifests/SOURCES.md):
 * what works today is a warning and the release goes on; only what certainly breaks an install stops it.
 * Each manifest's GitHub URLs are pointed at the simulation, under the package's own owner and name.
 */
useFreshApis();

interface RealPackage {
  file: string;
  repository: string;
  manifestName: string;
}

const PF2E: RealPackage = {
  file: 'pf2e.system.json',
  repository: 'foundryvtt/pf2e',
  manifestName: 'system.json',
};
const DND5E: RealPackage = {
  file: 'dnd5e.system.json',
  repository: 'foundryvtt/dnd5e',
  manifestName: 'system.json',
};
const SIMPLER_QUESTS: RealPackage = {
  file: 'simpler-quests.module.json',
  repository: 'MythicPalette/simpler-quests',
  manifestName: 'module.json',
};

const LEAGUE_TEMPLATE: RealPackage = {
  file: 'league-module-template.module.json',
  repository: 'League-of-Foundry-Developers/FoundryVTT-Module-Template',
  manifestName: 'module.json',
};

/** The manifest as its repository has it, with github.com replaced by the simulation. */
function realManifest(pkg: RealPackage): { text: string; id: string; version: string } {
  const [owner = '', repo = ''] = pkg.repository.split('/');
  apis.github.owner = owner;
  apis.github.repo = repo;
  const text = readFileSync(
    path.join(REPO_ROOT, '__tests__/fixtures/real-manifests', pkg.file),
    'utf8',
  ).replaceAll('https://github.com/', `${apis.github.url}/`);
  const { id, name, version } = JSON.parse(text) as { id?: string; name?: string; version: string };
  const packageId = id ?? name ?? '';
  apis.foundry.addPackage(packageId, FOUNDRY_TOKEN);
  return { text, id: packageId, version };
}

const warningsOf = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::warning'));

describe('pull-request dry runs of real source trees', () => {
  it('passes pf2e, whose static/system.json downloads /releases/latest/, with a warning', async () => {
    const { text } = realManifest(PF2E);
    const result = await runAgainst(apis, {
      event: pullRequestEvent(),
      repository: PF2E.repository,
      workspaceFiles: { 'static/system.json': text },
    });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('dry-run');
    expect(apis.foundry.releaseRequests[0]?.json).toMatchObject({
      id: 'pf2e',
      'dry-run': true,
      release: {
        version: '4.12.9',
        manifest: `${apis.github.releasesUrl()}/download/v4.12.9/system.json`,
        compatibility: { minimum: '10.291', verified: '10.291', maximum: '10' },
      },
    });
    const warnings = warningsOf(result.stdout);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^::warning file=static\/system\.json,line=\d+::.*\/releases\/latest\//);
    expect(summaryText(result.summary)).toMatch(/Warnings .*works for the newest version only/);
  });

  it('passes dnd5e, taking its release-<version> tag from the download URL', async () => {
    const { text } = realManifest(DND5E);
    const result = await runAgainst(apis, {
      event: pullRequestEvent(),
      repository: DND5E.repository,
      workspaceFiles: { 'system.json': text },
    });
    expect(result.errors).toEqual([]);
    expect(warningsOf(result.stdout)).toEqual([]);
    expect(result.outputs['manifest-url']).toBe(
      `${apis.github.releasesUrl()}/download/release-6.0.0/system.json`,
    );
  });

  it('passes simpler-quests, whose download names another tag, with a warning on the download line', async () => {
    const { text } = realManifest(SIMPLER_QUESTS);
    const result = await runAgainst(apis, {
      event: pullRequestEvent(),
      repository: SIMPLER_QUESTS.repository,
      workspaceFiles: { 'module.json': text },
    });
    expect(result.errors).toEqual([]);
    expect(result.outputs.status).toBe('dry-run');
    const warnings = warningsOf(result.stdout);
    expect(warnings).toHaveLength(1);
    const downloadLine = text.split('\n').findIndex((l) => l.includes('"download"')) + 1;
    expect(warnings[0]).toMatch(
      new RegExp(`^::warning file=module\\.json,line=${downloadLine}::.*names tag 'v\\.0\\.3\\.0'`),
    );
  });
});

describe('a source tree whose release build writes the version', () => {
  it('passes the League module template on a pull request, checked locally, with a warning on the version', async () => {
    const { text } = realManifest(LEAGUE_TEMPLATE);
    const result = await runAgainst(apis, {
      event: pullRequestEvent(),
      repository: LEAGUE_TEMPLATE.repository,
      workspaceFiles: { 'module.json': text },
    });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('validated');
    const versionLine = text.split('\n').findIndex((l) => l.includes('"version"')) + 1;
    expect(warningsOf(result.stdout)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::warning file=module\\.json,line=${versionLine}::.*build placeholder \\('This is auto replaced'\\).*Pass the 'version' input`,
        ),
      ),
    ]);
    expect(apis.foundry.server.requests).toHaveLength(0);
  });

  it("dry-runs it against the API with the 'version' input", async () => {
    const { text } = realManifest(LEAGUE_TEMPLATE);
    const result = await runAgainst(apis, {
      event: pullRequestEvent(),
      repository: LEAGUE_TEMPLATE.repository,
      workspaceFiles: { 'module.json': text },
      inputs: { version: '1.4.0' },
    });
    expect(result.errors).toEqual([]);
    expect(result.outputs.status).toBe('dry-run');
    expect(apis.foundry.releaseRequests[0]?.json).toMatchObject({
      id: 'module',
      'dry-run': true,
      release: { version: '1.4.0', compatibility: { minimum: '9', verified: '9' } },
    });
  });

  it('still refuses the placeholder on a release, where it would reach users', async () => {
    const { text } = realManifest(LEAGUE_TEMPLATE);
    const release = apis.github.addRelease({ tag: 'v1.4.0', assets: { 'module.json': text } });
    const result = await runAgainst(apis, {
      event: releasePublishedEvent(release),
      repository: LEAGUE_TEMPLATE.repository,
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(/The version is a build placeholder \('This is auto replaced'\)/),
    ]);
  });
});

describe('releases of real manifests', () => {
  it('publishes pf2e from a release whose build left the /latest/ download in, with a warning', async () => {
    const { text } = realManifest(PF2E);
    const release = apis.github.addRelease({
      tag: 'v4.12.9',
      assets: { 'system.json': text, 'pf2e.zip': zipHolding(text, 'system.json') },
    });
    const result = await runAgainst(apis, {
      event: releasePublishedEvent(release),
      repository: PF2E.repository,
    });
    expect(result.errors).toEqual([]);
    expect(result.outputs.status).toBe('published');
    expect(warningsOf(result.stdout)).toEqual([expect.stringMatching(/^::warning::.*\/releases\/latest\//)]);
    expect(result.visibleLog).toMatch(
      /Package zip: not checked: its download points to \/releases\/latest\//,
    );
  });

  it('publishes dnd5e from its release-6.0.0 release without a warning', async () => {
    const { text } = realManifest(DND5E);
    const zip = () =>
      packageZipBytes({
        manifest: text,
        manifestName: 'system.json',
        files: filesNamedBy(text),
        onlyFiles: true,
      });
    const release = apis.github.addRelease({
      tag: 'release-6.0.0',
      assets: { 'system.json': text, 'dnd5e-release-6.0.0.zip': zip },
    });
    const result = await runAgainst(apis, {
      event: releasePublishedEvent(release),
      repository: DND5E.repository,
    });
    expect(result.errors).toEqual([]);
    expect(warningsOf(result.stdout)).toEqual([]);
    expect(result.outputs).toMatchObject({ status: 'published', version: '6.0.0' });
    // dnd5e.mjs, dnd5e.css, lang/en.json and the LevelDB pack packs/heroes.
    expect(result.visibleLog).toMatch(
      /holds dnd5e 6\.0\.0 \(read .*\): 4 files named by the manifest, all present/,
    );
  });

  it('refuses a simpler-quests release whose download names another tag: users would get a 404', async () => {
    const { text } = realManifest(SIMPLER_QUESTS);
    const release = apis.github.addRelease({
      tag: 'v0.3.0',
      assets: { 'module.json': text, 'module.zip': zipHolding(text) },
    });
    const result = await runAgainst(apis, {
      event: releasePublishedEvent(release),
      repository: SIMPLER_QUESTS.repository,
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(/names tag 'v\.0\.3\.0', but this release is 'v0\.3\.0'/),
    ]);
    expect(result.outputs.status).toBe('failed');
    expect(apis.foundry.releaseRequests).toHaveLength(0);
  });
});

/** Every real manifest in the fixtures, with where its package's files sit in the zips it releases. */
const ALL_REAL: (RealPackage & { zipFolder?: string; outside?: RegExp; dbPacks?: 'leveldb' })[] = [
  PF2E,
  DND5E,
  SIMPLER_QUESTS,
  LEAGUE_TEMPLATE,
  { file: 'lib-wrapper.module.json', repository: 'ruipin/fvtt-lib-wrapper', manifestName: 'module.json' },
  // minimum 11 with ./packs/*.db paths: shipped as LevelDB folders here (the .db files are tested by pf2e).
  {
    file: 'item-piles.module.json',
    repository: 'fantasycalendar/FoundryVTT-ItemPiles',
    manifestName: 'module.json',
    dbPacks: 'leveldb',
  },
  {
    file: 'token-action-hud-core.module.json',
    repository: 'Larkinabout/fvtt-token-action-hud-core',
    manifestName: 'module.json',
  },
  // Its download is GitHub's source archive, which wraps everything in one top-level folder.
  {
    file: 'monks-tokenbar.module.json',
    repository: 'ironmonk88/monks-tokenbar',
    manifestName: 'module.json',
    zipFolder: 'monks-tokenbar-10.8',
  },
  { file: 'wfrp4e.system.json', repository: 'moo-man/WFRP4e-FoundryVTT', manifestName: 'system.json' },
  {
    file: 'tidy5e-sheet.module.json',
    repository: 'sdenec/tidy5e-sheet',
    manifestName: 'module.json',
    outside:
      /names styles '\.\.\/fonts\/modesto-condensed\/modesto-condensed\.css', outside the package's folder/,
  },
  {
    file: 'stormwreck-set.world.json',
    repository: 'BrotherSharper/stormwreck-set',
    manifestName: 'world.json',
  },
];

describe('what users install, judged on every real manifest', () => {
  it.each(ALL_REAL.map((pkg) => [pkg.file, pkg] as const))(
    'accepts %s zipped with exactly the files it names (package-zip on a pull request)',
    async (_, pkg) => {
      const { text, id } = realManifest(pkg);
      const zip = await packageZipBytes({
        manifest: text,
        manifestName: pkg.manifestName,
        folder: pkg.zipFolder,
        files: filesNamedBy(text, { dbPacks: pkg.dbPacks }),
        onlyFiles: true,
      });
      const result = await runAgainst(apis, {
        event: pullRequestEvent(),
        repository: pkg.repository,
        workspaceFiles: { [pkg.manifestName]: text, 'build/package.zip': zip },
        inputs: { 'package-zip': 'build/package.zip' },
      });
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.visibleLog).toMatch(
        new RegExp(
          `Package zip: build/package\\.zip holds ${id} .*: (\\d+ files named by the manifest, all present|the manifest names no scripts, styles, languages or packs)`,
        ),
      );
      if (pkg.outside) expect(result.stdout).toMatch(pkg.outside);
    },
  );

  it('publishes wfrp4e (numeric compatibility, scripts with ./, a LevelDB pack) from its release zip', async () => {
    const { text } = realManifest({
      file: 'wfrp4e.system.json',
      repository: 'moo-man/WFRP4e-FoundryVTT',
      manifestName: 'system.json',
    });
    const release = apis.github.addRelease({
      tag: '9.1.5',
      assets: {
        'system.json': text,
        'wfrp4e.zip': () =>
          packageZipBytes({
            manifest: text,
            manifestName: 'system.json',
            files: filesNamedBy(text),
            onlyFiles: true,
          }),
      },
    });
    const result = await runAgainst(apis, {
      event: releasePublishedEvent(release),
      repository: 'moo-man/WFRP4e-FoundryVTT',
    });
    expect(result.errors).toEqual([]);
    expect(result.outputs.status).toBe('published');
    // wfrp4e.js, ./libs/pixi-filters.js, wfrp4e.css, lang/en.json and ./packs/basic.
    expect(result.visibleLog).toMatch(/holds wfrp4e 9\.1\.5 .*: 5 files named by the manifest, all present/);
  });
});
