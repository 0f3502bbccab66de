import { afterEach, describe, expect, it } from 'vitest';
import { GitLabApi, gitLabRetryAfterMs } from '../../src/hosts/gitlab/gitlab-api.js';
import { gitLabReleaseUrls } from '../../src/hosts/gitlab/gitlab-release-urls.js';
import { parseManifest } from '../../src/manifest/manifest.js';
import { HttpTransport } from '../../src/network/http.js';
import { RetryBudget } from '../../src/network/retry.js';
import { ActionError } from '../../src/problems/problem.js';
import { checkRelease, type ReleaseTarget } from '../../src/release/release-checks.js';
import { splitProjectPath } from '../../src/settings/gitlab-run-context.js';
import { GitLabSim } from '../simulators/gitlab-sim.js';

let sim: GitLabSim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function gitLab(options: { tokenKind?: 'job' | 'private'; token?: string | null } = {}) {
  sim = await new GitLabSim().start();
  const tokenKind = options.tokenKind ?? 'job';
  const token =
    options.token === null
      ? undefined
      : (options.token ?? (tokenKind === 'job' ? sim.jobToken : sim.privateToken));
  const api = new GitLabApi({
    token,
    tokenKind,
    apiUrl: sim.apiUrl,
    serverUrl: sim.url,
    projectId: String(sim.projectId),
    repository: splitProjectPath(sim.projectPath),
    http: new HttpTransport(5_000),
    budget: new RetryBudget(3_000),
  });
  return { sim, api };
}

