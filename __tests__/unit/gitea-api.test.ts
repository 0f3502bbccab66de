import { afterEach, describe, expect, it } from 'vitest';
import { GiteaApi } from '../../src/hosts/gitea/gitea-api.js';
import { giteaReleaseUrls } from '../../src/hosts/gitea/gitea-release-urls.js';
import { GitHubApi } from '../../src/hosts/github/github-api.js';
import { releaseHostFor } from '../../src/hosts/release-hosts.js';
import { HttpTransport } from '../../src/network/http.js';
import { RetryBudget } from '../../src/network/retry.js';
import { ActionError } from '../../src/problems/problem.js';
import { giteaFamily, isGiteaApiUrl } from '../../src/settings/gitea-run-context.js';
import { runContextFromEnvironment } from '../../src/settings/run-context.js';
import { GiteaSim, type GiteaFlavour } from '../simulators/gitea-sim.js';

const TOKEN = 'f0rgej0f0rgej0f0rgej0f0rgej0f0rgej0f0rg';

let sim: GiteaSim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function gitea(options: { flavour?: GiteaFlavour; token?: string | null; budgetMs?: number } = {}) {
  sim = await new GiteaSim(options.flavour).start();
  sim.token = TOKEN;
  const api = new GiteaApi({
    family: options.flavour === 'gitea' ? 'Gitea' : 'Forgejo',
    token: options.token === null ? undefined : (options.token ?? TOKEN),
    apiUrl: sim.apiUrl,
    serverUrl: sim.url,
    repository: { owner: sim.owner, repo: sim.repo },
    http: new HttpTransport(5_000),
    budget: new RetryBudget(options.budgetMs ?? 3_000),
  });
  return { sim, api };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ActionError);
  return (error as ActionError).message;
}

describe('telling Forgejo and Gitea from GitHub, with no request', () => {
  it.each([
    [{ FORGEJO_ACTIONS: 'true', GITEA_ACTIONS: 'true' }, 'https://codeberg.org/api/v1', 'Forgejo'],
    [{ GITEA_ACTIONS: 'true' }, 'https://gitea.example.org/api/v1', 'Gitea'],
    // A runner that sets neither marker: the API URL still says Gitea's /api/v1.
    [{}, 'https://git.example.org/api/v1', 'Forgejo/Gitea'],
    [{}, 'https://git.example.org/gitea/api/v1/', 'Forgejo/Gitea'],
    [{}, 'https://api.github.com', undefined],
    [{}, 'https://ghes.example.com/api/v3', undefined],
    [{ GITEA_ACTIONS: 'false' }, 'https://api.github.com', undefined],
  ])('%o with API %s is %s', (env, apiUrl, family) => {
    expect(giteaFamily(env, apiUrl)).toBe(family);
  });

  it('does not take a path that merely contains /api/v1 for Gitea', () => {
    expect(isGiteaApiUrl('https://example.org/api/v1/extra')).toBe(false);
    expect(isGiteaApiUrl('not a url')).toBe(false);
  });

  it("reads the runner's environment into the run context, and the host for it", async () => {
    const services = { http: new HttpTransport(1_000), budget: new RetryBudget(0) };
    const forgejo = runContextFromEnvironment({
      GITHUB_ACTIONS: 'true',
      GITEA_ACTIONS: 'true',
      FORGEJO_ACTIONS: 'true',
      GITHUB_API_URL: 'https://codeberg.org/api/v1',
      GITHUB_SERVER_URL: 'https://codeberg.org',
      GITHUB_REPOSITORY: 'alice/my-module',
    });
    expect(forgejo.gitea).toBe('Forgejo');
    const host = await releaseHostFor(forgejo, TOKEN, services);
    expect(host).toBeInstanceOf(GiteaApi);
    expect(host.name).toBe('Forgejo');
    expect(host.urls.assetUrl('v1.2.3', 'module.json')).toBe(
      'https://codeberg.org/alice/my-module/releases/download/v1.2.3/module.json',
    );

    const github = runContextFromEnvironment({ GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'o/r' });
    expect(github.gitea).toBeUndefined();
    expect(await releaseHostFor(github, TOKEN, services)).toBeInstanceOf(GitHubApi);
  });
});

