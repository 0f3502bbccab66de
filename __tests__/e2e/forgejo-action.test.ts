import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAction, RUNNER_GITHUB_TOKEN, type ActionResult } from '../runner/run-action.js';
import { FoundrySim } from '../simulators/foundry-sim.js';
import { GiteaSim, type GiteaFlavour, type GiteaSimRelease } from '../simulators/gitea-sim.js';
import { packageZipBytes } from '../fixtures/package-zip.js';
import { FOUNDRY_TOKEN, leakedSecrets, PACKAGE_ID, zipHolding } from './harness.js';

/**
 * The action as a Forgejo (or Gitea) runner runs it: `uses:` a JavaScript action with the GITHUB_* variables,
 * GITHUB_ACTIONS=true, GITHUB_API_URL=<server>/api/v1, the runner's own GITEA_ACTIONS / FORGEJO_ACTIONS
 * markers, and `${{ github.token }}` as the job's token. The release lives on the Forgejo/Gitea simulation.
 */
let foundry: FoundrySim;
let gitea: GiteaSim;

async function startServers(flavour: GiteaFlavour = 'forgejo') {
  foundry = await new FoundrySim().start();
  foundry.addPackage(PACKAGE_ID, FOUNDRY_TOKEN);
  gitea = await new GiteaSim(flavour).start();
  gitea.token = RUNNER_GITHUB_TOKEN;
}
beforeEach(async () => startServers());
afterEach(async () => {
  await Promise.all([foundry.stop(), gitea.stop()]);
});

/** Forgejo runner v11's variables (internal/app/run/runner.go and act's run context). */
function forgejoRunner(): Record<string, string> {
  return {
    GITHUB_API_URL: gitea.apiUrl,
    GITEA_ACTIONS: 'true',
    GITEA_ACTIONS_RUNNER_VERSION: 'v11.3.1',
    FORGEJO_ACTIONS: 'true',
    FORGEJO_ACTIONS_RUNNER_VERSION: 'v11.3.1',
  };
}

/** Gitea's act_runner sets GITEA_ACTIONS only. */
function giteaRunner(): Record<string, string> {
  return { GITHUB_API_URL: gitea.apiUrl, GITEA_ACTIONS: 'true', GITEA_ACTIONS_RUNNER_VERSION: 'v0.2.13' };
}

interface ForgejoRun {
  event: { name: string; payload: object };
  inputs?: Record<string, string>;
  workspaceFiles?: Record<string, string>;
  env?: Record<string, string>;
}

/**
 * Runs dist/index.js under the runner's environment and checks what every run must hold: no secret in what
 * users see, each credential only on its own host (the job token on the Forgejo server's origin, never on
 * object storage or Foundry; the Foundry token only on Foundry), and no stack trace.
 */
async function runOnForgejo(run: ForgejoRun): Promise<ActionResult> {
  const result = await runAction({
    githubUrl: gitea.url,
    repository: `${gitea.owner}/${gitea.repo}`,
    event: run.event,
    inputs: { token: FOUNDRY_TOKEN, 'foundry-api-url': foundry.endpoint, ...run.inputs },
    workspaceFiles: run.workspaceFiles,
    env: run.env ?? forgejoRunner(),
  });
  expect(leakedSecrets(result, [FOUNDRY_TOKEN, RUNNER_GITHUB_TOKEN])).toEqual([]);
  const carrying = (requests: { headers: object }[], secret: string) =>
    requests.filter((r) => JSON.stringify(r.headers).includes(secret));
  expect(carrying(gitea.server.requests, FOUNDRY_TOKEN)).toEqual([]);
  expect(carrying(gitea.storage.requests, FOUNDRY_TOKEN)).toEqual([]);
  expect(carrying(gitea.storage.requests, RUNNER_GITHUB_TOKEN)).toEqual([]);
  expect(carrying(foundry.server.requests, RUNNER_GITHUB_TOKEN)).toEqual([]);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return result;
}

function manifest(version: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: PACKAGE_ID,
    title: 'Hello Module',
    version,
    compatibility: { minimum: '12', verified: '13.345' },
    manifest: `${gitea.releasesUrl()}/download/latest/module.json`,
    download: gitea.downloadUrl(`v${version}`, 'module.zip'),
    ...overrides,
  });
}

