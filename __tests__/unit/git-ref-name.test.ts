import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isTagName } from '../../src/settings/git-ref-name.js';

/** git's own answer, where git is installed: `git check-ref-format refs/tags/<tag>`. */
function gitAccepts(tag: string): boolean | undefined {
  const result = spawnSync('git', ['check-ref-format', `refs/tags/${tag}`]);
  if (result.error) return undefined;
  return result.status === 0;
}

const TAGS = [
  'v1.2.3',
  '1.2.3',
  'release-1.2.3',
  'my-module@1.2.3',
  'my-module/v1.2.3',
  'mod_1.2.3',
  'v1.2.3-beta.1+build.5',
  'vé1.0',
  'x\n\n## Approve here-v1.0.0',
  'v1 .0',
  'v1\t0',
  'v1.0\u007f',
  'v1..0',
  '.v1',
  'a/.v1',
  'v1.lock',
  'a.lock/v1',
  'v1.',
  '/v1',
  'v1/',
  'a//v1',
  'v1~1',
  'v1^',
  'v1:0',
  'v1?',
  'v1*',
  'v1[0',
  'v1\\0',
  'v1@{0}',
  '@',
  'a@b',
  '',
];

describe('isTagName', () => {
  it.each(TAGS)('agrees with git check-ref-format on %j', (tag) => {
    const git = gitAccepts(tag);
    if (git === undefined) return; // no git on this machine
    expect(isTagName(tag)).toBe(git);
  });

  it('refuses what git accepts but hides or breaks a line: U+2028, U+200B, U+202E', () => {
    for (const tag of ['v1.0\u2028', 'v1\u200b.0', '\u202ev1.0']) expect(isTagName(tag)).toBe(false);
  });
});