describe('Forgejo/Gitea release URLs', () => {
  const urls = giteaReleaseUrls('https://codeberg.org/alice/my-module');

  it("builds GitHub's asset and page URLs and splits them back", () => {
    expect(urls.assetUrl('v1', 'module.zip')).toBe(
      'https://codeberg.org/alice/my-module/releases/download/v1/module.zip',
    );
    expect(urls.pageUrl('v1')).toBe('https://codeberg.org/alice/my-module/releases/tag/v1');
    expect(urls.parseAssetUrl(urls.assetUrl('v2.0.0', 'module.zip'))).toEqual({
      tag: 'v2.0.0',
      file: 'module.zip',
    });
  });

  it("knows Gitea's latest form (/releases/download/latest/) and GitHub's", () => {
    expect(
      urls.isLatestUrl('https://codeberg.org/alice/my-module/releases/download/latest/module.json'),
    ).toBe(true);
    expect(
      urls.isLatestUrl('https://codeberg.org/alice/my-module/releases/latest/download/module.json'),
    ).toBe(true);
    expect(urls.isLatestUrl(urls.assetUrl('v1', 'module.json'))).toBe(false);
    expect(urls.latestForm).toBe('/releases/download/latest/');
  });
});

describe('Forgejo/Gitea release host', () => {
  it("reads a release by tag with 'Authorization: token', its assets at browser_download_url", async () => {
    const { sim, api } = await gitea();
    sim.addRelease({ tag: 'v1.2.3', assets: { 'module.json': '{}', 'module.zip': 'zip' } });
    const release = await api.releaseByTag('v1.2.3');
    expect(release).toMatchObject({
      tag: 'v1.2.3',
      pageUrl: `${sim.url}/alice/my-module/releases/tag/v1.2.3`,
      prerelease: false,
      assets: [
        { name: 'module.json', size: 2, url: sim.downloadUrl('v1.2.3', 'module.json') },
        { name: 'module.zip', size: 3, url: sim.downloadUrl('v1.2.3', 'module.zip') },
      ],
    });
    const [request] = sim.server.received('GET', /\/releases\/tags\//);
    expect(request?.headers.authorization).toBe(`token ${TOKEN}`);
  });

  it.each(['forgejo', 'gitea'] as const)(
    "takes %s's 404 for a tag without a release as no release, whatever its body says",
    async (flavour) => {
      const { api } = await gitea({ flavour });
      expect(await api.releaseByTag('v404')).toBeUndefined();
    },
  );

  it('reads a release by the id a release event carries, and names the host when it is gone', async () => {
    const { sim, api } = await gitea({ flavour: 'gitea' });
    const created = sim.addRelease({ tag: 'v2', draft: true, assets: { 'module.json': '{}' } });
    expect((await api.releaseById(created.id)).tag).toBe('v2');
    expect(await failure(api.releaseById(999))).toMatch(
      /^Gitea has no release with id 999 in alice\/my-module/,
    );
  });

  it('reads a private repository with the token, and says what to check without it', async () => {
    const { sim, api } = await gitea({ token: null });
    sim.private = true;
    sim.addRelease({ tag: 'v1', assets: { 'module.json': '{}' } });
    expect(await api.releaseByTag('v1')).toBeUndefined();
    const asset = { id: 1, name: 'module.json', url: sim.downloadUrl('v1', 'module.json') };
    expect(await failure(api.readAsset(asset, 1024))).toMatch(
      /Forgejo answered HTTP 404 .*github-token cannot read alice\/my-module/,
    );
  });

  it('reads asset bytes from browser_download_url with the token (the API endpoint is metadata only)', async () => {
    const { sim, api } = await gitea();
    sim.private = true;
    sim.addRelease({ tag: 'v1', assets: { 'module.json': '{"id":"m"}' } });
    const [asset] = (await api.releaseByTag('v1'))?.assets ?? [];
    expect((await api.readAsset(asset!, 1024)).toString()).toBe('{"id":"m"}');
    const [download] = sim.server.received('GET', /\/releases\/download\//);
    expect(download?.headers.authorization).toBe(`token ${TOKEN}`);
    expect(sim.server.received('GET', /\/assets\//)).toEqual([]);
  });

  it('follows the 303 to object storage without the token', async () => {
    const { sim, api } = await gitea();
    sim.serveDirect = true;
    sim.addRelease({ tag: 'v1', assets: { 'module.json': '{"id":"s"}' } });
    const [asset] = (await api.releaseByTag('v1'))?.assets ?? [];
    expect((await api.readAsset(asset!, 1024)).toString()).toBe('{"id":"s"}');
    expect(sim.server.received('GET', /\/releases\/download\//)[0]?.headers.authorization).toBe(
      `token ${TOKEN}`,
    );
    expect(sim.storage.requests).toHaveLength(1);
    expect(sim.storage.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("keeps the token on an old Gitea's redirect to /attachments/<uuid> on its own origin", async () => {
    const { sim, api } = await gitea();
    sim.private = true;
    const release = sim.addRelease({ tag: 'v1', assets: { 'module.json': 'old' } });
    sim.server.fail('GET', '/alice/my-module/releases/download/v1/module.json', {
      kind: 'status',
      status: 302,
      headers: { Location: `/attachments/${release.assets[0]?.uuid}` },
    });
    const [asset] = (await api.releaseByTag('v1'))?.assets ?? [];
    expect((await api.readAsset(asset!, 1024)).toString()).toBe('old');
    expect(sim.server.received('GET', /^\/attachments\//)[0]?.headers.authorization).toBe(`token ${TOKEN}`);
  });

  it("sends no token to an asset on another host (Forgejo's external assets)", async () => {
    const { sim, api } = await gitea();
    const release = sim.addRelease({ tag: 'v1', assets: { 'module.json': 'ext' } });
    const external = `${sim.storage.url}/gitea/attachments/${release.assets[0]?.uuid}`;
    expect((await api.readAsset({ id: 9, name: 'module.json', url: external }, 1024)).toString()).toBe('ext');
    expect(sim.storage.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('retries a 5xx and waits out a 429 within max-retry-wait', async () => {
    const { sim, api } = await gitea({ budgetMs: 5_000 });
    sim.addRelease({ tag: 'v1', assets: { 'module.json': '{}' } });
    sim.server.fail(
      'GET',
      /\/releases\/tags\//,
      { kind: 'status', status: 502, body: '<html>Bad Gateway</html>' },
      { kind: 'status', status: 429, headers: { 'Retry-After': '1' } },
    );
    expect((await api.releaseByTag('v1'))?.tag).toBe('v1');
    expect(sim.server.received('GET', /\/releases\/tags\//)).toHaveLength(3);
  });

  it("says the token was refused on 401/403, with the server's message, and does not retry", async () => {
    const { sim, api } = await gitea();
    sim.server.fail('GET', /\/releases\/tags\//, {
      kind: 'status',
      status: 401,
      body: { message: 'token is required', url: `${sim.url}/api/swagger` },
    });
    const message = await failure(api.releaseByTag('v1'));
    expect(message).toMatch(/Forgejo refused the GET \/releases\/tags\/v1 \(HTTP 401: token is required\)/);
    expect(message).toMatch(/github-token can read alice\/my-module/);
    expect(sim.server.received('GET', /\/releases\/tags\//)).toHaveLength(1);
  });

  it('refuses a manifest asset larger than a manifest before reading it, and a redirect loop', async () => {
    const { sim, api } = await gitea();
    sim.addRelease({ tag: 'v1', assets: { 'module.json': 'x' } });
    expect(
      await failure(api.readAsset({ id: 1, name: 'module.zip', size: 10_000, url: sim.url }, 1024)),
    ).toMatch(/module\.zip is 10 KiB; a manifest is at most 1 KiB/);
    expect(sim.server.requests).toEqual([]);
    const loop = sim.downloadUrl('v1', 'module.json');
    const redirect = { kind: 'status', status: 302, headers: { Location: loop } } as const;
    sim.server.fail('GET', '/alice/my-module/releases/download/v1/module.json', ...Array(7).fill(redirect));
    expect(await failure(api.readAsset({ id: 1, name: 'module.json', url: loop }, 1024))).toMatch(
      /redirected more than 5 times/,
    );
  });
});
