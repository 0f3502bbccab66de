import { describe, expect, it, vi } from 'vitest';

const {
  backoffDelayMs,
  decideWait,
  MAX_ATTEMPTS,
  MAX_WAIT_MS,
  MIN_WAIT_MS,
  parseRetryAfter,
  RetryBudget,
  withRetries,
} = await import('../../src/network/retry.js');
const { TransportError } = await import('../../src/network/http.js');
const { RunCancelled } = await import('../../src/problems/cancel.js');

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  it('reads delta-seconds', () => expect(parseRetryAfter('17', now)).toBe(17_000));
  it('reads an IMF-fixdate', () =>
    expect(parseRetryAfter('Sun, 22 Nov 2026 12:00:30 GMT', now)).toBe(30_000));
  it('reads an obsolete RFC 850 date', () =>
    expect(parseRetryAfter('Sunday, 22-Nov-26 12:01:00 GMT', now)).toBe(60_000));
  it('treats a date in the past as no wait', () =>
    expect(parseRetryAfter('Sun, 22 Nov 2026 11:00:00 GMT', now)).toBe(0));
  it('reads an asctime date as UTC', () =>
    expect(parseRetryAfter('Sun Nov 22 12:00:45 2026', now)).toBe(45_000));
  it('returns undefined when absent or unreadable', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
  it.each(['1.5', '-3', '2026-11-22T12:00:30Z', '22 Nov 2026', 'Sun, 22 Nov 2026 12:00:30 +0100'])(
    'is not fooled by %s, which Date.parse reads but is no Retry-After',
    (value) => expect(parseRetryAfter(value, now)).toBeUndefined(),
  );
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
    expect(decideWait({ kind: 'transient' }, 1, MIN_WAIT_MS - 1)).toMatchObject({ action: 'give-up' });
  });
  it('never waits less than the minimum, whatever Retry-After says', () => {
    expect(decideWait({ kind: 'rate-limited', retryAfterMs: 0 }, 1, 10_000)).toEqual({
      action: 'wait',
      ms: MIN_WAIT_MS,
    });
    expect(decideWait({ kind: 'rate-limited', retryAfterMs: 0 }, 1, MIN_WAIT_MS - 1)).toMatchObject({
      action: 'give-up',
    });
  });
  it('stops after the attempt cap even with budget left', () => {
    expect(decideWait({ kind: 'transient' }, MAX_ATTEMPTS, 3_600_000)).toEqual({
      action: 'give-up',
      reason: `it was tried ${MAX_ATTEMPTS} times`,
    });
  });
  it('names who asked for too long a wait', () => {
    const decision = decideWait({ kind: 'rate-limited', retryAfterMs: 600_000, askedBy: 'GitHub' }, 1, 5_000);
    expect(decision).toEqual({
      action: 'give-up',
      reason: 'GitHub asked to wait 600 s, more than the 5 s left of max-retry-wait',
    });
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

  it('ends a storm of Retry-After: 0 answers within the budget', async () => {
    const budget = new RetryBudget(5000);
    let calls = 0;
    await expect(
      withRetries(
        async () => (calls++, { retry: { kind: 'rate-limited' as const, retryAfterMs: 0 }, failure: '429' }),
        { what: 'test', budget, sleep: async () => undefined, giveUp: () => new Error('gave up') },
      ),
    ).rejects.toThrow('gave up');
    expect(calls).toBe(6);
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

  it('ends a retry wait at once when the run is cancelled, and tries nothing more', async () => {
    const cancel = new AbortController();
    let calls = 0;
    const started = Date.now();
    setTimeout(() => cancel.abort('SIGINT'), 50);
    await expect(
      withRetries(async () => (calls++, { retry: { kind: 'transient' as const }, failure: 'HTTP 502' }), {
        what: 'test',
        budget: new RetryBudget(60_000, cancel.signal),
        giveUp: () => new Error('gave up'),
      }),
    ).rejects.toThrow(new RunCancelled('SIGINT').message);
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(900);
  });
});

describe('parseRetryAfter, far away', () => {
  it('clamps a wait longer than a day to a day, so messages never say "Infinity s"', () => {
    expect(parseRetryAfter('9'.repeat(400))).toBe(MAX_WAIT_MS);
    expect(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', Date.UTC(2026, 10, 24))).toBe(MAX_WAIT_MS);
  });
});
