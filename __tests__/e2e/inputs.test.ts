import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INPUT_NAMES, type InputName } from '../../src/settings/inputs.js';
import {
  leakedSecrets,
  publishRelease,
  releasePublishedEvent,
  runAgainst,
  secretsOf,
  startApis,
  type Apis,
} from './harness.js';

let apis: Apis;
beforeAll(async () => {
  apis = await startApis();
});
afterAll(async () => {
  await apis.stop();
});

/**
 * Bad inputs, as a user would type them into `with:`: at least one for every input of action.yml. Each
 * must end the run with exit 1 and exactly one ::error:: line naming the input, no stack trace, and no
 * request to any API.
 */
const cases: [InputName, string, Record<string, string>, RegExp][] = [
  ['token', 'white space inside', { token: 'fvttp_abc def' }, /Input 'token' contains white space/],
  ['token', 'only white space', { token: '   ' }, /Input 'token' is required to publish/],
  ['release', 'yes', { release: 'yes' }, /Input 'release' must be true or false/],
  [
    'package-id',
    'a line break',
    { 'package-id': 'hello\nmodule' },
    /Input 'package-id' contains a line break/,
  ],
  ['tag', 'a 300-character tag', { tag: 'v'.repeat(300) }, /Input 'tag' is 300 characters long/],
  [
    'version',
    'a 5000-character version',
    { version: '1'.repeat(5000) },
    /Input 'version' is 5000 characters long/,
  ],
  [
    'manifest-asset',
    'a tab',
    { 'manifest-asset': 'module\t.json' },
    /Input 'manifest-asset' contains a line break or control character/,
  ],
  [
    'manifest-url',
    'a relative URL',
    { 'manifest-url': 'releases/module.json' },
    /Input 'manifest-url' is not an absolute URL/,
  ],
  [
    'manifest-url',
    'a file: URL',
    { 'manifest-url': 'file:///etc/passwd' },
    /Input 'manifest-url' must be an https: URL, not file:/,
  ],
  [
    'notes-url',
    'a javascript: URL',
    { 'notes-url': 'javascript:alert(1)' },
    /Input 'notes-url' must be an https: URL, not javascript:/,
  ],
  [
    'compatibility-minimum',
    'a line break',
    { 'compatibility-minimum': '12\n13' },
    /Input 'compatibility-minimum' contains a line break/,
  ],
  [
    'compatibility-verified',
    'a 400-character value',
    { 'compatibility-verified': '1'.repeat(400) },
    /Input 'compatibility-verified' is 400 characters long/,
  ],
  [
    'compatibility-maximum',
    'a control character',
    { 'compatibility-maximum': '14\u0007' },
    /Input 'compatibility-maximum' contains a line break or control character/,
  ],
  [
    'manifest-path',
    'a 2000-character path',
    { 'manifest-path': 'a/'.repeat(1000) },
    /Input 'manifest-path' is 2000 characters long/,
  ],
  ['dry-run', 'maybe', { 'dry-run': 'maybe' }, /Input 'dry-run' must be true, false or auto/],
  ['if-exists', 'replace', { 'if-exists': 'replace' }, /Input 'if-exists' must be one of fail, skip/],
  ['check-zip', 'yes', { 'check-zip': 'yes' }, /Input 'check-zip' must be true or false/],
  [
    'package-zip',
    'a line break',
    { 'package-zip': 'dist/module.zip\nmodule.zip' },
    /Input 'package-zip' contains a line break/,
  ],
  [
    'prerelease',
    'ignore',
    { prerelease: 'ignore' },
    /Input 'prerelease' must be one of publish, skip, dry-run/,
  ],
  [
    'max-retry-wait',
    'soon',
    { 'max-retry-wait': 'soon' },
    /Input 'max-retry-wait' must be a number of seconds/,
  ],
  [
    'max-retry-wait',
    'a negative number',
    { 'max-retry-wait': '-1' },
    /Input 'max-retry-wait' must be a number of seconds/,
  ],
  [
    'request-timeout',
    'a unit',
    { 'request-timeout': '30s' },
    /Input 'request-timeout' must be a number of seconds/,
  ],
  [
    'request-timeout',
    'zero',
    { 'request-timeout': '0' },
    /Input 'request-timeout' must be a number of seconds from 1 to 3600; got '0'/,
  ],
  [
    'github-token',
    'white space inside',
    { 'github-token': 'ghs_abc def' },
    /Input 'github-token' contains white space/,
  ],
  [
    'foundry-api-url',
    'plain http',
    { 'foundry-api-url': 'http://foundryvtt.com/_api/packages/release_version/' },
    /Input 'foundry-api-url' must use https:/,
  ],
  ['forge-reset', '1', { 'forge-reset': '1' }, /Input 'forge-reset' must be true or false/],
  [
    'forge-api-key',
    'white space inside',
    { 'forge-api-key': 'key with spaces' },
    /Input 'forge-api-key' contains white space/,
  ],
  ['forge-game', 'a line break', { 'forge-game': 'demo\ntable' }, /Input 'forge-game' contains a line break/],
  [
    'forge-world',
    'a 300-character name',
    { 'forge-world': 'w'.repeat(300) },
    /Input 'forge-world' is 300 characters long/,
  ],
  [
    'forge-world-zip',
    'a file: URL',
    { 'forge-world-zip': 'file:///etc/passwd' },
    /Input 'forge-world-zip' is a URL that must be an https: URL/,
  ],
  [
    'forge-bazaar-package',
    'a line break',
    { 'forge-bazaar-package': 'a\nb' },
    /Input 'forge-bazaar-package' contains a line break/,
  ],
  [
    'forge-bazaar-version',
    'a 300-character version',
    { 'forge-bazaar-version': '1'.repeat(300) },
    /Input 'forge-bazaar-version' is 300 characters long/,
  ],
  [
    'forge-bazaar-wait',
    'a duration with a unit',
    { 'forge-bazaar-wait': '10m' },
    /Input 'forge-bazaar-wait' must be a number of seconds from 0 to 21600; got '10m'/,
  ],
  [
    'forge-world-secret',
    'white space inside',
    { 'forge-world-secret': 'se cret' },
    /Input 'forge-world-secret' contains white space/,
  ],
  [
    'forge-if-in-use',
    'wait',
    { 'forge-if-in-use': 'wait' },
    /Input 'forge-if-in-use' must be one of skip, force, fail/,
  ],
  [
    'forge-api-url',
    'a relative URL',
    { 'forge-api-url': 'forge-vtt.com' },
    /Input 'forge-api-url' is not an absolute URL/,
  ],
];

