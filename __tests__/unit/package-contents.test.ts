import { describe, expect, it } from 'vitest';
import { gitHubReleaseUrls } from '../../src/hosts/github/github-release-urls.js';
import { parseManifest } from '../../src/manifest/manifest.js';
import { checkZipContents, resolveNamedPath } from '../../src/package-zip/package-contents.js';
import type { ZipContents } from '../../src/package-zip/package-zip-check.js';
import { updateUrlWarning } from '../../src/hosts/update-url.js';

const UPDATE_URL = 'https://github.com/me/mod/releases/latest/download/module.json';

function contents(manifest: object, entryNames: string[], manifestEntry = 'module.json'): ZipContents {
  return {
    manifest: parseManifest({
      label: 'module.zip',
      bytes: Buffer.from(JSON.stringify({ id: 'mod', version: '1.2.3', manifest: UPDATE_URL, ...manifest })),
    }),
    manifestEntry,
    entryNames: [manifestEntry, ...entryNames],
  };
}

const check = (manifest: object, entryNames: string[], manifestEntry?: string) =>
  checkZipContents(contents(manifest, entryNames, manifestEntry), 'module.zip');
const messages = (problems: { message: string }[]) => problems.map((p) => p.message);

describe('resolveNamedPath', () => {
  it.each([
    ['scripts/main.js', 'scripts/main.js'],
    ['./scripts/main.js', 'scripts/main.js'],
    ['/scripts/main.js', 'scripts/main.js'],
    ['././scripts//main.js', 'scripts/main.js'],
    ['scripts/lib/../main.js', 'scripts/main.js'],
  ])('reads %s as %s in the package folder', (written, resolved) => {
    expect(resolveNamedPath(written)).toEqual({ kind: 'path', path: resolved });
  });

  it('leaves URLs to the browser and notices paths that climb out of the package', () => {
    expect(resolveNamedPath('https://cdn.example.com/x.js')).toEqual({ kind: 'url' });
    expect(resolveNamedPath('//cdn.example.com/x.js')).toEqual({ kind: 'url' });
    expect(resolveNamedPath('../fonts/a.css')).toEqual({ kind: 'outside' });
    expect(resolveNamedPath('./')).toEqual({ kind: 'empty' });
  });
});

