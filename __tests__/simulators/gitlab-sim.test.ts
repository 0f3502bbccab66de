import { afterEach, describe, expect, it } from 'vitest';
import { gitLabReleaseSchema } from '../../src/hosts/gitlab/gitlab-api.js';
import { GitLabSim } from './gitlab-sim.js';

let sim: GitLabSim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function started(): Promise<GitLabSim> {
  sim = await new GitLabSim().start();
  return sim;
}

const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers, redirect: 'manual' });

describe('GitLab simulation', () => {
  it("serves a release by tag with the docs' fields, links with direct_asset_url, and _links.self", async () => {
    const gitlab = await started();
    gitlab.addRelease('v1.2.3', { 'module.json': '{}', 'module.zip': 'zip' });
    const response = await get(`${gitlab.apiUrl}/projects/24/releases/v1.2.3`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    // Every field of the docs' example "Get a release by a tag name" response is there.
    for (const field of [
      'tag_name',
      'description',
      'name',
      'created_at',
      'released_at',
      'upcoming_release',
      'author',
      'commit',
      'commit_path',
      'tag_path',
      'assets',
      'evidences',
      '_links',
    ]) {
      expect(body).toHaveProperty(field);
    }
    const release = gitLabReleaseSchema.parse(body);
    expect(release._links?.self).toBe(`${gitlab.projectUrl}/-/releases/v1.2.3`);
    expect(release.assets.links.map((l) => l.direct_asset_url)).toEqual([
      `${gitlab.projectUrl}/-/releases/v1.2.3/downloads/module.json`,
      `${gitlab.projectUrl}/-/releases/v1.2.3/downloads/module.zip`,
    ]);
  });

  it('takes the URL-encoded project path for :id and a tag with a slash as %2F', async () => {
    const gitlab = await started();
    gitlab.addRelease('release/1.0.0', { 'module.json': '{}' });
    const path = encodeURIComponent(gitlab.projectPath);
    const ok = await get(`${gitlab.apiUrl}/projects/${path}/releases/${encodeURIComponent('release/1.0.0')}`);
    expect(ok.status).toBe(200);
    // Unencoded, the route does not match: a 404, as GitLab answers.
    expect((await get(`${gitlab.apiUrl}/projects/24/releases/release/1.0.0`)).status).toBe(404);
  });

  it("answers GitLab's error bodies: no release, no project, a bad token", async () => {
    const gitlab = await started();
    const none = await get(`${gitlab.apiUrl}/projects/24/releases/v9`);
    expect([none.status, await none.json()]).toEqual([404, { message: '404 Not Found' }]);
    const project = await get(`${gitlab.apiUrl}/projects/99/releases/v9`);
    expect([project.status, await project.json()]).toEqual([404, { message: '404 Project Not Found' }]);
    const bad = await get(`${gitlab.apiUrl}/projects/24/releases/v9`, { 'JOB-TOKEN': 'wrong' });
    expect([bad.status, await bad.json()]).toEqual([401, { message: '401 Unauthorized' }]);
  });

  it('hides a private project from anonymous requests and shows it to the job token', async () => {
    const gitlab = await started();
    gitlab.private = true;
    gitlab.addRelease('v1.0.0', { 'module.json': '{}' });
    expect((await get(`${gitlab.apiUrl}/projects/24/releases/v1.0.0`)).status).toBe(404);
    const withToken = await get(`${gitlab.apiUrl}/projects/24/releases/v1.0.0`, {
      'JOB-TOKEN': gitlab.jobToken,
    });
    expect(withToken.status).toBe(200);
  });

  it('redirects a direct asset URL to the link URL, and the latest permalink through two redirects', async () => {
    const gitlab = await started();
    gitlab.addRelease('v1.0.0', { 'module.json': '{"version":"1.0.0"}' });
    gitlab.addRelease('v1.1.0', { 'module.json': '{"version":"1.1.0"}' });
    const direct = await get(gitlab.directAssetUrl('v1.0.0', '/module.json'));
    expect(direct.status).toBe(302);
    expect(direct.headers.get('location')).toContain('/packages/generic/hello-module/v1.0.0/module.json');
    const latest = await get(`${gitlab.projectUrl}/-/releases/permalink/latest/downloads/module.json`);
    expect(latest.status).toBe(302);
    expect(latest.headers.get('location')).toBe(gitlab.directAssetUrl('v1.1.0', '/module.json'));
    expect(
      await (await fetch(`${gitlab.projectUrl}/-/releases/permalink/latest/downloads/module.json`)).json(),
    ).toEqual({ version: '1.1.0' });
    const missing = await get(gitlab.directAssetUrl('v1.0.0', '/nope.zip'));
    expect(missing.status).toBe(404);
  });

  it('lists releases newest first by released_at, one page of per_page', async () => {
    const gitlab = await started();
    for (const tag of ['v1.0.0', 'v1.1.0', 'v1.2.0']) gitlab.addRelease(tag, { 'module.json': '{}' });
    const response = await get(`${gitlab.apiUrl}/projects/24/releases?per_page=2`);
    const tags = ((await response.json()) as { tag_name: string }[]).map((r) => r.tag_name);
    expect(tags).toEqual(['v1.2.0', 'v1.1.0']);
    expect(response.headers.get('x-next-page')).toBe('2');
  });

  it('serves external links from another host', async () => {
    const gitlab = await started();
    gitlab.addRelease('v2.0.0', { 'module.json': '{"x":1}' }, { external: true });
    const direct = await get(gitlab.directAssetUrl('v2.0.0', '/module.json'));
    const location = direct.headers.get('location') ?? '';
    expect(new URL(location).hostname).toBe('localhost');
    expect(await (await fetch(location)).json()).toEqual({ x: 1 });
  });
});
