import { describe, expect, it } from 'vitest';
import { isNewerVersion } from '../../src/manifest/foundry-version.js';
import { packageIdProblem } from '../../src/manifest/package-id.js';
import { versionOrder } from '../../src/release/version-order.js';

describe("isNewerVersion (Foundry's order)", () => {
  it.each([
    ['1.10.0', '1.9.0'],
    ['1.2.1', '1.2'],
    ['2', '1.99.99'],
    ['1.0.0-beta.2', '1.0.0-beta.1'],
    ['13.345', '13.0'],
    ['1.2.0.1', '1.2.0'],
    ['12', '5'],
    ['1.0.0-beta', '1.0.0-alpha'],
  ])('%s is newer than %s', (a, b) => {
    expect(isNewerVersion(a, b)).toBe(true);
    expect(isNewerVersion(b, a)).toBe(false);
  });

  it('a version is not newer than itself, nor than the same version with more parts', () => {
    expect(isNewerVersion('1.2.3', '1.2.3')).toBe(false);
    expect(isNewerVersion('1.2', '1.2.0')).toBe(false);
  });
});

describe('packageIdProblem', () => {
  it.each(['dnd5e', 'lib-wrapper', 'token-action-hud-core', '_dev-mode', 'A_1'])('accepts %s', (id) => {
    expect(packageIdProblem(id)).toBeUndefined();
  });
  it.each(['my module', 'a&b', 'mod.v2', 'modulé', ''])('refuses %j', (id) => {
    expect(packageIdProblem(id)).toMatch(/has characters Foundry does not allow/);
  });
});

const release = (tag: string, draft = false) => ({ tag, draft, prerelease: false });

describe('versionOrder', () => {
  it('warns, naming the release, when 1.9.0 follows 1.10.0', () => {
    const order = versionOrder([release('v1.9.0'), release('v1.10.0')], 'v1.9.0', '1.9.0', false);
    expect(order.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/Version 1\.9\.0 is not newer than 1\.10\.0, the version of release 'v1\.10\.0'/),
    ]);
  });

  it('passes 1.10.0 after 1.9.0, skipping drafts and other packages’ tags', () => {
    const order = versionOrder(
      [release('v1.10.0'), release('v2.0.0', true), release('other@9.0.0'), release('v1.9.0')],
      'v1.10.0',
      '1.10.0',
      false,
    );
    expect(order).toEqual({ line: "1.10.0 is newer than 1.9.0 (release 'v1.9.0')", warnings: [] });
  });

  it('compares a monorepo tag only with tags of the same package', () => {
    const order = versionOrder(
      [release('mod@1.0.1'), release('other@5.0.0'), release('mod@1.0.0')],
      'mod@1.0.1',
      '1.0.1',
      false,
    );
    expect(order.line).toBe("1.0.1 is newer than 1.0.0 (release 'mod@1.0.0')");
  });

  it('on a pull request, says whether the version was bumped, without a warning', () => {
    expect(versionOrder([release('v1.2.3')], 'v1.2.3', '1.2.3', true)).toEqual({
      line: "1.2.3 is not newer than 1.2.3 (release 'v1.2.3'): the version was not bumped; a release from this tree needs a higher version",
      warnings: [],
    });
    expect(versionOrder([release('v1.2.3')], 'v1.2.4', '1.2.4', true).line).toMatch(
      /the version was bumped$/,
    );
  });

  it('has nothing to compare with on the first release', () => {
    expect(versionOrder([release('v0.1.0')], 'v0.1.0', '0.1.0', false)).toEqual({
      line: '0.1.0 is the first release',
      warnings: [],
    });
  });
});