describe('checkZipContents', () => {
  it('finds every kind of named file, relative to the manifest folder, and says how many', () => {
    const manifest = {
      esmodules: ['./scripts/main.js'],
      scripts: ['/lib/lib.js', 'https://cdn.example.com/x.js'],
      styles: ['styles/a.css', { src: 'styles/b.css', layer: 'modules' }, 42],
      languages: [{ lang: 'en', path: 'lang/en.json' }, { lang: 'xx' }],
      compatibility: { minimum: '12', verified: '13' },
      packs: [
        { name: 'monsters' },
        { name: 'items', path: 'packs/items.db' },
        { name: 'spells', path: 'packs/spells' },
      ],
    };
    const names = [
      'scripts/main.js',
      'lib/lib.js',
      'styles/a.css',
      'styles/b.css',
      'lang/en.json',
      'packs/monsters/CURRENT',
      'packs/items.db',
      'packs/spells/',
      'packs/spells/MANIFEST-000002',
    ];
    expect(check(manifest, names)).toEqual({
      problems: [],
      warnings: [],
      description: '8 files named by the manifest, all present',
    });
    const inFolder = names.map((n) => `mod/${n}`);
    expect(check(manifest, inFolder, 'mod/module.json').problems).toEqual([]);
  });

  it('names every missing path in one error', () => {
    const { problems, description } = check(
      { esmodules: ['a.js'], styles: ['b.css'], languages: [{ path: 'lang/en.json' }] },
      ['a.js'],
    );
    expect(messages(problems)).toEqual([
      expect.stringMatching(
        /lacks 2 files its manifest names: styles 'b\.css' and languages 'lang\/en\.json'/,
      ),
    ]);
    expect(description).toBe('3 files named by the manifest, 2 missing');
  });

  it('names both spellings of a file present only under another case', () => {
    const { problems } = check({ esmodules: ['scripts/main.js'], packs: [{ name: 'Beasts' }] }, [
      'scripts/Main.js',
      'packs/beasts/CURRENT',
    ]);
    expect(messages(problems)).toEqual([
      expect.stringMatching(
        /esmodules 'scripts\/main\.js' is 'scripts\/Main\.js' in the zip and packs 'packs\/Beasts' is 'packs\/beasts' in the zip.*fails on Linux hosts/,
      ),
    ]);
  });

  it('takes a .db pack as the file or, from v11 on, the LevelDB folder; a package for v10 needs the file', () => {
    const pack = { packs: [{ name: 'items', path: './packs/items.db' }] };
    const v11 = { ...pack, compatibility: { minimum: '11', verified: '12' } };
    const v10 = { ...pack, compatibility: { minimum: '10.291', verified: '11' } };
    expect(check(v11, ['packs/items/CURRENT']).problems).toEqual([]);
    expect(check(v11, ['packs/items.db']).problems).toEqual([]);
    expect(check(v10, ['packs/items.db']).problems).toEqual([]);
    expect(messages(check(v10, ['packs/items/CURRENT']).problems)).toEqual([
      expect.stringMatching(
        /packs '\.\/packs\/items\.db' \(packs\/items\.db \(Foundry 10 reads the \.db file\)\)/,
      ),
    ]);
    expect(messages(check(v11, ['packs/items/']).problems)).toEqual([
      expect.stringMatching(/packs\/items\/ \(LevelDB\) or packs\/items\.db/),
    ]);
  });

  it('refuses entry names with backslashes, absolute names and .. segments, naming each', () => {
    const { problems } = check({}, ['scripts\\main.js', '/etc/x', 'C:/x', 'a/../../x']);
    expect(messages(problems)).toEqual([
      expect.stringMatching(/entry names written with backslashes \('scripts\\main\.js'\)/),
      expect.stringMatching(/absolute entry names \('\/etc\/x' and 'C:\/x'\)/),
      expect.stringMatching(/entry names with a '\.\.' segment \('a\/\.\.\/\.\.\/x'\)/),
    ]);
  });

  it('warns about a path outside the package (tidy5e-sheet names ../fonts/…) without refusing it', () => {
    const { problems, warnings } = check({ styles: ['../fonts/a.css', 'css/b.css'] }, ['css/b.css']);
    expect(problems).toEqual([]);
    expect(messages(warnings)).toEqual([
      expect.stringMatching(/names styles '\.\.\/fonts\/a\.css', outside/),
    ]);
  });

  it('refuses an id Foundry cannot have, and accepts _dev-mode', () => {
    expect(messages(check({ id: 'my module&co' }, []).problems)).toEqual([
      expect.stringMatching(
        /holds package id 'my module&co', which has characters .* Use e\.g\. 'my-module-co'/,
      ),
    ]);
    expect(check({ id: '_dev-mode' }, []).problems).toEqual([]);
  });

  it('compares the id and version with the release when it knows them', () => {
    const found = checkZipContents(contents({ version: '1.2.2' }, []), 'module.zip', {
      id: 'mod',
      version: '1.2.3',
    });
    expect(messages(found.problems)).toEqual([
      expect.stringMatching(/holds version '1\.2\.2', but this release/),
    ]);
  });

  it('warns about a missing update URL, or one pinned to a release', () => {
    const release = { urls: gitHubReleaseUrls('https://github.com/me/mod'), tag: 'v1.2.3' };
    const manifest = (updateUrl?: string) =>
      contents(updateUrl === undefined ? { manifest: undefined } : { manifest: updateUrl }, []).manifest;
    expect(updateUrlWarning(manifest(), 'It', release)).toMatch(
      /has no 'manifest' URL, so installed copies never see an update/,
    );
    expect(
      updateUrlWarning(
        manifest('https://github.com/me/mod/releases/download/v1.2.3/module.json'),
        'It',
        release,
      ),
    ).toMatch(/pinned to this release's tag 'v1\.2\.3'/);
    expect(
      updateUrlWarning(manifest('https://example.com/x/releases/download/v1/module.json'), 'It'),
    ).toMatch(/pinned to release 'v1'/);
    expect(updateUrlWarning(manifest(UPDATE_URL), 'It', release)).toBeUndefined();
    expect(
      updateUrlWarning(manifest('https://raw.githubusercontent.com/me/mod/main/module.json'), 'It', release),
    ).toBeUndefined();
  });
});
