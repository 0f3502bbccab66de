import { describe, expect, it } from 'vitest';
import type { ActionResult } from '../runner/run-action.js';
import {
  credentialLeaks,
  dispatchEvent,
  FOUNDRY_TOKEN,
  leakedSecrets,
  moduleManifest,
  PACKAGE_ID,
  publishRelease,
  pullRequestEvent,
  pushTagEvent,
  releasePublishedEvent,
  runAgainst,
  secretsOf,
  type Apis,
} from './harness.js';
import { apis, useFreshApis } from './fresh-apis.js';

useFreshApis();

/** Runs the action and checks, for every scenario, that no secret reached the log, outputs or summary. */
async function run(options: Parameters<typeof runAgainst>[1]): Promise<ActionResult> {
  const result = await runAgainst(apis, options);
  expect(leakedSecrets(result, secretsOf(apis))).toEqual([]);
  expect(credentialLeaks(apis)).toEqual([]);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  return result;
}

function sentBodies() {
  return apis.foundry.releaseRequests.map((r) => r.json);
}

describe('publishing a release', () => {
  it('publishes the release event re-read by id, with the asset uploaded after the event', async () => {
    const release = publishRelease(apis, '1.2.3');
    const result = await run({ event: releasePublishedEvent(release) });

    expect(result.exitCode).toBe(0);
    const base = apis.github.releasesUrl();
    const expected = {
      id: PACKAGE_ID,
      release: {
        version: '1.2.3',
        manifest: `${base}/download/v1.2.3/module.json`,
        notes: `${base}/tag/v1.2.3`,
        compatibility: { minimum: '12', verified: '13.345' },
      },
    };
    expect(sentBodies()).toEqual([expected]);
    expect(apis.foundry.releaseRequests[0]?.headers.authorization).toBe(FOUNDRY_TOKEN);
    expect(apis.foundry.releaseRequests[0]?.headers['content-type']).toBe('application/json');
    expect(
      apis.github.api.received('GET', `/repos/Codertocat/Hello-World/releases/${release.id}`),
    ).toHaveLength(1);
    expect(result.outputs).toMatchObject({
      status: 'published',
      page: `https://foundryvtt.com/packages/${PACKAGE_ID}/edit/`,
      'package-id': PACKAGE_ID,
      version: '1.2.3',
      'manifest-url': expected.release.manifest,
      'notes-url': expected.release.notes,
      'forge-result': 'skipped',
    });
    expect(JSON.parse(result.outputs.payload ?? '')).toEqual(expected);
    expect(apis.foundry.packages.get(PACKAGE_ID)?.versions.has('1.2.3')).toBe(true);
    expect(result.summary).toContain('published');
    expect(result.summary).toContain(`href="${expected.release.manifest}"`);
  });

  it('reads the manifest from its public URL, the one fetch that also checks that URL', async () => {
    const release = publishRelease(apis, '1.2.3');
    const result = await run({ event: releasePublishedEvent(release) });

    expect(result.exitCode).toBe(0);
    expect(apis.github.api.received('GET', /\/releases\/assets\//)).toHaveLength(0);
    expect(apis.github.api.received('GET', /\/releases\/download\/v1\.2\.3\/module\.json$/)).toHaveLength(1);
  });

  it("reads a private repository's manifest through the API, sending no credential to the storage host", async () => {
    apis.github.token = 'ghs_runnerTokenForTests0123456789';
    apis.github.private = true;
    const release = publishRelease(apis, '1.2.3');
    const result = await run({ event: releasePublishedEvent(release), inputs: { 'max-retry-wait': '1' } });

    // The manifest was read (no error about it); only the public manifest URL check fails, as Foundry would.
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/cannot be fetched the way Foundry fetches it.*private/);
    const assetCall = apis.github.api.requests.find((r) => r.path.includes('/releases/assets/'));
    expect(assetCall?.headers.accept).toBe('application/octet-stream');
    expect(assetCall?.headers.authorization).toMatch(/ghs_runnerTokenForTests/);
    expect(apis.github.storage.requests.length).toBeGreaterThan(0);
    for (const request of apis.github.storage.requests) expect(request.headers.authorization).toBeUndefined();
  });

  it('publishes the release of a pushed tag', async () => {
    publishRelease(apis, '2.0.0');
    const result = await run({ event: pushTagEvent('v2.0.0') });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(sentBodies()).toMatchObject([{ id: PACKAGE_ID, release: { version: '2.0.0' } }]);
  });

  it('publishes the release named by the tag input on workflow_dispatch', async () => {
    publishRelease(apis, '3.1.0', undefined, 'release-3.1.0');
    const manifest = moduleManifest(apis, '3.1.0', {
      download: apis.github.downloadUrl('release-3.1.0', 'module.zip'),
    });
    apis.github.releases[0]!.assets[0]!.content = Buffer.from(manifest);
    const result = await run({ event: dispatchEvent(), inputs: { tag: 'release-3.1.0' } });
    expect(result.exitCode).toBe(0);
    expect(sentBodies()).toMatchObject([{ release: { version: '3.1.0' } }]);
  });

  it('publishes the release named by the tag input on a schedule', async () => {
    publishRelease(apis, '3.2.0');
    const result = await run({
      event: { name: 'schedule', payload: { schedule: '0 3 * * 1' } },
      inputs: { tag: 'v3.2.0' },
    });
    expect(result.exitCode).toBe(0);
    expect(sentBodies()).toMatchObject([{ release: { version: '3.2.0' } }]);
  });

  it('says when no published release has the tag', async () => {
    apis.github.addRelease({
      tag: 'v4.0.0',
      draft: true,
      assets: { 'module.json': moduleManifest(apis, '4.0.0') },
    });
    const result = await run({ event: pushTagEvent('v4.0.0') });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(
      /No published GitHub release has tag 'v4\.0\.0'.*a draft cannot be read by tag/,
    );
    expect(apis.foundry.server.requests).toHaveLength(0);
  });

  it('asks for the tag input on workflow_dispatch without one, and sends nothing', async () => {
    publishRelease(apis, '3.1.0');
    const result = await run({ event: dispatchEvent() });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain("Input 'tag' is required");
    expect(apis.foundry.releaseRequests).toHaveLength(0);
  });

  it('sends a legacy manifest with numbers as strings', async () => {
    const legacy = JSON.stringify({
      name: PACKAGE_ID,
      version: '0.9.0',
      minimumCoreVersion: 9,
      compatibleCoreVersion: 10,
    });
    const release = publishRelease(apis, '0.9.0', legacy);
    const result = await run({ event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(0);
    expect(sentBodies()).toMatchObject([
      { id: PACKAGE_ID, release: { compatibility: { minimum: '9', verified: '10' } } },
    ]);
  });

  it('sends compatibility inputs over the manifest, with maximum', async () => {
    const release = publishRelease(apis, '1.0.0');
    const result = await run({
      event: releasePublishedEvent(release),
      inputs: { 'compatibility-verified': '13.350', 'compatibility-maximum': '14' },
    });
    expect(result.exitCode).toBe(0);
    expect(sentBodies()).toMatchObject([
      { release: { compatibility: { minimum: '12', verified: '13.350', maximum: '14' } } },
    ]);
  });
});

describe('pull requests', () => {
  it('dry-runs the release a pull request would make, with the URL its asset will have', async () => {
    const result = await run({
      event: pullRequestEvent(),
      workspaceFiles: { 'module.json': moduleManifest(apis, '1.3.0') },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('dry-run');
    expect(sentBodies()).toEqual([
      {
        id: PACKAGE_ID,
        'dry-run': true,
        release: {
          version: '1.3.0',
          manifest: `${apis.github.releasesUrl()}/download/v1.3.0/module.json`,
          notes: `${apis.github.releasesUrl()}/tag/v1.3.0`,
          compatibility: { minimum: '12', verified: '13.345' },
        },
      },
    ]);
    expect(apis.foundry.packages.get(PACKAGE_ID)?.versions.size).toBe(0);
    expect(result.summary).toContain('Dry run completed successfully');
  });

  it('finds the manifest under src/ and takes the tag from its download URL on pull_request_target', async () => {
    const manifest = moduleManifest(apis, '1.3.0', {
      download: apis.github.downloadUrl('release-1.3.0', 'module.zip'),
    });
    const result = await run({
      event: pullRequestEvent('pull_request_target'),
      workspaceFiles: { 'src/module.json': manifest },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['manifest-url']).toBe(
      `${apis.github.releasesUrl()}/download/release-1.3.0/module.json`,
    );
  });

  it('validates locally without a token (a fork) and sends nothing', async () => {
    const result = await run({
      event: pullRequestEvent(),
      inputs: { token: '' },
      workspaceFiles: { 'module.json': moduleManifest(apis, '1.3.0') },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('validated');
    expect(result.stdout).toContain('::notice::');
    expect(apis.foundry.server.requests).toHaveLength(0);
  });

  it('annotates problems on the local manifest line, errors and warnings alike', async () => {
    const manifest = moduleManifest(apis, '#{VERSION}#', { compatibility: { minimum: '12' } });
    const result = await run({ event: pullRequestEvent(), workspaceFiles: { 'module.json': manifest } });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(/^::error file=module\.json,line=5::.*compatibility\.verified/),
    ]);
    // On a pull request a version placeholder is the release build's to fill in: a warning.
    expect(result.stdout).toMatch(
      /^::warning file=module\.json,line=4::The version in module\.json is a build placeholder/m,
    );
    expect(apis.foundry.server.requests).toHaveLength(0);
  });

  it('refuses dry-run: false on a pull request', async () => {
    const result = await run({
      event: pullRequestEvent(),
      inputs: { 'dry-run': 'FALSE' },
      workspaceFiles: { 'module.json': moduleManifest(apis, '1.3.0') },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toContain("Input 'dry-run' is false on a pull request");
    expect(apis.foundry.server.requests).toHaveLength(0);
  });
});

describe('checks before sending', () => {
  const cases: {
    name: string;
    manifest?: (apis: Apis) => string;
    tag?: string;
    inputs?: Record<string, string>;
    error: RegExp;
  }[] = [
    {
      name: 'a tag that is not the version',
      tag: 'v1.2.4',
      error: /Tag 'v1\.2\.4' does not match version '1\.2\.3'/,
    },
    {
      name: 'a placeholder version',
      manifest: (a) => moduleManifest(a, '{{version}}'),
      tag: 'v{{version}}',
      error: /build placeholder/,
    },
    {
      name: 'a missing compatibility.minimum',
      manifest: (a) => moduleManifest(a, '1.2.3', { compatibility: { verified: '13' } }),
      error: /no 'compatibility\.minimum'/,
    },
    {
      name: 'a package-id the manifest disagrees with',
      inputs: { 'package-id': 'other-module' },
      error: /Input 'package-id' is 'other-module'/,
    },
    {
      name: 'a manifest-url pointing to latest',
      inputs: {
        'manifest-url': 'https://github.com/Codertocat/Hello-World/releases/latest/download/module.json',
      },
      error: /points to \/releases\/latest\//,
    },
    {
      name: "a download URL naming another release's tag",
      manifest: (a) => moduleManifest(a, '1.2.3', { download: a.github.downloadUrl('v1.2.2', 'module.zip') }),
      error: /names tag 'v1\.2\.2', but this release is 'v1\.2\.3'/,
    },
    {
      name: 'a download URL naming an asset the release lacks',
      manifest: (a) => moduleManifest(a, '1.2.3', { download: a.github.downloadUrl('v1.2.3', 'hello.zip') }),
      error: /names 'hello\.zip', which is not an asset/,
    },
    {
      name: 'a manifest that is not JSON',
      manifest: () => '{"id": "hello-module",',
      error: /is not valid JSON/,
    },
    {
      name: 'a non-https notes URL',
      inputs: { 'notes-url': 'http://example.com/notes' },
      error: /Input 'notes-url' must use https:/,
    },
  ];

  for (const c of cases) {
    it(`stops on ${c.name} and sends nothing to Foundry`, async () => {
      const manifest = c.manifest?.(apis) ?? moduleManifest(apis, '1.2.3');
      const release = apis.github.addRelease({
        tag: c.tag ?? 'v1.2.3',
        assets: { 'module.json': manifest, 'module.zip': 'zip' },
      });
      const result = await run({ event: releasePublishedEvent(release), inputs: c.inputs });
      expect(result.exitCode).toBe(1);
      expect(result.errors.join('\n')).toMatch(c.error);
      expect(apis.foundry.server.requests).toHaveLength(0);
    });
  }

  it('reports every problem at once', async () => {
    const manifest = moduleManifest(apis, '1.2.3', {
      compatibility: {},
      download: apis.github.downloadUrl('v1.0.0', 'module.zip'),
    });
    const release = apis.github.addRelease({ tag: 'v9', assets: { 'module.json': manifest } });
    const result = await run({ event: releasePublishedEvent(release) });
    expect(result.errors).toHaveLength(4);
  });

  it('catches a manifest URL that anonymous users cannot fetch (a private repository)', async () => {
    apis.github.private = true;
    const release = publishRelease(apis, '1.2.3');
    const result = await run({ event: releasePublishedEvent(release), inputs: { 'max-retry-wait': '1' } });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toMatch(
      /cannot be fetched the way Foundry fetches it: the manifest URL answered HTTP 404.*private/,
    );
    expect(apis.foundry.server.requests).toHaveLength(0);
  });

  it('catches a manifest-url that serves another version', async () => {
    const release = publishRelease(apis, '1.2.3');
    apis.github.addRelease({ tag: 'v1.2.2', assets: { 'module.json': moduleManifest(apis, '1.2.2') } });
    const result = await run({
      event: releasePublishedEvent(release),
      inputs: { 'manifest-url': apis.github.downloadUrl('v1.2.2', 'module.json') },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toMatch(/does not point to release 'v1\.2\.3'/);
  });

  it('catches a manifest URL elsewhere that serves another version', async () => {
    const release = publishRelease(apis, '1.2.3');
    const old = apis.github.addRelease({
      tag: 'v1.2.2',
      assets: { 'module.json': moduleManifest(apis, '1.2.2') },
    });
    const elsewhere = `${apis.github.storage.url}/assets/${old.assets[0]!.id}`;
    const result = await run({
      event: releasePublishedEvent(release),
      inputs: { 'manifest-url': elsewhere },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(
      /serves id 'hello-module' version '1\.2\.2', but this release is id 'hello-module' version '1\.2\.3'/,
    );
    expect(apis.foundry.server.requests).toHaveLength(0);
  });

  it('waits for a just-uploaded manifest asset to be served', async () => {
    const release = publishRelease(apis, '1.2.3');
    const notYet = { kind: 'status' as const, status: 404, body: 'Not Found' };
    apis.github.api.fail('GET', /\/releases\/download\//, notYet, notYet);
    const result = await run({ event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(0);
    expect(apis.github.api.received('GET', /\/releases\/download\/.*\/module\.json$/)).toHaveLength(3);
    expect(result.outputs.status).toBe('published');
  });

  it('names the missing manifest asset', async () => {
    const release = apis.github.addRelease({ tag: 'v1.2.3', assets: { 'module.zip': 'zip' } });
    const result = await run({ event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(
      /has no module\.json, system\.json or world\.json asset \(assets: module\.zip\)/,
    );
  });
});

describe("Foundry's answers", () => {
  it('waits out a real 429 window and publishes', async () => {
    apis.foundry.rateLimitSeconds = 2;
    const first = publishRelease(apis, '1.0.0');
    expect((await run({ event: releasePublishedEvent(first) })).exitCode).toBe(0);
    const second = publishRelease(apis, '1.0.1');
    const result = await run({ event: releasePublishedEvent(second) });

    expect(result.exitCode).toBe(0);
    const requests = apis.foundry.releaseRequests;
    expect(requests).toHaveLength(3);
    const gap = requests[2]!.receivedAt - requests[1]!.receivedAt;
    expect(gap).toBeGreaterThanOrEqual(900);
    expect(result.stdout).toMatch(/429.*trying again in [12] s/);
  });

  it('fails at once when Retry-After asks for more than max-retry-wait leaves', async () => {
    apis.foundry.server.fail('POST', /release_version/, {
      kind: 'status',
      status: 429,
      headers: { 'Retry-After': '300' },
    });
    const release = publishRelease(apis, '1.0.0');
    const started = Date.now();
    const result = await run({ event: releasePublishedEvent(release), inputs: { 'max-retry-wait': '10' } });
    expect(result.exitCode).toBe(1);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(result.errors[0]).toMatch(
      /asked to wait 300 s \(Retry-After\), more than the 10 s left of max-retry-wait/,
    );
    expect(apis.foundry.releaseRequests).toHaveLength(1);
  });

  it('accepts Retry-After as an HTTP date', async () => {
    const inOneSecond = new Date(Date.now() + 1500).toUTCString();
    apis.foundry.server.fail('POST', /release_version/, {
      kind: 'status',
      status: 429,
      headers: { 'Retry-After': inOneSecond },
    });
    const release = publishRelease(apis, '1.0.0');
    const result = await run({ event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(0);
    expect(apis.foundry.releaseRequests).toHaveLength(2);
  });

  it('retries 5xx answers, HTML error pages and a reset connection', async () => {
    apis.foundry.server.fail(
      'POST',
      /release_version/,
      { kind: 'status', status: 502, body: '<html><body>Bad Gateway</body></html>' },
      { kind: 'reset' },
    );
    const release = publishRelease(apis, '1.0.0');
    const result = await run({ event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(apis.foundry.releaseRequests).toHaveLength(3);
  });

  it('treats unique_together after a lost response as published, with a warning', async () => {
    apis.foundry.server.fail('POST', /release_version/, { kind: 'lose-response' });
    const release = publishRelease(apis, '1.0.0');
    const result = await run({ event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('published');
    expect(result.stdout).toMatch(/::warning::.*answer was lost/);
    expect(apis.foundry.releaseRequests).toHaveLength(2);
  });

  it('fails on an existing version by default, naming the fix', async () => {
    apis.foundry.addPackage(PACKAGE_ID, FOUNDRY_TOKEN, ['1.0.0']);
    const release = publishRelease(apis, '1.0.0');
    const result = await run({ event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/already has version 1\.0\.0.*if-exists: skip/);
    expect(apis.foundry.releaseRequests).toHaveLength(1);
  });

  it('passes with status=exists on an existing version with if-exists: skip', async () => {
    apis.foundry.addPackage(PACKAGE_ID, FOUNDRY_TOKEN, ['1.0.0']);
    const release = publishRelease(apis, '1.0.0');
    const result = await run({ event: releasePublishedEvent(release), inputs: { 'if-exists': 'Skip' } });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('exists');
  });

  it('turns every 400 error into an annotation, __all__ included, without retrying', async () => {
    apis.foundry.server.fail('POST', /release_version/, {
      kind: 'status',
      status: 400,
      body: {
        status: 'error',
        errors: {
          manifest: [{ message: 'Enter a valid URL.', code: 'invalid' }],
          __all__: [{ message: 'Something about the whole form.', code: 'invalid' }],
        },
      },
    });
    const release = publishRelease(apis, '1.0.0');
    const result = await run({ event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      "::error::Foundry rejected 'manifest': Enter a valid URL. (invalid)",
      '::error::Foundry rejected the release: Something about the whole form. (invalid)',
    ]);
    expect(apis.foundry.releaseRequests).toHaveLength(1);
  });

  it('says the token was rejected and where to refresh it, without retrying', async () => {
    const release = publishRelease(apis, '1.0.0');
    const result = await run({ event: releasePublishedEvent(release), inputs: { token: 'fvttp_wrong' } });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/rejected the package release token \(HTTP 401\).*hello-module\/edit/);
    expect(result.visibleLog).not.toContain('fvttp_wrong');
    expect(apis.foundry.releaseRequests).toHaveLength(1);
  });
});
