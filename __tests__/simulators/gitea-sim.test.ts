import { afterEach, describe, expect, it } from 'vitest';
import { releaseSchema } from '../../src/hosts/github/github-api.js';
import { GiteaSim, type GiteaFlavour } from './gitea-sim.js';

const running: GiteaSim[] = [];
async function started(flavour: GiteaFlavour = 'forgejo'): Promise<GiteaSim> {
  const sim = new GiteaSim(flavour);
  running.push(sim);
  return sim.start();
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers, redirect: 'manual' });

describe('Forgejo/Gitea simulation', () => {
  it("serves a release by tag and by id in Gitea's shape, which the action's release schema reads", async () => {
    const gitea = await started();
    const release = gitea.addRelease({ tag: 'v1.2.3', assets: { 'module.json': '{}', 'module.zip': 'zip' } });
    const base = `${gitea.apiUrl}/repos/alice/my-module/releases`;
    const byTag = (await (await get(`${base}/tags/v1.2.3`)).json()) as Record<string, unknown>;
    const byId = (await (await get(`${base}/${release.id}`)).json()) as Record<string, unknown>;
    expect(byId).toEqual(byTag);
    expect(releaseSchema.safeParse(byTag).success).toBe(true);
    expect(Object.keys(byTag).sort()).toEqual(
      [
        'id',
        'tag_name',
        'target_commitish',
        'name',
        'body',
        'url',
        'html_url',
        'tarball_url',
        'zipball_url',
        'upload_url',
        'draft',
        'prerelease',
        'created_at',
        'published_at',
        'author',
        'assets',
      ].sort(),
    );
    const [asset] = byTag.assets as Record<string, unknown>[];
    // Gitea's Attachment: no content_type, state, label or API url, unlike GitHub's release asset.
    expect(Object.keys(asset ?? {}).sort()).toEqual(
      ['browser_download_url', 'created_at', 'download_count', 'id', 'name', 'size', 'uuid'].sort(),
    );
    expect(asset?.browser_download_url).toBe(
      `${gitea.url}/alice/my-module/releases/download/v1.2.3/module.json`,
    );
    expect(byTag.html_url).toBe(`${gitea.url}/alice/my-module/releases/tag/v1.2.3`);
  });

  it('answers the attachment endpoint with metadata only, even when bytes are asked for', async () => {
    const gitea = await started();
    const release = gitea.addRelease({ tag: 'v1', assets: { 'module.json': '{"id":"x"}' } });
    const response = await get(
      `${gitea.apiUrl}/repos/alice/my-module/releases/${release.id}/assets/${release.assets[0]?.id}`,
      { Accept: 'application/octet-stream' },
    );
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toMatchObject({ name: 'module.json', size: 10 });
  });

  it('serves asset bytes at browser_download_url, with ranges, and `latest` as the newest release', async () => {
    const gitea = await started();
    gitea.addRelease({ tag: 'v1', assets: { 'module.json': 'one' } });
    gitea.addRelease({ tag: 'v2', assets: { 'module.json': 'two!' } });
    gitea.addRelease({ tag: 'v3-beta', prerelease: true, assets: { 'module.json': 'beta' } });
    expect(await (await get(gitea.downloadUrl('v1', 'module.json'))).text()).toBe('one');
    expect(await (await get(gitea.downloadUrl('latest', 'module.json'))).text()).toBe('two!');
    const ranged = await get(gitea.downloadUrl('v2', 'module.json'), { Range: 'bytes=-2' });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe('bytes 2-3/4');
    expect(await ranged.text()).toBe('o!');
    const missing = await get(gitea.downloadUrl('v9', 'module.json'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('hides a private repository (404) from requests without its token, on the API and the downloads', async () => {
    const gitea = await started();
    gitea.private = true;
    gitea.token = 'job-token';
    gitea.addRelease({ tag: 'v1', assets: { 'module.json': 'one' } });
    const api = `${gitea.apiUrl}/repos/alice/my-module/releases/tags/v1`;
    expect((await get(api)).status).toBe(404);
    expect((await get(api, { Authorization: 'token job-token' })).status).toBe(200);
    expect((await get(api, { Authorization: 'Bearer job-token' })).status).toBe(200);
    const download = gitea.downloadUrl('v1', 'module.json');
    expect((await get(download)).status).toBe(404);
    expect((await get(download, { Authorization: 'token wrong' })).status).toBe(404);
    expect(await (await get(download, { Authorization: 'token job-token' })).text()).toBe('one');
  });

  it('answers 303 to presigned object storage on another host with SERVE_DIRECT', async () => {
    const gitea = await started();
    gitea.serveDirect = true;
    gitea.addRelease({ tag: 'v1', assets: { 'module.zip': 'zipbytes' } });
    const response = await get(gitea.downloadUrl('v1', 'module.zip'));
    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    expect(new URL(location).hostname).toBe('localhost');
    expect(new URL(gitea.url).hostname).toBe('127.0.0.1');
    expect(await (await get(location)).text()).toBe('zipbytes');
  });

  it.each([
    ['forgejo', { errors: [], message: "The target couldn't be found." }, /\+gitea-/],
    ['gitea', { message: 'not found' }, /^1\.\d+/],
  ] as const)('answers 404 and /version as %s does', async (flavour, body, version) => {
    const gitea = await started(flavour);
    const response = await get(`${gitea.apiUrl}/repos/alice/my-module/releases/tags/v404`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ...body, url: `${gitea.url}/api/swagger` });
    const served = (await (await get(`${gitea.apiUrl}/version`)).json()) as { version: string };
    expect(served.version).toMatch(version);
  });

  it("builds release and push event payloads in Gitea's webhook shape", async () => {
    const gitea = await started();
    const release = gitea.addRelease({ tag: 'v1', assets: { 'module.json': '{}' } });
    expect(gitea.releaseEvent(release)).toMatchObject({
      action: 'published',
      release: { id: release.id, tag_name: 'v1' },
      repository: { full_name: 'alice/my-module' },
      sender: { login: 'alice' },
    });
    expect(gitea.pushEvent('v1')).toMatchObject({ ref: 'refs/tags/v1', total_commits: 0 });
  });
});
