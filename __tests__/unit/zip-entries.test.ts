import { describe, expect, it } from 'vitest';
import type yauzl from 'yauzl';
import { findManifestEntry } from '../../src/zip/zip-entries.js';

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