describe('GitLab release host', () => {
  it("reads a release's links as assets at their direct asset URLs, its page from _links.self", async () => {
    const { sim, api } = await gitLab();
    sim.addRelease('v1.2.3', { 'module.json': '{}', 'module.zip': 'zip' });
    const release = await api.releaseByTag('v1.2.3');
    expect(release).toMatchObject({
      tag: 'v1.2.3',
      pageUrl: `${sim.projectUrl}/-/releases/v1.2.3`,
      prerelease: false,
      assets: [
        { name: 'module.json', url: sim.directAssetUrl('v1.2.3', '/module.json'), fileInUrl: 'module.json' },
        { name: 'module.zip', url: sim.directAssetUrl('v1.2.3', '/module.zip'), fileInUrl: 'module.zip' },
      ],
    });
    const [request] = sim.server.received('GET', /\/releases\//);
    expect(request?.headers['job-token']).toBe(sim.jobToken);
    expect(request?.headers['private-token']).toBeUndefined();
  });

  it('sends an access token as PRIVATE-TOKEN and a tag with a slash as %2F', async () => {
    const { sim, api } = await gitLab({ tokenKind: 'private' });
    sim.addRelease('release/1.0.0', { 'module.json': '{}' });
    expect((await api.releaseByTag('release/1.0.0'))?.tag).toBe('release/1.0.0');
    const [request] = sim.server.received('GET', /\/releases\//);
    expect(request?.url).toContain('/releases/release%2F1.0.0');
    expect(request?.headers['private-token']).toBe(sim.privateToken);
  });

  it('answers undefined for a tag without a release, and a clear error for a project it cannot see', async () => {
    const { sim, api } = await gitLab({ token: null });
    expect(await api.releaseByTag('v9.9.9')).toBeUndefined();
    sim.private = true;
    await expect(api.releaseByTag('v9.9.9')).rejects.toThrow(/no project 24 that this token can read/);
  });

  it('says the token was refused on a 401, and never retries it', async () => {
    const { sim, api } = await gitLab({ token: 'glcbt-wrong' });
    await expect(api.releaseByTag('v1.0.0')).rejects.toThrow(/GitLab refused .* \(HTTP 401/);
    expect(sim.server.requests).toHaveLength(1);
  });

  it('reads a link through its redirect, with the token for GitLab only, never for another host', async () => {
    const { sim, api } = await gitLab();
    sim.addRelease('v1.0.0', { 'module.json': '{"id":"a"}' });
    sim.addRelease('v2.0.0', { 'module.json': '{"id":"b"}' }, { external: true });
    const inRegistry = (await api.releaseByTag('v1.0.0'))?.assets[0];
    const external = (await api.releaseByTag('v2.0.0'))?.assets[0];
    if (!inRegistry || !external) throw new Error('no asset');
    expect((await api.readAsset(inRegistry, 1024)).toString()).toBe('{"id":"a"}');
    expect((await api.readAsset(external, 1024)).toString()).toBe('{"id":"b"}');
    const registry = sim.server.received('GET', /\/packages\/generic\//);
    expect(registry[0]?.headers['job-token']).toBe(sim.jobToken);
    expect(sim.storage.requests).toHaveLength(1);
    expect(JSON.stringify(sim.storage.requests[0]?.headers)).not.toContain(sim.jobToken);
  });

  it('lists the newest releases for the version-order check, none of them drafts or prereleases', async () => {
    const { sim, api } = await gitLab();
    sim.addRelease('v1.0.0', { 'module.json': '{}' });
    sim.addRelease('v1.1.0', { 'module.json': '{}' });
    expect(await api.listReleases()).toEqual([
      { tag: 'v1.1.0', draft: false, prerelease: false },
      { tag: 'v1.0.0', draft: false, prerelease: false },
    ]);
    expect(sim.server.received('GET', /\/releases$/)[0]?.url).toContain('per_page=20');
  });

  it('retries a 5xx within the budget', async () => {
    const { sim, api } = await gitLab();
    sim.addRelease('v1.0.0', { 'module.json': '{}' });
    sim.server.fail('GET', /\/releases\//, { kind: 'status', status: 502, body: 'Bad Gateway' });
    expect((await api.releaseByTag('v1.0.0'))?.tag).toBe('v1.0.0');
    expect(sim.server.received('GET', /\/releases\//)).toHaveLength(2);
  });

  it('refuses a manifest that is more than a manifest, unread past the cap', async () => {
    const { sim, api } = await gitLab();
    sim.addRelease('v1.0.0', { 'module.json': Buffer.alloc(4096, 32) });
    const asset = (await api.releaseByTag('v1.0.0'))?.assets[0];
    if (!asset) throw new Error('no asset');
    await expect(api.readAsset(asset, 1024)).rejects.toBeInstanceOf(ActionError);
  });
});

describe("GitLab's rate-limit headers", () => {
  const now = Date.UTC(2026, 0, 1);
  it('waits for Retry-After, else RateLimit-Reset (an epoch), else RateLimit-ResetTime (a date)', () => {
    expect(gitLabRetryAfterMs({ 'retry-after': '30' }, now)).toBe(30_000);
    expect(gitLabRetryAfterMs({ 'ratelimit-reset': String(now / 1000 + 12) }, now)).toBe(12_000);
    expect(gitLabRetryAfterMs({ 'ratelimit-resettime': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now)).toBe(5_000);
    expect(gitLabRetryAfterMs({}, now)).toBeUndefined();
  });
});

describe("GitLab's release URLs", () => {
  const urls = gitLabReleaseUrls('https://gitlab.com/peginc/swade');

  it('splits a direct asset URL into its tag and path, and knows the latest permalink', () => {
    expect(
      urls.parseAssetUrl('https://gitlab.com/peginc/swade/-/releases/v3.2.1/downloads/swade-v3.2.1.zip'),
    ).toEqual({ tag: 'v3.2.1', file: 'swade-v3.2.1.zip' });
    expect(urls.parseAssetUrl('https://gitlab.com/peginc/swade/-/releases/a%2Fb/downloads/bin/x')).toEqual({
      tag: 'a/b',
      file: 'bin/x',
    });
    expect(
      urls.parseAssetUrl('https://gitlab.com/peginc/swade/-/releases/permalink/latest/downloads/x'),
    ).toBe(undefined);
    expect(urls.parseAssetUrl('https://gitlab.com/other/swade/-/releases/v1/downloads/x')).toBeUndefined();
    expect(
      urls.isLatestUrl('https://gitlab.com/peginc/swade/-/releases/permalink/latest/downloads/system.json'),
    ).toBe(true);
  });

  it('refuses the latest permalink as a manifest URL, and a download of another tag, as on GitHub', () => {
    const manifest = parseManifest({
      label: 'release asset system.json',
      bytes: Buffer.from(
        JSON.stringify({
          id: 'swade',
          version: '3.2.1',
          compatibility: { minimum: '12', verified: '13' },
          download: 'https://gitlab.com/peginc/swade/-/releases/v3.2.0/downloads/swade.zip',
        }),
      ),
    });
    const target: ReleaseTarget = {
      tag: 'v3.2.1',
      manifest,
      defaultManifestUrl: urls.assetUrl('v3.2.1', 'system.json'),
      defaultNotesUrl: urls.pageUrl('v3.2.1'),
      urls,
      assetNames: ['system.json', 'swade.zip'],
      prerelease: false,
    };
    const latest = 'https://gitlab.com/peginc/swade/-/releases/permalink/latest/downloads/system.json';
    const found = checkRelease(
      { packageId: 'swade', version: '3.2.1', manifestUrl: latest, compatibility: manifest.compatibility },
      target,
    );
    expect(found.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('points to /-/releases/permalink/latest/'),
      expect.stringContaining("names tag 'v3.2.0', but this release is 'v3.2.1'"),
    ]);
    const fine = checkRelease(
      {
        packageId: 'swade',
        version: '3.2.1',
        manifestUrl: target.defaultManifestUrl,
        compatibility: manifest.compatibility,
      },
      { ...target, manifest: { ...manifest, download: urls.assetUrl('v3.2.1', 'swade.zip') } },
    );
    expect(fine.problems).toEqual([]);
  });
});
