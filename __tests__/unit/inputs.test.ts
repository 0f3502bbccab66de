import { describe, expect, it } from 'vitest';

const { INPUT_NAMES, secretValues, parseSettings } = await import('../../src/settings/inputs.js');
const { ActionError } = await import('../../src/problems/problem.js');

type Raw = Parameters<typeof parseSettings>[0];

function raw(values: Partial<Raw> = {}): Raw {
  const empty = Object.fromEntries(INPUT_NAMES.map((n) => [n, ''])) as Raw;
  return { ...empty, token: 'fvttp_abc', ...values };
}

function problems(values: Partial<Raw>, event = 'release'): string[] {
  try {
    parseSettings(raw(values), event);
    return [];
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    return error.problems.map((p) => p.message);
  }
}

describe('parseSettings', () => {
  it('refuses a secret that is not visible ASCII, naming the input and the character, never the secret', () => {
    for (const [name, value, char] of [
      ['token', 'fvttp_abc\u200bdef', 'U+200B'],
      ['forge-api-key', 'key\u00a0part', 'U+00A0'],
      ['github-token', 'ghs_abcé', 'U+00E9'],
    ] as const) {
      const found = problems({ [name]: value, 'forge-reset': 'true', 'forge-world': 'w' });
      const problem = found.find((p) => p.startsWith(`Input '${name}'`));
      expect(problem).toMatch(
        new RegExp(
          `^Input '${name}' contains [^(]+\\(${char.replace('+', '\\+')}\\), which is not visible ASCII`,
        ),
      );
      expect(problem).not.toContain(value);
    }
  });

  it('holds tag, version and compatibility inputs to their rules', () => {
    expect(problems({ tag: 'v1 .0' })).toEqual([
      expect.stringMatching(/^Input 'tag' \('v1 \.0'\) is not a tag name git accepts/),
    ]);
    expect(problems({ tag: 'release/v1.2.3' })).toEqual([]);
    expect(problems({ version: '1.0 beta' })).toEqual([
      expect.stringMatching(/^Input 'version' holds white space/),
    ]);
    expect(problems({ 'compatibility-verified': '13 .345' })).toEqual([
      expect.stringMatching(/^Input 'compatibility-verified' holds white space/),
    ]);
  });

  it('holds GITHUB_API_URL to https: (github-token is sent there), except on loopback', () => {
    expect(() => parseSettings(raw(), 'release', 'http://ghes.example.com/api/v3')).toThrow(
      /GITHUB_API_URL must use https:.*github-token is only sent over https:/,
    );
    expect(parseSettings(raw(), 'release', 'http://127.0.0.1:8080').release).toBe(true);
    expect(parseSettings(raw(), 'release', 'https://ghes.example.com/api/v3').release).toBe(true);
  });

  it('reads a prerelease policy, publish by default', () => {
    expect(parseSettings(raw(), 'release').prerelease).toBe('publish');
    expect(parseSettings(raw({ prerelease: 'Dry-Run' }), 'release').prerelease).toBe('dry-run');
  });

  it('keeps max-retry-wait 0 (no retries)', () => {
    expect(parseSettings(raw({ 'max-retry-wait': '0' }), 'release').maxRetryWaitMs).toBe(0);
  });

  it('applies the documented defaults to empty inputs', () => {
    const settings = parseSettings(raw(), 'release');
    expect(settings).toMatchObject({
      release: true,
      dryRun: 'auto',
      ifExists: 'fail',
      maxRetryWaitMs: 120_000,
      requestTimeoutMs: 30_000,
      foundryApiUrl: 'https://foundryvtt.com/_api/packages/release_version/',
      forge: undefined,
    });
  });

  it('reads booleans and choices in any case', () => {
    const settings = parseSettings(raw({ release: 'TRUE', 'dry-run': 'False', 'if-exists': 'SKIP' }), 'push');
    expect(settings).toMatchObject({ release: true, dryRun: false, ifExists: 'skip' });
  });

  const bad: [Partial<Raw>, RegExp][] = [
    [{ release: 'yes' }, /^Input 'release' must be true or false \(any case\); got 'yes'\.$/],
    [{ 'dry-run': 'maybe' }, /^Input 'dry-run' must be true, false or auto/],
    [{ 'if-exists': 'overwrite' }, /^Input 'if-exists' must be one of fail, skip; got 'overwrite'/],
    [{ 'max-retry-wait': 'soon' }, /^Input 'max-retry-wait' must be a number of seconds/],
    [{ 'max-retry-wait': '-5' }, /^Input 'max-retry-wait' must be a number of seconds/],
    [{ 'request-timeout': '1e9' }, /^Input 'request-timeout' must be a number of seconds/],
    [
      { 'request-timeout': '0' },
      /^Input 'request-timeout' must be a number of seconds from 1 to 3600; got '0'/,
    ],
    [{ 'request-timeout': '0.2' }, /^Input 'request-timeout' must be a number of seconds from 1 to 3600/],
    [{ prerelease: 'ignore' }, /^Input 'prerelease' must be one of publish, skip, dry-run; got 'ignore'/],
    [{ 'foundry-api-url': 'http://foundryvtt.com/api' }, /^Input 'foundry-api-url' must use https:/],
    [
      { 'foundry-api-url': 'javascript:alert(1)' },
      /^Input 'foundry-api-url' must be an https: URL, not javascript:/,
    ],
    [{ 'forge-api-url': 'forge-vtt.com' }, /^Input 'forge-api-url' is not an absolute URL/],
    [{ 'manifest-url': 'file:///etc/passwd' }, /^Input 'manifest-url' must be an https: URL, not file:/],
    [{ 'package-id': 'x'.repeat(300) }, /^Input 'package-id' is 300 characters long/],
    [{ version: '1.0\n2.0' }, /^Input 'version' contains a line break/],
    [{ token: 'fvttp_abc def' }, /^Input 'token' contains white space/],
    [{ token: '' }, /^Input 'token' is required to publish/],
    [{ release: 'false' }, /^Inputs 'release' and 'forge-reset' are both false/],
  ];
  for (const [values, message] of bad) {
    it(`rejects ${JSON.stringify(values).slice(0, 60)} with one message naming the input`, () => {
      const found = problems(values);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(message);
    });
  }

  it('reports every bad input at once', () => {
    expect(
      problems({ 'dry-run': 'maybe', 'max-retry-wait': 'soon', 'forge-if-in-use': 'wait' }),
    ).toHaveLength(3);
  });

  it('never echoes a secret in its message', () => {
    const [message] = problems({
      'forge-api-key': 'secret key with spaces',
      'forge-reset': 'true',
      'forge-world': 'w',
    });
    expect(message).not.toContain('secret key');
  });

  it('lets a pull request through without a token', () => {
    expect(problems({ token: '' }, 'pull_request')).toEqual([]);
  });

  it('builds the Forge settings, defaulting the Bazaar package to the world', () => {
    const settings = parseSettings(
      raw({ 'forge-reset': 'true', 'forge-api-key': 'k', 'forge-world': 'demo' }),
      'schedule',
    );
    expect(settings.forge).toMatchObject({
      world: 'demo',
      apiUrl: 'https://forge-vtt.com',
      ifInUse: 'skip',
      source: { kind: 'bazaar', packageName: 'demo' },
    });
  });

  it('reads forge-bazaar-wait in seconds: 600 by default, 0 for no wait', () => {
    const base = { 'forge-reset': 'true', 'forge-api-key': 'k', 'forge-world': 'demo' };
    expect(parseSettings(raw(base), 'schedule').forge?.bazaarWaitMs).toBe(600_000);
    expect(parseSettings(raw({ ...base, 'forge-bazaar-wait': '0' }), 'schedule').forge?.bazaarWaitMs).toBe(0);
    expect(problems({ ...base, 'forge-bazaar-wait': '10m' })).toEqual([
      expect.stringMatching(/^Input 'forge-bazaar-wait' must be a number of seconds from 0 to 21600/),
    ]);
  });

  it('tells a zip path from a zip URL', () => {
    const base = { 'forge-reset': 'true', 'forge-api-key': 'k', 'forge-world': 'demo' };
    expect(parseSettings(raw({ ...base, 'forge-world-zip': 'build/demo.zip' }), 'x').forge?.source).toEqual({
      kind: 'zip-file',
      path: 'build/demo.zip',
    });
    expect(
      parseSettings(raw({ ...base, 'forge-world-zip': 'https://x.test/demo.zip' }), 'x').forge?.source,
    ).toEqual({
      kind: 'zip-url',
      url: 'https://x.test/demo.zip',
    });
  });

  it('takes a Windows runner path for a path, not for a URL', () => {
    const base = { 'forge-reset': 'true', 'forge-api-key': 'k', 'forge-world': 'demo' };
    const zip = 'D:\\a\\_temp\\world.zip';
    expect(parseSettings(raw({ ...base, 'forge-world-zip': zip }), 'x').forge?.source).toEqual({
      kind: 'zip-file',
      path: zip,
    });
    expect(problems({ ...base, 'forge-world-zip': 'ftp://x.test/demo.zip' })).toEqual([
      expect.stringMatching(/^Input 'forge-world-zip' is a URL that must be an https: URL, not ftp:/),
    ]);
  });
});

describe('secretValues', () => {
  it('lists every secret input that has a value, for the entry point to mask', () => {
    const secrets = secretValues(
      raw({ 'forge-api-key': 'fk', 'github-token': 'gh', 'forge-world-secret': ' ws ' }),
    );
    expect(secrets).toEqual(['fvttp_abc', 'fk', 'ws', 'gh']);
  });
});
