import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageZipBytes } from '../fixtures/package-zip.js';
import { writeWorldZip } from '../fixtures/world-zip.js';
import type { ActionResult } from '../runner/run-action.js';
import {
  moduleManifest,
  publishRelease,
  pullRequestEvent,
  releasePublishedEvent,
  resetOnlyInputs,
  runAgainst,
  SCHEDULE_EVENT,
} from './harness.js';
import { apis, useFreshApis } from './fresh-apis.js';

/**
 * SPEC §6b, as an attacker who controls a server's answer (or a manifest) would try it: text that came from
 * outside never starts a line of the log, so it can never become a workflow command.
 */
useFreshApis();

const HOSTILE =
  'x\n::stop-commands::pwned\n::error file=src/evil.js,line=1::forged\r\n::warning::forged\u2028tail';

/** Workflow commands the action itself writes; anything else at the start of a line was injected. */
const OWN_COMMANDS = /^::(add-mask|error|warning|notice|debug)(::| )/;

/** The runner reads a command only at the start of a line: mid-line, `::stop-commands::` is plain text. */
function expectNoInjectedCommands(result: ActionResult) {
  const lines = result.stdout.split(/\r?\n/);
  expect(lines.filter((line) => line.startsWith('::') && !OWN_COMMANDS.test(line))).toEqual([]);
  expect(lines.filter((line) => /^::(error|warning) file=src\/evil\.js/.test(line))).toEqual([]);
}

describe('hostile text from servers stays data in the log', () => {
  it("Foundry's success message and page", async () => {
    const release = publishRelease(apis, '1.0.0');
    apis.foundry.server.fail('POST', /release_version/, {
      kind: 'status',
      status: 200,
      body: { status: 'success', page: `https://foundryvtt.com/${HOSTILE}`, message: HOSTILE },
    });
    const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(0);
    expectNoInjectedCommands(result);
    expect(result.visibleLog).toContain('Foundry: published (x ::stop-commands::pwned');
    expect(result.outputs.page).toBeUndefined();
    expect(result.stdout).toMatch(
      /^::warning::Foundry answered with a package page that is not an https: URL/m,
    );
  });

  it('a redirect to a Location no URL parser reads is a clear error, not "a bug"', async () => {
    const release = publishRelease(apis, '1.0.0');
    apis.github.api.fail('GET', /\/releases\/assets\//, {
      kind: 'status',
      status: 302,
      headers: { Location: 'https://[storage ::stop-commands::pwned' },
    });
    // A manifest URL other than the asset's own: the manifest is read through the API's asset endpoint.
    const result = await runAgainst(apis, {
      event: releasePublishedEvent(release),
      inputs: { 'manifest-url': `${apis.github.downloadUrl('v1.0.0', 'module.json')}?from=input` },
    });
    expect(result.exitCode).toBe(1);
    expectNoInjectedCommands(result);
    expect(result.errors).toEqual([expect.stringMatching(/redirected to '.*', which is not a URL/)]);
    expect(result.stdout).not.toMatch(/This is a bug/);
    expect(apis.foundry.server.requests).toHaveLength(0);
  });

  it("Foundry's validation errors, field names included", async () => {
    const release = publishRelease(apis, '1.0.0');
    apis.foundry.server.fail('POST', /release_version/, {
      kind: 'status',
      status: 400,
      body: { status: 'error', errors: { [`manifest${HOSTILE}`]: [{ message: HOSTILE, code: HOSTILE }] } },
    });
    const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(1);
    expectNoInjectedCommands(result);
  });

  it('answers that are retried: their text is in the retry log lines', async () => {
    const release = publishRelease(apis, '1.0.0');
    apis.foundry.server.fail('POST', /release_version/, { kind: 'status', status: 503, body: HOSTILE });
    apis.github.api.fail('GET', /\/releases\/\d+$/, { kind: 'status', status: 502, body: HOSTILE });
    const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(0);
    expect(result.visibleLog).toMatch(/trying again/);
    expectNoInjectedCommands(result);
  });

  it("the Forge's error texts, in the log and the failure", async () => {
    apis.forge.bazaar.set('demo-world', ['1.0.0']);
    apis.forge.server.fail('POST', '/api/game/stop', {
      kind: 'status',
      status: 503,
      body: { error: HOSTILE, code: 503 },
    });
    apis.forge.server.fail('POST', '/api/data/worlds/install', {
      kind: 'status',
      status: 400,
      body: { error: HOSTILE, code: 400 },
    });
    const result = await runAgainst(apis, { event: SCHEDULE_EVENT, inputs: resetOnlyInputs(apis) });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/The Forge refused install world: x ::stop-commands::pwned/);
    expectNoInjectedCommands(result);
  });

  it("the Bazaar's listed version, while a reset after a release waits for it", async () => {
    const release = publishRelease(apis, '1.2.0');
    apis.forge.server.fail('GET', /^\/api\/bazaar\/package\//, {
      kind: 'status',
      status: 200,
      body: { success: true, package: { name: 'hello-module', latest: `1.1.0${HOSTILE}` } },
    });
    apis.forge.server.fail('GET', /^\/api\/bazaar\/package\//, {
      kind: 'status',
      status: 200,
      body: { success: true, package: { name: 'hello-module', latest: `1.1.0${HOSTILE}` } },
    });
    const result = await runAgainst(apis, {
      event: releasePublishedEvent(release),
      inputs: resetOnlyInputs(apis, {
        release: 'true',
        'forge-bazaar-package': 'hello-module',
        'forge-bazaar-wait': '1',
      }),
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/the Bazaar lists 1\.1\.0x ::stop-commands::pwned/);
    expectNoInjectedCommands(result);
    expect(apis.forge.calls.every((call) => call.startsWith('GET /api/bazaar/package/'))).toBe(true);
  });

  it("a downloaded world zip's world id, in a folder with a hostile name", async () => {
    const zip = await writeWorldZip(path.join(os.tmpdir(), `hostile-world-${process.pid}.zip`), {
      id: `demo-world${HOSTILE}`,
      folder: 'w\n::stop-commands::pwned-folder',
    });
    const bytes = await readFile(zip);
    await rm(zip);
    const release = apis.github.addRelease({ tag: 'world-1', assets: { 'w.zip': bytes } });
    const result = await runAgainst(apis, {
      event: SCHEDULE_EVENT,
      inputs: resetOnlyInputs(apis, {
        'forge-world-zip': apis.github.downloadUrl(release.tag_name, 'w.zip'),
      }),
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/holds world 'demo-worldx ::stop-commands::pwned/);
    expectNoInjectedCommands(result);
    expect(apis.forge.calls).toEqual([]);
  });

  it("a manifest's own fields", async () => {
    const manifest = moduleManifest(apis, '1.0.0', {
      id: `hello-module${HOSTILE}`,
      download: `https://x/${HOSTILE}`,
    });
    const release = publishRelease(apis, '1.0.0', manifest);
    const result = await runAgainst(apis, {
      event: releasePublishedEvent(release),
      inputs: { 'package-id': 'hello-module' },
    });
    expect(result.exitCode).toBe(1);
    expectNoInjectedCommands(result);
    expect(apis.foundry.releaseRequests).toHaveLength(0);
  });
});

