import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkForgeKey, forgeKeyExpiry } from '../../src/forge/forge-key.js';
import type { Problem } from '../../src/problems/problem.js';

/** A signed JWT as the Forge hands out: its payload carries the user's id and, when asked for, exp. */
function jwt(payload: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${unsigned}.${createHmac('sha256', 'forge-secret').update(unsigned).digest('base64url')}`;
}

const NOW = Date.parse('2026-11-20T12:00:00Z');
const DAY = 86_400;
const nowSeconds = NOW / 1000;

function check(key: string) {
  const warnings: Problem[] = [];
  let error: Error | undefined;
  try {
    checkForgeKey(key, NOW, warnings);
  } catch (e) {
    error = e as Error;
  }
  return { warnings, error };
}

describe('the Forge API key (a JWT, read locally)', () => {
  it('reads exp from the payload', () => {
    expect(forgeKeyExpiry(jwt({ id: 'u1', exp: nowSeconds + DAY }))?.toISOString()).toBe(
      '2026-11-21T12:00:00.000Z',
    );
  });

  it('is an error naming the date and how to create a new key once expired, never showing the key', () => {
    const key = jwt({ id: 'user-1234', exp: nowSeconds - 3 * DAY });
    const { error, warnings } = check(key);
    expect(error?.message).toMatch(
      /^Input 'forge-api-key' expired on 2026-11-17T12:00:00\.000Z .*My Account.*generate-key.*manage-games/,
    );
    expect(warnings).toEqual([]);
    for (const part of key.split('.')) expect(error?.message).not.toContain(part);
    expect(error?.message).not.toContain('user-1234');
  });

  it('counts a key that lapses within the next minute as expired, as the Forge module does', () => {
    expect(check(jwt({ exp: nowSeconds + 30 })).error?.message).toMatch(/expired on/);
  });

  it('warns with the date when the key expires within 14 days', () => {
    const { error, warnings } = check(jwt({ id: 'u', exp: nowSeconds + 3 * DAY }));
    expect(error).toBeUndefined();
    expect(warnings).toEqual([
      {
        message: expect.stringMatching(
          /^Input 'forge-api-key' expires on 2026-11-23T12:00:00\.000Z \(in 3 days\)/,
        ),
      },
    ]);
    expect(check(jwt({ exp: nowSeconds + 14 * DAY })).warnings).toHaveLength(1);
  });

  it.each([
    ['a key expiring in 15 days', jwt({ id: 'u', exp: nowSeconds + 15 * DAY })],
    ['a JWT without exp (the default)', jwt({ id: 'u', permissions: ['read-data'] })],
    ['a key that is not a JWT', 'forge-key-0123456789'],
    ['three parts whose payload is not JSON', 'aaa.bbb.ccc'],
    ['a payload whose exp is not a number', jwt({ exp: 'soon' })],
    ['an exp past any date', jwt({ exp: 1e20 })],
  ])('says nothing of %s', (_, key) => {
    expect(check(key)).toEqual({ warnings: [], error: undefined });
  });
});
