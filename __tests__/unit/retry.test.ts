import { describe, expect, it, vi } from 'vitest';

vi.mock('@actions/core', () => ({ info: vi.fn() }));
const { backoffDelayMs, decideWait, parseRetryAfter, RetryBudget, withRetries } =
  await import('../../src/retry.js');
const { TransportError } = await import('../../src/http.js');

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  it('reads delta-seconds', () => expect(parseRetryAfter('17', now)).toBe(17_000));
  it('reads an IMF-fixdate', () =>
    expect(parseRetryAfter('Sun, 22 Nov 2026 12:00:30 GMT', now)).toBe(30_000));
  it('reads an obsolete RFC 850 date', () =>
    expect(parseRetryAfter('Sunday, 22-Nov-26 12:01:00 GMT', now)).toBe(60_000));
  it('treats a date in the past as no wait', () =>
    expect(parseRetryAfter('Sun, 22 Nov 2026 11:00:00 GMT', now)).toBe(0));
  it('returns undefined when absent or unreadable', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('decideWait', () => {
  it('waits what a 429 asks when the budget allows', () => {
    expect(decideWait({ kind: 'rate-limited', retryAfterMs: 5000 }, 1, 10_000)).toEqual({
      action: 'wait',
      ms: 5000,
    });
  });
  it('waits 60 s for a 429 without Retry-After', () => {
    expect(decideWait({ kind: 'rate-limited', retryAfterMs: undefined }, 1, 120_000)).toEqual({
      action: 'wait',
      ms: 60_000,
    });
  });
  it('gives up at once, saying how long, when a 429 asks for more than is left', () => {
    const decision = decideWait({ kind: 'rate-limited', retryAfterMs: 300_000 }, 1, 10_000);
    expect(decision).toEqual({ action: 'give-up', reason: expect.stringContaining('wait 300 s') });
  });
  it('backs off exponentially, capped by what is left', () => {
    expect([1, 2, 3, 4].map(backoffDelayMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(decideWait({ kind: 'transient' }, 4, 3000)).toEqual({ action: 'wait', ms: 3000 });
  });
  it('gives up on transient failures once the budget is spent', () => {
    expect(decideWait({ kind: 'transient' }, 1, 0)).toMatchObject({ action: 'give-up' });
  });
});

describe('withRetries', () => {
  it('retries until success, spending the shared budget', async () => {
    const budget = new RetryBudget(10_000);
    const sleep = vi.fn(async () => undefined);
    let calls = 0;
    const result = await withRetries(
      async () =>
        ++calls < 3 ? { retry: { kind: 'transient' as const }, failure: 'HTTP 503' } : { ok: 'done' },
      { what: 'test', budget, sleep, giveUp: () => new Error('gave up') },
    );
    expect(result).toBe('done');
    expect(sleep.mock.calls).toEqual([[1000], [2000]]);
    expect(budget.remainingMs).toBe(7000);
  });

  it('retries a request that got no answer, and stops on anything else thrown', async () => {
    let calls = 0;
    const options = {
      what: 'test',
      budget: new RetryBudget(5000),
      sleep: async () => undefined,
      giveUp: () => new Error('gave up'),
    };
    const result = await withRetries(async () => {
      if (++calls === 1) throw new TransportError('network error ECONNRESET');
      return { ok: 'answered' };
    }, options);
    expect(result).toBe('answered');
    expect(calls).toBe(2);
    await expect(
      withRetries(async () => {
        throw new Error('a bug');
      }, options),
    ).rejects.toThrow('a bug');
  });

  it('throws what giveUp builds, with the last failure and the reason', async () => {
    const giveUp = vi.fn((failure: string, reason: string) => new Error(`${failure} / ${reason}`));
    await expect(
      withRetries(async () => ({ retry: { kind: 'transient' as const }, failure: 'HTTP 502' }), {
        what: 'test',
        budget: new RetryBudget(1500),
        sleep: async () => undefined,
        giveUp,
      }),
    ).rejects.toThrow('HTTP 502 / max-retry-wait is used up');
  });
});
