import { describe, expect, it, vi } from 'vitest';

const { packagePage, publishRelease } = await import('../../src/release/publish.js');
const { RetryBudget } = await import('../../src/network/retry.js');
type FoundryAnswer = import('../../src/release/foundry-api.js').FoundryAnswer;

const payload = {
  id: 'mod',
  release: { version: '1.0.0', manifest: 'https://m', compatibility: { minimum: '12', verified: '13' } },
};
const exists: FoundryAnswer = {
  kind: 'invalid',
  errors: [{ field: '__all__', message: 'exists', code: 'unique_together' }],
};

function api(...answers: FoundryAnswer[]) {
  return {
    send: vi.fn(async () => answers.shift() ?? { kind: 'unexpected' as const, failure: 'no more answers' }),
  };
}

// Retry waits are real but short: a 0 s budget would stop retries, so these use Retry-After 0.
const budget = () => new RetryBudget(5000);

describe('publishRelease', () => {
  it('returns published with the page', async () => {
    const result = await publishRelease(
      api({ kind: 'success', page: 'https://p' }),
      payload,
      'fail',
      budget(),
      [],
    );
    expect(result).toEqual({ status: 'published', page: 'https://p', message: undefined });
  });

  it('returns dry-run for a dry-run payload', async () => {
    const result = await publishRelease(
      api({ kind: 'success', message: 'ok' }),
      { ...payload, 'dry-run': true },
      'fail',
      budget(),
      [],
    );
    expect(result.status).toBe('dry-run');
  });

  it('maps an existing version to exists with if-exists: skip, and to an error with fail', async () => {
    expect((await publishRelease(api(exists), payload, 'skip', budget(), [])).status).toBe('exists');
    await expect(publishRelease(api(exists), payload, 'fail', budget(), [])).rejects.toThrow(
      /already has version 1\.0\.0 of mod/,
    );
  });

  it('treats unique_together after a transient failure as the earlier attempt having saved', async () => {
    const foundry = api({ kind: 'transient', failure: 'reset' }, exists);
    const result = await publishRelease(foundry, payload, 'fail', budget(), []);
    expect(result.status).toBe('published');
    expect(foundry.send).toHaveBeenCalledTimes(2);
  });

  it('does not count a 429 as a possible save', async () => {
    const foundry = api({ kind: 'rate-limited', retryAfterMs: 0 }, exists);
    await expect(publishRelease(foundry, payload, 'fail', budget(), [])).rejects.toThrow(/already has/);
  });

  it('never retries a rejected token', async () => {
    const foundry = api({ kind: 'token-rejected', status: 403 });
    await expect(publishRelease(foundry, payload, 'fail', budget(), [])).rejects.toThrow(
      /rejected the package release token \(HTTP 403\)/,
    );
    expect(foundry.send).toHaveBeenCalledTimes(1);
  });
});

describe('packagePage', () => {
  it('passes an https: page through', () => {
    const warnings: { message: string }[] = [];
    expect(packagePage('https://foundryvtt.com/packages/mod/edit/', warnings)).toBe(
      'https://foundryvtt.com/packages/mod/edit/',
    );
    expect(warnings).toEqual([]);
  });

  it.each([
    'javascript:alert(1)',
    'http://foundryvtt.com/packages/mod/',
    'https://x\n::stop-commands::y',
    'not a url',
  ])('drops %j with a warning, so the page output is an https: URL or empty', (page) => {
    const warnings: { message: string }[] = [];
    expect(packagePage(page, warnings)).toBeUndefined();
    expect(warnings[0]?.message).toMatch(/not an https: URL/);
    expect(warnings[0]?.message).not.toContain('\n');
  });
});
