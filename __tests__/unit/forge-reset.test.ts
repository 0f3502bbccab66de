import { describe, expect, it, vi } from 'vitest';

const { useLog } = await import('../../src/problems/log.js');
const log = { info: vi.fn(), notice: vi.fn(), debug: vi.fn(), mask: vi.fn() };
useLog(log);
const { resetForgeWorld } = await import('../../src/forge/forge-reset.js');
type ForgeClient = import('../../src/forge/forge-api.js').ForgeClient;
type ForgeSettings = import('../../src/settings/inputs.js').ForgeSettings;

function fakeForge(overrides: Partial<ForgeClient> = {}) {
  const calls: string[] = [];
  const forge: ForgeClient = {
    idle: async (r) => (calls.push(`idle ${JSON.stringify(r)}`), true),
    stop: async () => void calls.push('stop'),
    listWorlds: async () => (calls.push('list'), [{ name: 'demo', secret: 's3cret' }]),
    deleteWorld: async (name) => void calls.push(`delete ${name}`),
    installWorld: async (name, version) => {
      calls.push(`install ${name}${version ? `@${version}` : ''}`);
      return { installed: true };
    },
    importWorld: async () => void calls.push('import'),
    bazaarListing: async (name) => (calls.push(`bazaar ${name}`), { kind: 'listed', latest: '1.2.0' }),
    recoveryIdle: async (game) => forge.idle({ game }),
    ...overrides,
  };
  return { forge, calls };
}

const settings = (extra: Partial<ForgeSettings> = {}): ForgeSettings => ({
  apiKey: 'k',
  apiUrl: 'https://forge-vtt.com',
  world: 'demo',
  game: 'table',
  source: { kind: 'bazaar', packageName: 'demo' },
  ifInUse: 'skip',
  bazaarWaitMs: 600_000,
  ...extra,
});

