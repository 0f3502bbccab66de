import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeWorldZip } from '../fixtures/world-zip.js';
import type { ActionResult } from '../runner/run-action.js';
import {
  DEMO_WORLD,
  moduleManifest,
  publishRelease,
  pullRequestEvent,
  pushTagEvent,
  releasePublishedEvent,
  resetOnlyInputs,
  runAgainst,
  SCHEDULE_EVENT,
} from './harness.js';
import { apis, useFreshApis } from './fresh-apis.js';
import { injectedMarkup, summaryText } from './rendered-summary.js';

/**
 * SPEC §6b, round two: values from a manifest, a server or the event are parsed where they come in, and
 * the summary and the outputs are written from them by code that cannot emit Markdown or a line break.
 */
useFreshApis();

/** What a fork's pull request would write into a manifest to turn the job summary into its own page. */
const MARKDOWN =
  '\n\n## Approve here [x](https://evil.example/approve)\n\n![](https://evil.example/pixel.png)\n\n';

/** Neither a heading, a link nor an image that we did not write; no output holds a line break. */
function expectSafeSummaryAndOutputs(result: ActionResult) {
  expect(injectedMarkup(result.summary, [apis.github.url, 'https://foundryvtt.com/'])).toEqual([]);
  expect(result.summary).not.toMatch(/\n\s*\n/);
  for (const [name, value] of Object.entries(result.outputs)) {
    expect({ name, value }).toEqual({ name, value: expect.not.stringMatching(/[\r\n\u2028\u2029]/) });
  }
}

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'fvtt-edge-'));
}

describe('a fork cannot write Markdown into the job summary or line breaks into outputs', () => {
  it('refuses a compatibility value holding Markdown, naming the field', async () => {
    const manifest = moduleManifest(apis, '1.0.0', {
      compatibility: { minimum: '12', verified: `13${MARKDOWN}` },
    });
    const result = await runAgainst(apis, {
      event: pullRequestEvent(),
      inputs: { token: '' },
      workspaceFiles: { 'module.json': manifest },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toMatch(
      /Manifest field 'compatibility\.verified' in module\.json holds white space or a control character/,
    );
    expectSafeSummaryAndOutputs(result);
  });

  it('shows an id holding Markdown as text, and keeps its line breaks out of the outputs', async () => {
    // Whether the id rule refuses it or not, the summary and the outputs stay what we wrote.
    const manifest = moduleManifest(apis, '1.0.0', { id: `hello-module${MARKDOWN}` });
    const result = await runAgainst(apis, {
      event: pullRequestEvent(),
      inputs: { token: '' },
      workspaceFiles: { 'module.json': manifest },
    });
    expectSafeSummaryAndOutputs(result);
    expect(result.outputs['package-id']).toBeUndefined();
    expect(apis.foundry.server.requests).toHaveLength(0);
  });

  it("uses v<version> when the download's tag is not a git ref name (%0A in it)", async () => {
    const tag = encodeURIComponent(`x${MARKDOWN}-v1.0.0`);
    const manifest = moduleManifest(apis, '1.0.0', {
      download: `${apis.github.releasesUrl()}/download/${tag}/module.zip`,
    });
    const result = await runAgainst(apis, {
      event: pullRequestEvent(),
      inputs: { token: '' },
      workspaceFiles: { 'module.json': manifest },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['manifest-url']).toBe(`${apis.github.releasesUrl()}/download/v1.0.0/module.json`);
    expect(result.outputs['notes-url']).toBe(`${apis.github.releasesUrl()}/tag/v1.0.0`);
    expectSafeSummaryAndOutputs(result);
  });
});

describe('input the action must expect is not a crash', () => {
  it("refuses a pushed tag that is not a git tag name, before reading GitHub's releases", async () => {
    publishRelease(apis, '1.0.0');
    const result = await runAgainst(apis, { event: pushTagEvent(`v1.0.0${MARKDOWN}`) });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^::error::The push event's tag 'v1\.0\.0 ## Approve here .*' is not a name git accepts/,
      ),
    ]);
    expect(apis.github.api.requests).toHaveLength(0);
    expectSafeSummaryAndOutputs(result);
  });

  it("treats a download with a malformed percent-encoding as a URL that is not this release's", async () => {
    const manifest = moduleManifest(apis, '1.0.0', {
      download: `${apis.github.releasesUrl()}/download/v1.0.0/module%E0%A4%A.zip`,
    });
    const release = publishRelease(apis, '1.0.0', manifest);
    const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
    expect(result.errors).toEqual([]);
    expect(result.outputs.status).toBe('published');
    expect(result.visibleLog).toMatch(
      /Package zip: not checked: its download \(.*\) is not an asset of release/,
    );
  });

  it('fails naming the rate limit when x-ratelimit-reset is 1e300', async () => {
    const release = publishRelease(apis, '1.0.0');
    apis.github.api.fail('GET', /\/releases\/\d+$/, {
      kind: 'status',
      status: 403,
      body: { message: 'API rate limit exceeded for installation ID 1.' },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1e300' },
    });
    const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /hit GitHub's API rate limit \(.*1e300.*\); gave up because GitHub asked to wait/,
      ),
    ]);
    expect(result.errors[0]).not.toMatch(/bug/);
    expect(apis.foundry.server.requests).toHaveLength(0);
  });
});

