import { describe, expect, it } from 'vitest';
import {
  moduleManifest,
  publishRelease,
  pushTagEvent,
  releasePublishedEvent,
  runAgainst,
  zipHolding,
} from './harness.js';
import { summaryText } from './rendered-summary.js';
import { apis, useFreshApis } from './fresh-apis.js';

useFreshApis();

function releaseTagged(tag: string, version = '1.2.3') {
  const manifest = moduleManifest(apis, version, { download: apis.github.downloadUrl(tag, 'module.zip') });
  return publishRelease(apis, version, manifest, tag);
}

describe('every tag style', () => {
  it.each(['1.2.3', 'v1.2.3', 'release-1.2.3', 'my-module-v1.2.3', 'my-module@1.2.3', 'my-module/v1.2.3'])(
    'publishes version 1.2.3 from tag %s',
    async (tag) => {
      const release = releaseTagged(tag);
      const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
      expect(result.errors).toEqual([]);
      expect(result.outputs).toMatchObject({ status: 'published', version: '1.2.3' });
    },
  );

  it.each(['my-module@1.2.30', 'v1.2.4'])(
    'refuses tag %s for version 1.2.3 and sends nothing',
    async (tag) => {
      const release = releaseTagged(tag);
      const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
      expect(result.exitCode).toBe(1);
      expect(result.errors[0]).toMatch(new RegExp(`Tag '${tag}' does not match version '1\\.2\\.3'`));
      expect(apis.foundry.server.requests).toHaveLength(0);
    },
  );
});

describe("GitHub's rate limits are waits", () => {
  it('waits for x-ratelimit-reset on a 403 with x-ratelimit-remaining: 0, then publishes', async () => {
    const release = publishRelease(apis, '1.0.0');
    const reset = String(Math.ceil(Date.now() / 1000) + 1);
    apis.github.api.fail('GET', /\/releases\/\d+$/, {
      kind: 'status',
      status: 403,
      body: { message: 'API rate limit exceeded for installation ID 1.' },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
    });
    const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
    expect(result.errors).toEqual([]);
    expect(result.outputs.status).toBe('published');
    expect(result.visibleLog).toMatch(/hit GitHub's API rate limit \(resets at .* UTC\); trying again/);
    expect(apis.github.api.received('GET', /\/releases\/\d+$/)).toHaveLength(2);
  });

  it('waits a secondary rate limit out on a 403 that says so', async () => {
    publishRelease(apis, '1.0.0');
    apis.github.api.fail('GET', /\/releases\/tags\//, {
      kind: 'status',
      status: 403,
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      },
      headers: { 'retry-after': '1' },
    });
    const result = await runAgainst(apis, { event: pushTagEvent('v1.0.0') });
    expect(result.errors).toEqual([]);
    expect(result.visibleLog).toMatch(/hit GitHub's secondary rate limit/);
  });

  it('fails naming the limit and its reset when the wait is longer than max-retry-wait', async () => {
    const release = publishRelease(apis, '1.0.0');
    const reset = Math.ceil(Date.now() / 1000) + 3600;
    apis.github.api.fail('GET', /\/releases\/\d+$/, {
      kind: 'status',
      status: 429,
      body: { message: 'API rate limit exceeded' },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
    });
    const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(1);
    const resetAt = new Date(reset * 1000).toISOString().slice(0, 16).replace('T', ' ');
    expect(result.errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `hit GitHub's API rate limit \\(resets at ${resetAt}:\\d\\d UTC\\); gave up because GitHub asked to wait [\\d.]+ s, more than the 120 s left of max-retry-wait\\. Re-run the job after the reset`,
        ),
      ),
    ]);
    expect(result.errors[0]).not.toMatch(/github-token can read/);
    expect(apis.github.api.received('GET', /\/releases\/\d+$/)).toHaveLength(1);
  });

  it('still calls a 403 without rate-limit signs a permission problem', async () => {
    const release = publishRelease(apis, '1.0.0');
    apis.github.api.fail('GET', /\/releases\/\d+$/, {
      kind: 'status',
      status: 403,
      body: { message: 'Resource not accessible by integration' },
      headers: { 'x-ratelimit-remaining': '4999' },
    });
    const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
    expect(result.errors[0]).toMatch(/GitHub refused .*contents: read/);
  });
});

describe('a mistaken manifest asset', () => {
  it('refuses a 96 MiB module.json from its listed size, without downloading it', async () => {
    const release = apis.github.addRelease({
      tag: 'v1.0.0',
      assets: { 'module.json': Buffer.alloc(96 * 1024 * 1024, 0x20) },
    });
    const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /Release asset module\.json is 96 MiB; a manifest is at most 1 MiB\. Check manifest-asset/,
      ),
    ]);
    expect(apis.github.api.received('GET', /\/releases\/assets\//)).toHaveLength(0);
    expect(apis.github.storage.requests).toHaveLength(0);
  });

  it('stops reading at the cap when the listed size understates the asset', async () => {
    const release = apis.github.addRelease({
      tag: 'v1.0.0',
      assets: { 'module.json': Buffer.alloc(4 * 1024 * 1024, 0x20) },
    });
    apis.github.listedSizeOverride = 100;
    const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
    expect(result.errors).toEqual([
      expect.stringMatching(/Release asset module\.json is more than 1 MiB; a manifest is at most 1 MiB/),
    ]);
  });
});

describe('prereleases', () => {
  function prerelease() {
    const manifest = moduleManifest(apis, '2.0.0-beta.1');
    return apis.github.addRelease({
      tag: 'v2.0.0-beta.1',
      prerelease: true,
      assets: { 'module.json': manifest, 'module.zip': zipHolding(manifest) },
    });
  }

  it('publishes a prerelease like any release by default', async () => {
    const result = await runAgainst(apis, { event: releasePublishedEvent(prerelease()) });
    expect(result.outputs.status).toBe('published');
  });

  it('skips a prerelease with prerelease: skip, saying why, and sends nothing', async () => {
    const result = await runAgainst(apis, {
      event: releasePublishedEvent(prerelease()),
      inputs: { prerelease: 'skip' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('skipped');
    expect(result.stdout).toMatch(
      /^::notice::Release 'v2\.0\.0-beta\.1' is a GitHub prerelease; prerelease is skip/m,
    );
    expect(summaryText(result.summary)).toMatch(
      /skipped \('v2\.0\.0-beta\.1' is a GitHub prerelease and prerelease is skip\)/,
    );
    expect(apis.foundry.server.requests).toHaveLength(0);
    expect(apis.github.api.received('GET', /\/releases\/assets\//)).toHaveLength(0);
  });

  it('dry-runs a prerelease with prerelease: dry-run, and publishes a normal release as usual', async () => {
    const result = await runAgainst(apis, {
      event: releasePublishedEvent(prerelease()),
      inputs: { prerelease: 'dry-run' },
    });
    expect(result.outputs.status).toBe('dry-run');
    expect(apis.foundry.releaseRequests[0]?.json).toMatchObject({ 'dry-run': true });

    const normal = publishRelease(apis, '1.0.0');
    const second = await runAgainst(apis, {
      event: releasePublishedEvent(normal),
      inputs: { prerelease: 'dry-run' },
    });
    expect(second.outputs.status).toBe('published');
  });
});
