import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * Bad inputs, as a user would type them into `with:`. Each must end the run with exit 1 and exactly one
 * ::error:: line naming the input, no stack trace, and no request to any API.
 */
const cases: [string, Record<string, string>, RegExp][] = [
  [
    'max-retry-wait: soon',
    { 'max-retry-wait': 'soon' },
    /Input 'max-retry-wait' must be a number of seconds/,
  ],
  ['dry-run: maybe', { 'dry-run': 'maybe' }, /Input 'dry-run' must be true, false or auto/],
  ['release: yes', { release: 'yes' }, /Input 'release' must be true or false/],
  ['forge-reset: 1', { 'forge-reset': '1' }, /Input 'forge-reset' must be true or false/],
  ['if-exists: replace', { 'if-exists': 'replace' }, /Input 'if-exists' must be one of fail, skip/],
  ['an empty token', { token: '   ' }, /Input 'token' is required to publish/],
  [
    'a plain-http foundry-api-url',
    { 'foundry-api-url': 'http://foundryvtt.com/_api/packages/release_version/' },
    /Input 'foundry-api-url' must use https:/,
  ],
  [
    'a relative manifest-url',
    { 'manifest-url': 'releases/module.json' },
    /Input 'manifest-url' is not an absolute URL/,
  ],
  [
    'a javascript: notes-url',
    { 'notes-url': 'javascript:alert(1)' },
    /Input 'notes-url' must be an https: URL, not javascript:/,
  ],
  [
    'a file: forge-world-zip',
    {
      'forge-reset': 'true',
      'forge-api-key': 'k',
      'forge-world': 'w',
      'forge-world-zip': 'file:///etc/passwd',
    },
    /Input 'forge-world-zip' is a URL that must be an https: URL/,
  ],
  ['a 5000-character version', { version: '1'.repeat(5000) }, /Input 'version' is 5000 characters long/],
];

describe('bad input', () => {
  for (const [name, inputs, message] of cases) {
    it(`stops on ${name} with one error naming the input, sending nothing`, async () => {
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
    'a byte order mark',
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"id":"hello-module"}')]),
    [/byte order mark/],
  ],
  ['a 10 MiB file', Buffer.alloc(10 * 1024 * 1024, 0x20), [/is 10\.0 MiB; a Foundry manifest is a few KiB/]],
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