describe('secrets are visible ASCII', () => {
  it('refuses a token holding a zero-width space, naming the input, before any request', async () => {
    const release = publishRelease(apis, '1.0.0');
    const result = await runAgainst(apis, {
      event: releasePublishedEvent(release),
      inputs: { token: `fvttp_Simulated\u200bReleaseToken` },
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^::error::Input 'token' contains an invisible character \(U\+200B\), which is not visible ASCII/,
      ),
    ]);
    expect(apis.github.api.requests).toHaveLength(0);
    expect(apis.foundry.server.requests).toHaveLength(0);
  });
});

describe('local paths stay inside the workspace', () => {
  /** A workspace, and beside it (outside) a manifest whose text must never reach the log or Foundry. */
  async function workspaceWithOutsideManifest() {
    const root = await tempDir();
    const workspace = path.join(root, 'workspace');
    await mkdir(workspace);
    const outside = path.join(root, 'outside', 'module.json');
    await mkdir(path.dirname(outside));
    await writeFile(outside, moduleManifest(apis, '9.9.9', { id: 'outside-secret-id' }));
    return { workspace, outside };
  }

  function expectNothingReadFromOutside(result: ActionResult) {
    expect(result.exitCode).toBe(1);
    expect(result.stdout).not.toContain('outside-secret-id');
    expect(result.summary).not.toContain('outside-secret-id');
    expect(apis.foundry.server.requests).toHaveLength(0);
  }

  it("refuses manifest-path '../outside/module.json'", async () => {
    const { workspace } = await workspaceWithOutsideManifest();
    const result = await runAgainst(apis, {
      event: pullRequestEvent(),
      workspace,
      inputs: { 'manifest-path': '../outside/module.json' },
    });
    expectNothingReadFromOutside(result);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /Input 'manifest-path' is '\.\.\/outside\/module\.json', which is outside the workspace/,
      ),
    ]);
  });

  it('refuses a committed module.json that is a symlink out of the workspace', async () => {
    const { workspace, outside } = await workspaceWithOutsideManifest();
    await symlink(outside, path.join(workspace, 'module.json'));
    const result = await runAgainst(apis, { event: pullRequestEvent(), workspace });
    expectNothingReadFromOutside(result);
    expect(result.errors).toEqual([
      expect.stringMatching(/The workspace's module\.json is a symlink to a file outside the workspace/),
    ]);
  });

  it('follows a symlink that stays inside the workspace', async () => {
    const workspace = path.join(await tempDir(), 'workspace');
    await mkdir(path.join(workspace, 'src'), { recursive: true });
    await writeFile(path.join(workspace, 'src', 'module.json'), moduleManifest(apis, '1.3.0'));
    await symlink(path.join('src', 'module.json'), path.join(workspace, 'module.json'));
    const result = await runAgainst(apis, { event: pullRequestEvent(), workspace });
    expect(result.errors).toEqual([]);
    expect(result.outputs.status).toBe('dry-run');
  });

  it('refuses a forge-world-zip that is a symlink out of the workspace, before any Forge call', async () => {
    const root = await tempDir();
    const workspace = path.join(root, 'workspace');
    await mkdir(workspace);
    const zip = await writeWorldZip(path.join(root, 'world.zip'), { id: DEMO_WORLD });
    await symlink(zip, path.join(workspace, 'world.zip'));
    const result = await runAgainst(apis, {
      event: SCHEDULE_EVENT,
      workspace,
      inputs: resetOnlyInputs(apis, { 'forge-world-zip': 'world.zip' }),
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /Input 'forge-world-zip' is 'world\.zip', which is a symlink to a file outside the workspace/,
      ),
    ]);
    expect(result.outputs['forge-result']).toBe('failed');
    expect(apis.forge.calls).toEqual([]);
  });
});

describe('pull_request_target', () => {
  it('warns that the dry run checks the base branch, not the pull request', async () => {
    const result = await runAgainst(apis, {
      event: pullRequestEvent('pull_request_target'),
      workspaceFiles: { 'module.json': moduleManifest(apis, '1.3.0') },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /^::warning::This run is on pull_request_target: .*checks the base branch's manifest, not the pull request's/m,
    );
    expect(summaryText(result.summary)).toContain(
      'Warnings This run is on pull_request_target: the workspace holds the base branch',
    );
  });

  it('does not warn on pull_request', async () => {
    const result = await runAgainst(apis, {
      event: pullRequestEvent(),
      workspaceFiles: { 'module.json': moduleManifest(apis, '1.3.0') },
    });
    expect(result.stdout).not.toMatch(/pull_request_target/);
  });
});