describe('resetForgeWorld', () => {
  it('follows the article: idle, stop, install, idle into the world', async () => {
    const { forge, calls } = fakeForge();
    expect(await resetForgeWorld({ settings: settings() }, forge, [], [])).toBe('reset');
    expect(calls).toEqual([
      'idle {"game":"table"}',
      'stop',
      'install demo',
      'idle {"game":"table","world":"demo"}',
    ]);
  });

  it('masks the delete secret read from the worlds list', async () => {
    const { forge, calls } = fakeForge();
    await resetForgeWorld(
      { settings: settings({ source: { kind: 'zip-file', path: 'w.zip' } }), zipPath: '/w.zip' },
      forge,
      [],
      [],
    );
    expect(calls).toContain('delete demo');
    expect(log.mask).toHaveBeenCalledWith('s3cret');
  });

  it('refuses to delete a listed world without a secret, and idles again', async () => {
    const { forge, calls } = fakeForge({ listWorlds: async () => [{ name: 'demo' }] });
    const plan = { settings: settings({ source: { kind: 'zip-file', path: 'w.zip' } }), zipPath: '/w.zip' };
    await expect(resetForgeWorld(plan, forge, [], [])).rejects.toThrow(
      /without its delete secret.*was not changed/,
    );
    expect(calls.at(-1)).toBe('idle {"game":"table"}');
  });

  it('idles again when the final idle into the world fails, and says the world was reset', async () => {
    let idles = 0;
    const { forge } = fakeForge({
      idle: async () => {
        idles++;
        if (idles === 2) throw new Error('HTTP 502');
        return true;
      },
    });
    await expect(resetForgeWorld({ settings: settings() }, forge, [], [])).rejects.toThrow(
      /HTTP 502\. World 'demo' was reset\. The game was idled again/,
    );
    expect(idles).toBe(3);
  });

  it('says the table may be offline when even the recovery idle fails', async () => {
    const { forge } = fakeForge({
      stop: async () => {
        throw new Error('stop failed');
      },
      idle: vi.fn().mockResolvedValueOnce(true).mockRejectedValue(new Error('down')),
    });
    await expect(resetForgeWorld({ settings: settings() }, forge, [], [])).rejects.toThrow(
      /the table may be offline/,
    );
  });

  it('warns, and still reports the reset, when the last idle into the world answers success: false', async () => {
    const { forge } = fakeForge({ idle: vi.fn().mockResolvedValueOnce(true).mockResolvedValueOnce(false) });
    const warnings: { message: string }[] = [];
    expect(await resetForgeWorld({ settings: settings() }, forge, [], warnings)).toBe('reset');
    expect(warnings).toEqual([
      { message: expect.stringMatching(/answered the last idle into it with success: false/) },
    ]);
  });

  it('gives the recovery idle its own call, so a spent budget does not leave the table offline', async () => {
    const recoveryIdle = vi.fn(async () => true);
    const { forge } = fakeForge({
      stop: async () => {
        throw new Error('The Forge stop failed: HTTP 503; gave up because max-retry-wait is used up');
      },
      recoveryIdle,
    });
    await expect(resetForgeWorld({ settings: settings() }, forge, [], [])).rejects.toThrow(
      /used up\. World 'demo' was not changed\. The game was idled again/,
    );
    expect(recoveryIdle).toHaveBeenCalledWith('table');
  });

  it('records each call and its answer for the summary', async () => {
    const { forge } = fakeForge();
    const steps: { call: string; answer: string }[] = [];
    await resetForgeWorld({ settings: settings() }, forge, steps, []);
    expect(steps.map((s) => s.call)).toEqual(['idle', 'stop', 'install', 'idle into world']);
  });

  describe('after a release', () => {
    const published = { id: 'demo', version: '1.2.0' };

    it('asks the Bazaar before anything else, then installs exactly the version just published', async () => {
      const { forge, calls } = fakeForge();
      const steps: { call: string; answer: string }[] = [];
      expect(await resetForgeWorld({ settings: settings(), published }, forge, steps, [])).toBe('reset');
      expect(calls).toEqual([
        'bazaar demo',
        'idle {"game":"table"}',
        'stop',
        'install demo@1.2.0',
        'idle {"game":"table","world":"demo"}',
      ]);
      expect(steps[0]).toEqual({ call: 'Bazaar package', answer: 'lists 1.2.0 (after 1 request)' });
    });

    it('keeps forge-bazaar-version when it names another version, and does not wait', async () => {
      const { forge, calls } = fakeForge();
      const source = { kind: 'bazaar' as const, packageName: 'demo', version: '1.0.0' };
      await resetForgeWorld({ settings: settings({ source }), published }, forge, [], []);
      expect(calls).not.toContain('bazaar demo');
      expect(calls).toContain('install demo@1.0.0');
    });

    it('neither pins nor waits when the reset installs another package', async () => {
      const { forge, calls } = fakeForge();
      await resetForgeWorld(
        { settings: settings(), published: { id: 'demo-module', version: '3.0.0' } },
        forge,
        [],
        [],
      );
      expect(calls).not.toContain('bazaar demo');
      expect(calls).toContain('install demo');
    });

    it('fails before any Forge call when the wait ends without the version, and changes nothing', async () => {
      const { forge, calls } = fakeForge({
        bazaarListing: async () => (calls.push('bazaar'), { kind: 'listed', latest: '1.1.0' }),
      });
      const plan = { settings: settings({ bazaarWaitMs: 1500 }), published };
      await expect(resetForgeWorld(plan, forge, [], [])).rejects.toThrow(
        /Bazaar does not have version 1\.2\.0 of 'demo' yet \(1\.5 s of forge-bazaar-wait passed and the Bazaar lists 1\.1\.0; nothing on the Forge was touched\)\. .*re-run the reset later.*scheduled reset/,
      );
      expect(calls.every((c) => c === 'bazaar')).toBe(true);
      expect(calls.length).toBeGreaterThanOrEqual(2);
    });

    it('installs at once with forge-bazaar-wait 0, and treats an install refused with 404 as the Bazaar lagging', async () => {
      const { forge, calls } = fakeForge({
        installWorld: async (name, version) => (
          calls.push(`install ${name}@${version}`),
          { installed: false, refusal: 'Package version not found' }
        ),
      });
      const plan = { settings: settings({ bazaarWaitMs: 0 }), published };
      await expect(resetForgeWorld(plan, forge, [], [])).rejects.toThrow(
        /Bazaar does not have version 1\.2\.0 of 'demo' yet \(the install call answered: Package version not found\)\..*World 'demo' was not changed\. The game was idled again/,
      );
      expect(calls).toEqual(['idle {"game":"table"}', 'stop', 'install demo@1.2.0', 'idle {"game":"table"}']);
    });

    it('says to check forge-bazaar-version when the install refuses a version that was not just published', async () => {
      const { forge } = fakeForge({
        installWorld: async () => ({ installed: false, refusal: 'Package version not found' }),
      });
      const source = { kind: 'bazaar' as const, packageName: 'demo', version: '9.9.9' };
      await expect(resetForgeWorld({ settings: settings({ source }) }, forge, [], [])).rejects.toThrow(
        /^The Forge's Bazaar has no version 9\.9\.9 of 'demo' \(the install call answered: Package version not found\)\. Check forge-bazaar-version.*World 'demo' was not changed/,
      );
    });

    it('warns and lets the install decide when the Bazaar answers in another shape', async () => {
      const { forge, calls } = fakeForge({
        bazaarListing: async () => ({ kind: 'unreadable', failure: 'HTTP 404 (Not Found)' }),
      });
      const warnings: { message: string }[] = [];
      expect(await resetForgeWorld({ settings: settings(), published }, forge, [], warnings)).toBe('reset');
      expect(calls).toContain('install demo@1.2.0');
      expect(warnings[0]?.message).toMatch(/could not wait for it to list 1\.2\.0.*Check forge-api-url/);
    });
  });
});
