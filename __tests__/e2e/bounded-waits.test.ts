import { describe, expect, it } from 'vitest';
import type { Fault } from '../simulators/sim-server.js';
import { moduleManifest, publishRelease, releasePublishedEvent, runAgainst } from './harness.js';
import { apis, useFreshApis } from './fresh-apis.js';

/** SPEC §6b: every retry loop ends within max-retry-wait, whatever the server answers. */
useFreshApis();

const storm = (retryAfter: string): Fault[] =>
  Array.from({ length: 200 }, () => ({
    kind: 'status',
    status: 429,
    headers: { 'Retry-After': retryAfter },
  }));

describe('a 429 storm ends within max-retry-wait', () => {
  it.each([
    ['0', 'Retry-After: 0'],
    ['Sun, 06 Nov 1994 08:49:37 GMT', 'an HTTP date in the past'],
    ['1.5', 'a value Date.parse reads as a date in 2001'],
  ])('Retry-After %j (%s) waits at least a second between attempts', async (retryAfter) => {
    const release = publishRelease(apis, '1.0.0');
    apis.foundry.server.fail('POST', /release_version/, ...storm(retryAfter));
    const started = Date.now();
    const result = await runAgainst(apis, {
      event: releasePublishedEvent(release),
      inputs: { 'max-retry-wait': '3' },
    });
    expect(result.exitCode).toBe(1);
    // 1 s apart within a 3 s budget: the first attempt and three retries at most.
    expect(apis.foundry.releaseRequests.length).toBeLessThanOrEqual(4);
    expect(result.errors[0]).toMatch(/Publishing to Foundry failed: Foundry answered 429.*gave up because/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('the endpoints are held to https', () => {
  it('refuses a plain-http GITHUB_API_URL before github-token is sent anywhere', async () => {
    const release = publishRelease(apis, '1.0.0');
    const result = await runAgainst(apis, {
      event: releasePublishedEvent(release),
      env: { GITHUB_API_URL: 'http://ghes.example.test/api/v3' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /GITHUB_API_URL \(CI_API_V4_URL on GitLab: the release host.s API\) must use https:/,
      ),
    ]);
    expect(apis.github.api.requests).toHaveLength(0);
    expect(apis.foundry.server.requests).toHaveLength(0);
  });
});

describe('the manifest URL check', () => {
  it('reads the served manifest as the release manifest was read (trimmed), so it agrees with itself', async () => {
    const release = publishRelease(
      apis,
      '1.2.3',
      moduleManifest(apis, '1.2.3', { version: '1.2.3 ', id: ' hello-module' }),
    );
    const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
    expect(result.errors).toEqual([]);
    expect(result.outputs).toMatchObject({
      status: 'published',
      version: '1.2.3',
      'package-id': 'hello-module',
    });
  });
});