it('has a bad value for every input of action.yml', () => {
  expect(new Set(cases.map(([name]) => name))).toEqual(new Set(INPUT_NAMES));
});

describe('bad input', () => {
  for (const [input, bad, inputs, message] of cases) {
    it(`stops on ${input}: ${bad}, with one error naming the input, sending nothing`, async () => {
      const before =
        apis.foundry.server.requests.length +
        apis.github.api.requests.length +
        apis.forge.server.requests.length;
      const release = publishRelease(apis, '1.0.0');
      const result = await runAgainst(apis, { event: releasePublishedEvent(release), inputs });
      expect(result.exitCode).toBe(1);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatch(message);
      expect(result.stderr).toBe('');
      expect(result.stdout).not.toMatch(/\n\s+at /);
      expect(leakedSecrets(result, secretsOf(apis))).toEqual([]);
      const after =
        apis.foundry.server.requests.length +
        apis.github.api.requests.length +
        apis.forge.server.requests.length;
      expect(after).toBe(before);
    });
  }
});

/** Malformed manifests, read from the workspace on a pull request: one error per problem, at its line. */
const manifests: [string, string | Buffer, RegExp[]][] = [
  [
    'not JSON',
    '{ "id": "hello-module", version: 1 }',
    [/^::error file=module\.json,line=1::module\.json is not valid JSON/],
  ],
  [
    'wrong types',
    JSON.stringify(
      { id: ['hello'], version: true, compatibility: { minimum: '12', verified: '13' } },
      null,
      2,
    ),
    [
      /^::error file=module\.json,line=2::Manifest field 'id' in module\.json must be a string/,
      /line=5::Manifest field 'version'/,
    ],
  ],
  [
    'missing fields',
    JSON.stringify({ title: 'Hello' }, null, 2),
    [/has no 'id'/, /has no 'version'/, /compatibility\.minimum/, /compatibility\.verified/],
  ],
  [
    'a byte order mark and no version',
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"id":"hello-module"}')]),
    // The mark itself is a warning: the manifest is read without it, and its real problems are named.
    [/has no 'version'/, /compatibility\.minimum/, /compatibility\.verified/],
  ],
  // Read no further than 1 MiB + 1 byte: enough to know it is too large.
  [
    'a 10 MiB file',
    Buffer.alloc(10 * 1024 * 1024, 0x20),
    [/is more than 1 MiB; a Foundry manifest is a few KiB/],
  ],
];

describe('malformed manifests', () => {
  for (const [name, manifest, errors] of manifests) {
    it(`stops on a manifest with ${name}, naming each problem`, async () => {
      const before = apis.foundry.server.requests.length;
      const result = await runAgainst(apis, {
        event: { name: 'pull_request', payload: {} },
        workspaceFiles: { 'module.json': manifest },
      });
      expect(result.exitCode).toBe(1);
      expect(result.errors).toHaveLength(errors.length);
      errors.forEach((error, i) => expect(result.errors[i]).toMatch(error));
      expect(result.stdout).not.toMatch(/\n\s+at /);
      expect(apis.foundry.server.requests.length).toBe(before);
    });
  }
});
