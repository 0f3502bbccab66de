import { describe, expect, it, vi } from 'vitest';

const { useLog } = await import('../../src/problems/log.js');
useLog({ info: vi.fn(), notice: vi.fn(), debug: vi.fn(), mask: vi.fn() });
const { bazaarInstall, bazaarHasVersion, parseBazaarAnswer, waitForBazaarVersion } =
  await import('../../src/forge/bazaar.js');
type BazaarListing = import('../../src/forge/bazaar.js').BazaarListing;

describe('bazaarInstall (which version a Bazaar reset installs)', () => {
  const source = { packageName: 'demo-world' };
  it('pins the version just published and waits for it', () => {
    expect(bazaarInstall(source, { id: 'demo-world', version: '1.2.0' })).toEqual({
      packageName: 'demo-world',
      version: '1.2.0',
      awaitListing: true,
    });
  });
  it('keeps forge-bazaar-version, waiting only when it is the version just published', () => {
    const published = { id: 'demo-world', version: '1.2.0' };
    expect(bazaarInstall({ ...source, version: '1.0.0' }, published).awaitListing).toBe(false);
    expect(bazaarInstall({ ...source, version: '1.2.0' }, published).awaitListing).toBe(true);
  });
  it('installs the latest without waiting when nothing was published, or another package was', () => {
    expect(bazaarInstall(source, undefined)).toEqual({ packageName: 'demo-world', awaitListing: false });
    expect(bazaarInstall(source, { id: 'demo-module', version: '2.0.0' })).toEqual({
      packageName: 'demo-world',
      awaitListing: false,
    });
  });
});

describe("bazaarHasVersion (Foundry's order, src/manifest/foundry-version.ts)", () => {
  it('takes the Bazaar as having a version when it lists that one or a newer one', () => {
    expect(bazaarHasVersion('1.2.0', '1.2.0')).toBe(true);
    expect(bazaarHasVersion('1.3.0', '1.2.0')).toBe(true);
    expect(bazaarHasVersion('1.1.9', '1.2.0')).toBe(false);
  });
});

describe('parseBazaarAnswer (GET /api/bazaar/package/<name>)', () => {
  it('reads package.latest, as public badges and scripts do', () => {
    const body = JSON.stringify({
      success: true,
      package: { name: 'demo-world', title: 'Demo', latest: '1.2.0', installs: 0.42 },
    });
    expect(parseBazaarAnswer(200, body)).toEqual({ kind: 'listed', latest: '1.2.0' });
    expect(parseBazaarAnswer(200, '{"success":true,"package":{"version":"1.2.0"}}')).toEqual({
      kind: 'listed',
      latest: '1.2.0',
    });
  });
  it('takes package: null as not listed (yet)', () => {
    expect(parseBazaarAnswer(200, '{"success":true,"package":null}')).toEqual({ kind: 'not-listed' });
  });
  it('asks again after 5xx, 429 and unreadable bodies; stops on answers of another shape', () => {
    expect(parseBazaarAnswer(503, '').kind).toBe('transient');
    expect(parseBazaarAnswer(429, '').kind).toBe('transient');
    expect(parseBazaarAnswer(200, '{"succ').kind).toBe('transient');
    expect(parseBazaarAnswer(404, '<html>Not Found</html>').kind).toBe('unreadable');
    expect(parseBazaarAnswer(200, '{"success":true,"package":{"name":"x"}}').kind).toBe('unreadable');
    expect(parseBazaarAnswer(200, '{"error":"nope","code":500}').kind).toBe('unreadable');
  });
});

describe('waitForBazaarVersion', () => {
  function bazaar(...answers: BazaarListing[]) {
    const asked: string[] = [];
    return {
      asked,
      listing: async (name: string) => {
        asked.push(name);
        return answers.length > 1 ? (answers.shift() as BazaarListing) : (answers[0] as BazaarListing);
      },
    };
  }
  const old: BazaarListing = { kind: 'listed', latest: '1.1.0' };
  const now: BazaarListing = { kind: 'listed', latest: '1.2.0' };

  it('asks with back-off (1 s, 2 s, …) until the version is listed', async () => {
    const { listing, asked } = bazaar(
      { kind: 'not-listed' },
      { kind: 'transient', failure: 'HTTP 503' },
      old,
      now,
    );
    const waits: number[] = [];
    const outcome = await waitForBazaarVersion(listing, 'demo', '1.2.0', {
      waitMs: 600_000,
      sleep: async (ms) => waits.push(ms),
    });
    expect(outcome).toEqual({ kind: 'listed', polls: 4 });
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(asked).toEqual(['demo', 'demo', 'demo', 'demo']);
  });

  it('stops when forge-bazaar-wait is spent, saying what the Bazaar listed last', async () => {
    const waits: number[] = [];
    const outcome = await waitForBazaarVersion(bazaar(old).listing, 'demo', '1.2.0', {
      waitMs: 10_000,
      sleep: async (ms) => waits.push(ms),
    });
    expect(waits).toEqual([1000, 2000, 4000, 3000]);
    expect(outcome).toEqual({ kind: 'missing', polls: 5, lastSeen: 'lists 1.1.0' });
  });

  it('bounds a 600 s wait to a few dozen requests', async () => {
    const waits: number[] = [];
    const outcome = await waitForBazaarVersion(bazaar({ kind: 'not-listed' }).listing, 'demo', '1.2.0', {
      waitMs: 600_000,
      sleep: async (ms) => waits.push(ms),
    });
    expect(waits.reduce((a, b) => a + b, 0)).toBe(600_000);
    expect(Math.max(...waits)).toBe(30_000);
    expect(outcome).toMatchObject({ kind: 'missing', lastSeen: 'does not list the package' });
    if (outcome.kind === 'missing') expect(outcome.polls).toBeLessThan(30);
  });

  it('does not wait on an answer that waiting will not change', async () => {
    const sleep = vi.fn();
    const outcome = await waitForBazaarVersion(
      bazaar({ kind: 'unreadable', failure: 'HTTP 404' }).listing,
      'demo',
      '1.2.0',
      { waitMs: 600_000, sleep },
    );
    expect(outcome).toEqual({ kind: 'unreadable', failure: 'HTTP 404' });
    expect(sleep).not.toHaveBeenCalled();
  });
});
