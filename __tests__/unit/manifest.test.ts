import { describe, expect, it } from 'vitest';
import { ActionError } from '../../src/problems/problem.js';
import { parseManifest } from '../../src/manifest/manifest.js';

const local = (text: string | Buffer) => ({
  label: 'module.json',
  file: 'module.json',
  bytes: Buffer.isBuffer(text) ? text : Buffer.from(text),
});

function problemsOf(text: string | Buffer) {
  try {
    parseManifest(local(text));
    return [];
  } catch (error) {
    return (error as ActionError).problems;
  }
}

describe('parseManifest', () => {
  it('refuses compatibility values with white space or control characters, and versions with control characters, naming the field', () => {
    const text = JSON.stringify({
      id: 'm',
      version: '1.0.0\n## x',
      compatibility: { minimum: '12', verified: '13\n\n## Approve', maximum: '14 beta' },
      minimumCoreVersion: '0.8\u200b',
    });
    expect(problemsOf(text).map((p) => p.message)).toEqual([
      "Manifest field 'version' in module.json holds a line break or a control character; a version is one word such as 1.2.3.",
      "Manifest field 'compatibility.verified' in module.json holds white space or a control character; a Foundry version is one word such as 13.345.",
      "Manifest field 'compatibility.maximum' in module.json holds white space or a control character; a Foundry version is one word such as 13.345.",
      "Manifest field 'minimumCoreVersion' in module.json holds white space or a control character; a Foundry version is one word such as 13.345.",
    ]);
  });

  it('keeps a placeholder version with spaces for the checks to report', () => {
    const text = JSON.stringify({
      id: 'm',
      version: 'This is auto replaced',
      compatibility: { minimum: '12', verified: '13' },
    });
    expect(parseManifest(local(text)).version).toBe('This is auto replaced');
  });

  it('reads a modern manifest, sending numbers as strings and dropping an empty maximum', () => {
    const manifest = parseManifest(
      local(
        JSON.stringify({
          id: 'm',
          version: 2,
          compatibility: { minimum: 12, verified: '13.345', maximum: '' },
        }),
      ),
    );
    expect(manifest).toMatchObject({
      id: 'm',
      version: '2',
      compatibility: { minimum: '12', verified: '13.345', maximum: undefined },
    });
  });

  it('reads a legacy manifest (name, minimumCoreVersion, compatibleCoreVersion)', () => {
    const manifest = parseManifest(
      local(
        JSON.stringify({
          name: 'old',
          version: '1.0',
          minimumCoreVersion: '0.8.9',
          compatibleCoreVersion: 9,
        }),
      ),
    );
    expect(manifest).toMatchObject({ id: 'old', compatibility: { minimum: '0.8.9', verified: '9' } });
  });

  it('prefers compatibility over the legacy keys when both are present', () => {
    const manifest = parseManifest(
      local(
        JSON.stringify({
          id: 'm',
          version: '1',
          minimumCoreVersion: '9',
          compatibility: { minimum: '11', verified: '12' },
        }),
      ),
    );
    expect(manifest.compatibility.minimum).toBe('11');
  });

  it('points a JSON syntax error at its line', () => {
    const [problem] = problemsOf('{\n  "id": "m",\n  "version": "1"\n  "x": 1\n}');
    expect(problem?.message).toMatch(/module\.json is not valid JSON/);
    expect(problem?.location).toEqual({ file: 'module.json', line: 4 });
  });

  it('names each field of the wrong type, at its line', () => {
    const problems = problemsOf(
      '{\n  "id": 5,\n  "version": "1",\n  "compatibility": {\n    "minimum": true\n  }\n}',
    );
    expect(problems.map((p) => [p.message, p.location?.line])).toEqual([
      ["Manifest field 'id' in module.json must be a string.", 2],
      ["Manifest field 'compatibility.minimum' in module.json must be a string (or a number).", 5],
    ]);
  });

  it('says in its own words what each wrong-typed field must be, never a schema library’s wording', () => {
    const text = JSON.stringify({ id: 'm', version: ['1'], compatibility: '13', download: 7, manifest: 3 });
    expect(problemsOf(text).map((p) => p.message)).toEqual([
      "Manifest field 'version' in module.json must be a string (or a number).",
      "Manifest field 'compatibility' in module.json must be an object with minimum, verified and maximum.",
      "Manifest field 'download' in module.json must be a string.",
    ]);
    expect(problemsOf('"module"').map((p) => p.message)).toEqual([
      'module.json must be a JSON object (the manifest is {"id": …, "version": …}).',
    ]);
  });

  it('rejects a manifest that is not an object', () => {
    expect(problemsOf('[1, 2]')[0]?.message).toMatch(/must be a JSON object/);
  });

  it('strips a UTF-8 byte order mark, reads the manifest and remembers it for a warning', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"id":"m","version":"1.0.0"}')]);
    const manifest = parseManifest({ label: 'module.json', bytes: bom });
    expect(manifest).toMatchObject({ id: 'm', version: '1.0.0', byteOrderMark: true });
    expect(parseManifest({ label: 'module.json', bytes: Buffer.from('{}') }).byteOrderMark).toBe(false);
  });

  it('rejects a 10 MiB file before parsing it', () => {
    const huge = Buffer.alloc(10 * 1024 * 1024, 0x20);
    expect(problemsOf(huge)[0]?.message).toMatch(/is 10\.0 MiB; a Foundry manifest is a few KiB/);
  });

  it('gives no location for a manifest read from a release asset', () => {
    try {
      parseManifest({ label: 'release asset module.json', bytes: Buffer.from('nope') });
    } catch (error) {
      expect((error as ActionError).problems[0]?.location).toBeUndefined();
    }
  });

  it('reads the files a manifest names in every real shape, and never refuses one it cannot read', () => {
    const manifest = parseManifest(
      local(
        JSON.stringify({
          id: 'm',
          esmodules: ['a.js', 7, null],
          scripts: 'not-a-list.js',
          styles: ['s.css', { src: 'v13.css', layer: 'modules' }, { layer: 'x' }],
          languages: [{ lang: 'en', path: 'lang/en.json' }, 'fr', { path: 3 }],
          packs: [{ name: 'p', path: './packs/p.db' }, { name: 'q' }, 'r'],
          manifest: 5,
        }),
      ),
    );
    expect(manifest.files).toEqual({
      esmodules: ['a.js'],
      scripts: [],
      styles: ['s.css', 'v13.css'],
      languages: ['lang/en.json'],
      packs: [
        { name: 'p', path: './packs/p.db' },
        { name: 'q', path: undefined },
      ],
    });
    expect(manifest.updateUrl).toBeUndefined();
  });
});
