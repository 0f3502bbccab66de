import { describe, expect, it } from 'vitest';
import { gitHubRateLimit } from '../../src/network/github-rate-limit.js';

const now = Date.parse('2026-11-23T12:00:00Z');

describe('gitHubRateLimit', () => {
  it('waits until x-ratelimit-reset when the primary limit is used up', () => {
    const reset = String(now / 1000 + 90);
    expect(
      gitHubRateLimit(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, '{}', now),
    ).toEqual({ waitMs: 90_000, description: "GitHub's API rate limit (resets at 2026-11-23 12:01:30 UTC)" });
  });

  it('takes Retry-After first', () => {
    expect(gitHubRateLimit(429, { 'retry-after': '30' }, '', now)?.waitMs).toBe(30_000);
  });

  it('waits at least a minute on a secondary rate limit message without headers', () => {
    const body = '{"message":"You have exceeded a secondary rate limit. Please wait a few minutes."}';
    expect(gitHubRateLimit(403, {}, body, now)).toEqual({
      waitMs: 60_000,
      description: "GitHub's secondary rate limit (GitHub asks to wait at least a minute)",
    });
  });

  it('treats a bare 429 as a rate limit', () => {
    expect(gitHubRateLimit(429, {}, '', now)?.waitMs).toBe(60_000);
  });

  it('leaves a 403 without those signs to be a permission problem', () => {
    expect(
      gitHubRateLimit(
        403,
        { 'x-ratelimit-remaining': '4999' },
        '{"message":"Resource not accessible by integration"}',
        now,
      ),
    ).toBeUndefined();
    expect(gitHubRateLimit(500, { 'x-ratelimit-remaining': '0' }, '', now)).toBeUndefined();
  });

  it('clamps a reset no date can hold (1e300, 1e400) to a day, quoting the header', () => {
    for (const reset of ['1e300', '1e400']) {
      expect(
        gitHubRateLimit(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, '{}', now),
      ).toEqual({
        waitMs: 86_400_000,
        description: `GitHub's API rate limit (resets more than a day from now, x-ratelimit-reset: ${reset})`,
      });
    }
  });

  it('clamps a Retry-After of more seconds than a date can hold', () => {
    const huge = '9'.repeat(400);
    expect(gitHubRateLimit(429, { 'retry-after': huge }, '', now)?.waitMs).toBe(86_400_000);
  });
});