describe('hostile text in a package zip stays data in the log', () => {
  it('paths its manifest names, its entry names and its update URL', async () => {
    const manifest = moduleManifest(apis, '1.0.0', {
      esmodules: [`scripts/${HOSTILE}.js`],
      styles: [`../${HOSTILE}.css`],
      manifest: HOSTILE,
    });
    const release = apis.github.addRelease({
      tag: 'v1.0.0',
      assets: {
        'module.json': moduleManifest(apis, '1.0.0'),
        'module.zip': () =>
          packageZipBytes({ manifest, files: { [`scripts/${HOSTILE.toUpperCase()}.js`]: 'x' } }),
      },
    });
    const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(1);
    expectNoInjectedCommands(result);
    expect(result.stdout).toMatch(
      /^::error::The package zip module\.zip holds a file its manifest names only under another case: esmodules 'scripts\/x ::stop-commands::pwned/m,
    );
    expect(result.stdout).toMatch(
      /^::warning::The manifest in module\.zip names styles '\.\.\/x ::stop-commands::pwned/m,
    );
    expect(result.stdout).toMatch(
      /^::warning::The manifest in module\.zip has 'manifest' 'x ::stop-commands::pwned/m,
    );
  });
});

/** What a manifest field holds in the runs below: a forged annotation, and a stop of command processing. */
function hostile(field: string): string {
  return `${field}\n::warning file=x.js,line=1::forged ${field}\n::stop-commands::pwned\r\n::error::forged\n`;
}

/** Every line of stdout: only our own commands start a line, and none carries the forged file property. */
function expectEveryLineOurs(result: ActionResult) {
  expectNoInjectedCommands(result);
  const lines = result.stdout.split(/\r?\n|\r/);
  expect(lines.filter((line) => /^::\w+ file=x\.js/.test(line))).toEqual([]);
  expect(lines.filter((line) => /^::(error|warning)::forged/.test(line))).toEqual([]);
}

describe('a release whose manifest fields are all hostile', () => {
  it('every field at once, in the release asset and in the zip', async () => {
    const manifest = JSON.stringify({
      id: hostile('id'),
      name: hostile('name'),
      title: hostile('title'),
      version: hostile('version'),
      compatibility: {
        minimum: hostile('minimum'),
        verified: hostile('verified'),
        maximum: hostile('maximum'),
      },
      minimumCoreVersion: hostile('minimumCoreVersion'),
      compatibleCoreVersion: hostile('compatibleCoreVersion'),
      manifest: hostile('manifest'),
      download: `${apis.github.releasesUrl()}/download/${encodeURIComponent(hostile('tag'))}/module.zip`,
    });
    const release = publishRelease(apis, '1.0.0', manifest);
    const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
    expect(result.exitCode).toBe(1);
    expectEveryLineOurs(result);
    expect(apis.foundry.releaseRequests).toHaveLength(0);
  });

  it.each(['id', 'version', 'minimum', 'verified', 'maximum', 'download'])(
    'only %s, so the run goes as far as that field lets it (the package zip line included)',
    async (field) => {
      const overrides: Record<string, unknown> = {
        id: { id: hostile('id') },
        version: { version: hostile('version') },
        minimum: { compatibility: { minimum: hostile('minimum'), verified: '13' } },
        verified: { compatibility: { minimum: '12', verified: hostile('verified') } },
        maximum: { compatibility: { minimum: '12', verified: '13', maximum: hostile('maximum') } },
        download: {
          download: `${apis.github.releasesUrl()}/download/${encodeURIComponent(hostile('tag'))}/module.zip`,
        },
      }[field] as Record<string, unknown>;
      const manifest = moduleManifest(apis, '1.0.0', overrides);
      const release = publishRelease(apis, '1.0.0', manifest);
      const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
      expectEveryLineOurs(result);
      // The same fields on a pull request, where the manifest is local and its lines are annotated.
      const pullRequest = await runAgainst(apis, {
        event: pullRequestEvent(),
        workspaceFiles: { 'module.json': manifest },
      });
      expectEveryLineOurs(pullRequest);
    },
  );
});
