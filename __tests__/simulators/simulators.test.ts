import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ForgeSim } from './forge-sim.js';
import { FoundrySim } from './foundry-sim.js';
import { releaseListSchema, releaseSchema } from '../../src/hosts/github/github-api.js';
import { GitHubSim, RECORDED } from './github-sim.js';

const running: { stop(): Promise<void> }[] = [];
async function started<T extends { start(): Promise<T>; stop(): Promise<void> }>(sim: T): Promise<T> {
  running.push(sim);
  return sim.start();
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const release = (version: string, extra: object = {}) => ({
  id: 'mod',
  release: { version, manifest: 'https://x/module.json', compatibility: { minimum: '12', verified: '13' } },
  ...extra,
});

describe('Foundry simulation', () => {
  it('answers like the article: success, dry run, unique_together, required fields, bad token', async () => {
    const foundry = await started(new FoundrySim());
    foundry.addPackage('mod', 'fvttp_t');
    const auth = { Authorization: 'fvttp_t' };
    expect(
      await (await post(foundry.endpoint, release('1', { 'dry-run': true }), auth)).json(),
    ).toMatchObject({
      status: 'success',
      message: expect.stringContaining('Dry run'),
    });
    expect(foundry.packages.get('mod')?.versions.size).toBe(0);
    expect((await post(foundry.endpoint, release('1'), auth)).status).toBe(200);
    const again = await post(foundry.endpoint, release('1'), auth);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ errors: { __all__: [{ code: 'unique_together' }] } });
    const missing = await post(foundry.endpoint, { id: 'mod', release: { version: '2' } }, auth);
    expect(await missing.json()).toMatchObject({ errors: { manifest: [{ code: 'required' }] } });
    expect((await post(foundry.endpoint, release('3'), { Authorization: 'Bearer fvttp_t' })).status).toBe(
      401,
    );
  });

  it('rate-limits releases of one package with Retry-After', async () => {
    const foundry = await started(new FoundrySim());
    foundry.addPackage('mod', 'fvttp_t');
    foundry.rateLimitSeconds = 60;
    await post(foundry.endpoint, release('1'), { Authorization: 'fvttp_t' });
    const limited = await post(foundry.endpoint, release('2'), { Authorization: 'fvttp_t' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(58);
  });

  it('plays scripted faults once each, in order, and records every request', async () => {
    const foundry = await started(new FoundrySim());
    foundry.server.fail(
      'POST',
      /release_version/,
      { kind: 'status', status: 503, body: 'down' },
      { kind: 'reset' },
    );
    expect((await post(foundry.endpoint, release('1'))).status).toBe(503);
    await expect(post(foundry.endpoint, release('1'))).rejects.toThrow();
    expect((await post(foundry.endpoint, release('1'))).status).toBe(401);
    expect(foundry.releaseRequests).toHaveLength(3);
  });

  it('holds every answer back by answerDelayMs, as a network round trip would (the bench counts them)', async () => {
    const foundry = await started(new FoundrySim());
    foundry.server.answerDelayMs = 150;
    const start = performance.now();
    const [first, second] = await Promise.all([
      post(foundry.endpoint, release('1')),
      post(foundry.endpoint, release('1')),
    ]);
    const together = performance.now() - start;
    expect([first.status, second.status]).toEqual([401, 401]);
    // Two requests at once wait one delay, not two: the delay is per answer, not a queue.
    expect(together).toBeGreaterThanOrEqual(150);
    expect(together).toBeLessThan(290);
  });
});

describe('GitHub simulation', () => {
  it('serves releases by id and tag, and redirects asset downloads to another host', async () => {
    const github = await started(new GitHubSim());
    const r = github.addRelease({ tag: 'v1', assets: { 'module.json': '{"id":"m"}' } });
    const base = `${github.url}/repos/Codertocat/Hello-World/releases`;
    const byId = (await (await fetch(`${base}/${r.id}`)).json()) as {
      assets: { id: number; browser_download_url: string }[];
    };
    expect((await (await fetch(`${base}/tags/v1`)).json()) as object).toMatchObject({ id: r.id });
    const asset = await fetch(`${base}/assets/${byId.assets[0]?.id}`, {
      headers: { Accept: 'application/octet-stream' },
      redirect: 'manual',
    });
    expect(asset.status).toBe(302);
    expect(new URL(asset.headers.get('location') ?? '').hostname).toBe('localhost');
    expect(await (await fetch(byId.assets[0]!.browser_download_url)).text()).toBe('{"id":"m"}');
  });

  it('lists releases as GitHub documents "List releases": release bodies, newest first, drafts included, per_page', async () => {
    const github = await started(new GitHubSim());
    github.addRelease({ tag: 'v1.9.0' });
    github.addRelease({ tag: 'v1.10.0', draft: true });
    github.addRelease({ tag: 'v1.11.0', prerelease: true });
    const base = `${github.url}/repos/Codertocat/Hello-World/releases`;
    const list = (await (await fetch(`${base}?per_page=2`)).json()) as Record<string, unknown>[];
    expect(list.map((r) => [r.tag_name, r.draft, r.prerelease])).toEqual([
      ['v1.11.0', false, true],
      ['v1.10.0', true, false],
    ]);
    for (const body of list)
      expect(Object.keys(body)).toEqual(expect.arrayContaining(Object.keys(RECORDED.release)));
    expect(releaseListSchema.safeParse(list).success).toBe(true);
    const second = (await (await fetch(`${base}?per_page=2&page=2`)).json()) as { tag_name: string }[];
    expect(second.map((r) => r.tag_name)).toEqual(['v1.9.0']);
  });

  it('serves the bodies GitHub sent in the recordings, with every recorded field, rewritten to itself', async () => {
    const github = await started(new GitHubSim());
    const r = github.addRelease({ tag: 'v2.0.0', prerelease: true, assets: { 'module.json': '{}' } });
    const base = `${github.url}/repos/Codertocat/Hello-World/releases`;
    const served = (await (await fetch(`${base}/tags/v2.0.0`)).json()) as Record<string, unknown> & {
      assets: Record<string, unknown>[];
    };
    const [asset] = served.assets;
    for (const [body, recorded] of [
      [served, RECORDED.release],
      [asset, RECORDED.asset],
    ] as const) {
      expect(Object.keys(body ?? {})).toEqual(expect.arrayContaining(Object.keys(recorded)));
      for (const [key, value] of Object.entries(recorded))
        expect([key, typeof body?.[key]]).toEqual([key, value === null ? typeof body?.[key] : typeof value]);
    }
    expect(JSON.stringify(served)).not.toMatch(/github\.com|octokit-fixture-org\/release-assets/);
    expect(served).toMatchObject({
      id: r.id,
      tag_name: 'v2.0.0',
      prerelease: true,
      html_url: `${github.releasesUrl()}/tag/v2.0.0`,
    });
    expect(asset).toMatchObject({ name: 'module.json', size: 2, state: 'uploaded' });
    const missing = await fetch(`${base}/tags/v9`);
    expect([missing.status, Object.keys((await missing.json()) as object)]).toEqual([
      404,
      Object.keys(RECORDED.error),
    ]);
  });

  it("gives the action's release schema real GitHub bodies to read: the recording's and the simulation's", async () => {
    expect(releaseSchema.safeParse(RECORDED.release).success).toBe(true);
    const github = await started(new GitHubSim());
    const r = github.addRelease({ tag: 'v1', assets: { 'module.json': '{}' } });
    const served = await (await fetch(`${github.url}/repos/Codertocat/Hello-World/releases/${r.id}`)).json();
    expect(releaseSchema.safeParse(served).success).toBe(true);
  });

  it('hides a private repository from requests without its token', async () => {
    const github = await started(new GitHubSim());
    github.token = 'ghs_x';
    github.private = true;
    const r = github.addRelease({ tag: 'v1', assets: { 'module.json': '{}' } });
    expect((await fetch(`${github.url}/repos/Codertocat/Hello-World/releases/${r.id}`)).status).toBe(404);
    expect((await fetch(github.downloadUrl('v1', 'module.json'))).status).toBe(404);
  });
});

describe('Forge simulation', () => {
  it('refuses an idle while players are logged in, unless forced', async () => {
    const forge = await started(new ForgeSim());
    forge.game().playersLoggedIn = 1;
    const key = { 'Access-Key': forge.apiKey };
    expect(await (await post(`${forge.url}/api/game/idle`, {}, key)).json()).toEqual({ success: false });
    expect(await (await post(`${forge.url}/api/game/idle`, { force: true, world: 'w' }, key)).json()).toEqual(
      { success: true },
    );
    expect(forge.game()).toMatchObject({ state: 'idle', world: 'w' });
  });

  it('answers { error, code } for a bad key, a missing permission, a wrong secret, and data changes while running', async () => {
    const forge = await started(new ForgeSim());
    const world = forge.addWorld('w');
    expect(await (await post(`${forge.url}/api/game/stop`, {}, { 'Access-Key': 'nope' })).json()).toEqual({
      error: 'Invalid API key',
      code: 401,
    });
    const key = { 'Access-Key': forge.apiKey };
    expect(
      (await post(`${forge.url}/api/data/worlds/delete`, { name: 'w', secret: world.secret }, key)).status,
    ).toBe(409);
    await post(`${forge.url}/api/game/stop`, {}, key);
    expect(
      (await post(`${forge.url}/api/data/worlds/delete`, { name: 'w', secret: 'guess' }, key)).status,
    ).toBe(403);
    expect(
      (await post(`${forge.url}/api/data/worlds/delete`, { name: 'w', secret: world.secret }, key)).status,
    ).toBe(200);
    forge.permissions.delete('write-data');
    expect(
      await (await post(`${forge.url}/api/data/worlds/install`, { name: 'x' }, key)).json(),
    ).toMatchObject({ code: 403 });
  });

  it("serves the Bazaar's public package page without a key, lagging behind by the requests it is told", async () => {
    const forge = await started(new ForgeSim());
    forge.bazaar.set('demo', ['1.0.0', '1.1.0']);
    forge.bazaarLag = 1;
    const page = async (name: string) => (await fetch(`${forge.url}/api/bazaar/package/${name}`)).json();
    expect(await page('demo')).toMatchObject({ success: true, package: { name: 'demo', latest: '1.0.0' } });
    expect(await page('demo')).toMatchObject({ success: true, package: { latest: '1.1.0', installs: 0.42 } });
    expect(await page('unknown')).toEqual({ success: true, package: null });
  });

  it('refuses to install a version the lagging Bazaar does not have yet with { error, code: 404 }', async () => {
    const forge = await started(new ForgeSim());
    forge.bazaar.set('demo', ['1.0.0', '1.1.0']);
    forge.bazaarLag = Infinity;
    const key = { 'Access-Key': forge.apiKey };
    await post(`${forge.url}/api/game/stop`, {}, key);
    const refused = await post(
      `${forge.url}/api/data/worlds/install`,
      { name: 'demo', version: '1.1.0' },
      key,
    );
    expect(refused.status).toBe(404);
    expect(await refused.json()).toEqual({ error: "No version 1.1.0 of 'demo'", code: 404 });
    expect((await post(`${forge.url}/api/data/worlds/install`, { name: 'demo' }, key)).status).toBe(200);
    expect(forge.worlds.get('demo')?.origin).toBe('bazaar:demo@1.0.0');
  });

  it('lists worlds with their secrets in either shape', async () => {
    const forge = await started(new ForgeSim());
    forge.addWorld('w');
    const list = () =>
      fetch(`${forge.url}/api/data/worlds`, { headers: { 'Access-Key': forge.apiKey } }).then((r) =>
        r.json(),
      );
    expect(await list()).toEqual([expect.objectContaining({ name: 'w', secret: expect.any(String) })]);
    forge.worldListShape = 'object';
    expect(await list()).toEqual({ worlds: [expect.objectContaining({ name: 'w' })] });
  });

  it('answers a scripted status only after the whole upload is in, as a buffering proxy does', async () => {
    const forge = await started(new ForgeSim());
    forge.server.fail('POST', '/api/data/import', { kind: 'status', status: 503, body: { error: 'Busy' } });
    // Answered mid-upload on a closing connection, a client in another, busy process can meet EPIPE on its
    // next write instead of reading the 503 (seen on CI): the answer must come after the last byte.
    const request = http.request(`${forge.url}/api/data/import`, {
      method: 'POST',
      headers: { 'Access-Key': forge.apiKey, Connection: 'close', 'Content-Length': String(8 * 65536) },
    });
    const events: string[] = [];
    const answered = new Promise<number>((resolve, reject) => {
      request.on('error', reject);
      request.on('response', (response) => {
        events.push('answered');
        response.resume();
        resolve(response.statusCode ?? 0);
      });
    });
    for (let i = 0; i < 8; i++) {
      if (i > 0) await sleep(10);
      request.write(Buffer.alloc(65536));
    }
    events.push('uploaded');
    request.end();
    expect(await answered).toBe(503);
    expect(events).toEqual(['uploaded', 'answered']);
  });
});