/** A published release v<version> with module.json and module.zip, as a Forgejo release workflow leaves it. */
function publishRelease(
  version: string,
  zip: () => Promise<Buffer> = zipHolding(manifest(version)),
): GiteaSimRelease {
  return gitea.addRelease({
    tag: `v${version}`,
    assets: { 'module.json': manifest(version), 'module.zip': zip },
  });
}

/** The release event as Forgejo sends it when the release is published, before the workflow uploads assets. */
function releaseEvent(release: GiteaSimRelease) {
  const payload = gitea.releaseEvent(release);
  payload.release.assets = [];
  return { name: 'release', payload };
}

const download = (tag: string, file: string) => `/alice/my-module/releases/download/${tag}/${file}`;

describe('the action on a Forgejo runner', () => {
  it('publishes a release event, re-read by id, with the manifest URL Forgejo gives the asset', async () => {
    const release = publishRelease('1.2.3');
    const result = await runOnForgejo({ event: releaseEvent(release) });

    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const expected = {
      id: PACKAGE_ID,
      release: {
        version: '1.2.3',
        manifest: gitea.downloadUrl('v1.2.3', 'module.json'),
        notes: `${gitea.releasesUrl()}/tag/v1.2.3`,
        compatibility: { minimum: '12', verified: '13.345' },
      },
    };
    expect(foundry.releaseRequests.map((r) => r.json)).toEqual([expected]);
    expect(result.outputs).toMatchObject({
      status: 'published',
      'manifest-url': expected.release.manifest,
      'notes-url': expected.release.notes,
    });

    const [read] = gitea.server.received('GET', `/api/v1/repos/alice/my-module/releases/${release.id}`);
    expect(read?.headers.authorization).toBe(`token ${RUNNER_GITHUB_TOKEN}`);
    // The manifest is read once, as Foundry will read it (no credentials): that fetch is also its URL's check.
    const manifestReads = gitea.server.received('GET', download('v1.2.3', 'module.json'));
    expect(manifestReads.map((r) => r.headers.authorization)).toEqual([undefined]);
    // The package zip is read as users get it: byte ranges, no credentials.
    const zipReads = gitea.server.received('GET', download('v1.2.3', 'module.zip'));
    expect(zipReads.length).toBeGreaterThan(0);
    for (const request of zipReads) {
      expect(request.headers.range).toMatch(/^bytes=/);
      expect(request.headers.authorization).toBeUndefined();
    }
    expect(result.visibleLog).toMatch(/Package zip: module\.zip holds hello-module 1\.2\.3/);
  });

  it('publishes the release of a pushed tag', async () => {
    publishRelease('2.0.0');
    const result = await runOnForgejo({ event: { name: 'push', payload: gitea.pushEvent('v2.0.0') } });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(gitea.server.received('GET', '/api/v1/repos/alice/my-module/releases/tags/v2.0.0')).toHaveLength(
      1,
    );
    expect(foundry.releaseRequests.map((r) => r.json)).toMatchObject([{ release: { version: '2.0.0' } }]);
  });

  it('never sends the token along the 303 to object storage (SERVE_DIRECT)', async () => {
    gitea.serveDirect = true;
    gitea.private = false;
    const release = publishRelease('1.4.0');
    const result = await runOnForgejo({ event: releaseEvent(release) });

    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    // The public manifest read went to the server, which answered 303; storage saw the manifest and the zip.
    expect(gitea.server.received('GET', download('v1.4.0', 'module.json'))).toHaveLength(1);
    expect(gitea.storage.requests.length).toBeGreaterThanOrEqual(2);
    for (const request of gitea.storage.requests) expect(request.headers.authorization).toBeUndefined();
    expect(gitea.storage.requests.some((r) => r.headers.range)).toBe(true);
  });

  it('dry-runs a pull request from the workspace manifest, with the URL the asset will have', async () => {
    const result = await runOnForgejo({
      event: { name: 'pull_request', payload: { action: 'opened', number: 3, pull_request: { number: 3 } } },
      workspaceFiles: { 'module.json': manifest('1.3.0') },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('dry-run');
    expect(foundry.releaseRequests.map((r) => r.json)).toMatchObject([
      {
        release: { version: '1.3.0', manifest: gitea.downloadUrl('v1.3.0', 'module.json') },
        'dry-run': true,
      },
    ]);
    // No release exists yet: the one request is the release list, to say whether the version was bumped.
    expect(gitea.server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v1/repos/alice/my-module/releases?limit=20',
    ]);
  });

  it('stops a release whose package zip still holds the previous version, before Foundry', async () => {
    const release = publishRelease('1.5.0', zipHolding(manifest('1.4.9')));
    const result = await runOnForgejo({ event: releaseEvent(release) });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('failed');
    expect(result.errors.join('\n')).toMatch(/1\.4\.9/);
    expect(foundry.releaseRequests).toEqual([]);
  });

  it('downloads the package zip when the server ignores Range', async () => {
    gitea.ignoreRanges = true;
    // Larger than the zip's tail that the first range asks for, so a 200 answer is the whole file.
    const zip = () => packageZipBytes({ manifest: manifest('1.6.0'), fillerBytes: 2 * 1024 * 1024 });
    const release = publishRelease('1.6.0', zip);
    const result = await runOnForgejo({ event: releaseEvent(release) });
    expect(result.exitCode).toBe(0);
    expect(result.visibleLog).toMatch(/ignores Range requests; downloading it/);
    expect(result.visibleLog).toMatch(/Package zip: module\.zip holds hello-module 1\.6\.0/);
  });

  it("reads a private repository's manifest with the token, then stops: Foundry could not fetch it", async () => {
    gitea.private = true;
    const release = publishRelease('1.7.0');
    const result = await runOnForgejo({ event: releaseEvent(release), inputs: { 'max-retry-wait': '2' } });

    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toMatch(
      /manifest URL .*releases\/download\/v1\.7\.0\/module\.json cannot be fetched the way Foundry fetches it: the manifest URL answered HTTP 404/,
    );
    expect(foundry.releaseRequests).toEqual([]);
  });

  it.each(['forgejo', 'gitea'] as const)(
    'says no release has the tag when %s answers 404, whatever its 404 body',
    async (flavour) => {
      await Promise.all([foundry.stop(), gitea.stop()]);
      await startServers(flavour);
      const result = await runOnForgejo({
        event: { name: 'push', payload: gitea.pushEvent('v9.9.9') },
        env: flavour === 'gitea' ? giteaRunner() : forgejoRunner(),
      });
      expect(result.exitCode).toBe(1);
      expect(result.outputs.status).toBe('failed');
      const name = flavour === 'gitea' ? 'Gitea' : 'Forgejo';
      expect(result.errors.join('\n')).toContain(
        `No published ${name} release has tag 'v9.9.9' in alice/my-module.`,
      );
      expect(foundry.server.requests).toEqual([]);
    },
  );

  it('works the same on Gitea, and on a runner that only sets GITHUB_API_URL to /api/v1', async () => {
    publishRelease('1.8.0');
    const gitea1 = await runOnForgejo({
      event: { name: 'push', payload: gitea.pushEvent('v1.8.0') },
      env: giteaRunner(),
    });
    expect(gitea1.outputs.status).toBe('published');
    publishRelease('1.9.0');
    const bare = await runOnForgejo({
      event: { name: 'push', payload: gitea.pushEvent('v1.9.0') },
      env: { GITHUB_API_URL: gitea.apiUrl },
    });
    expect(bare.outputs.status).toBe('published');
    expect(
      foundry.releaseRequests.map((r) => (r.json as { release: { version: string } }).release.version),
    ).toEqual(['1.8.0', '1.9.0']);
  });

  it("refuses Gitea's latest form as the manifest URL", async () => {
    const release = publishRelease('2.1.0');
    const result = await runOnForgejo({
      event: releaseEvent(release),
      inputs: { 'manifest-url': `${gitea.releasesUrl()}/download/latest/module.json` },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toMatch(/points to \/releases\/download\/latest\//);
    expect(foundry.releaseRequests).toEqual([]);
  });
});
