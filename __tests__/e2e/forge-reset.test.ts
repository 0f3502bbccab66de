import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeWorldZip } from '../fixtures/world-zip.js';
import { forgeApiKey } from '../simulators/forge-sim.js';
import { summaryText } from './rendered-summary.js';
import type { ActionResult } from '../runner/run-action.js';
import {
  credentialLeaks,
  DEMO_WORLD,
  FOUNDRY_TOKEN,
  PACKAGE_ID,
  resetOnlyInputs,
  SCHEDULE_EVENT,
  leakedSecrets,
  publishRelease,
  releasePublishedEvent,
  runAgainst,
  secretsOf,
  startApis,
  type Apis,
} from './harness.js';

const WORLD = DEMO_WORLD;
let apis: Apis;
let workspace: string;

beforeEach(async () => {
  apis = await startApis();
  apis.forge.bazaar.set(WORLD, ['1.0.0', '1.1.0']);
  workspace = await mkdtemp(path.join(os.tmpdir(), 'forge-ws-'));
});
afterEach(async () => {
  await apis.stop();
});

/** Runs a reset-only workflow (no release), checking no secret leaks, the world's delete secret included. */
async function reset(
  inputs: Record<string, string> = {},
  event: { name: string; payload: object } = SCHEDULE_EVENT,
  onSpawn?: (pid: number) => void,
) {
  const secrets = secretsOf(apis);
  const result: ActionResult = await runAgainst(apis, {
    event,
    inputs: resetOnlyInputs(apis, inputs),
    workspace,
    onSpawn,
  });
  expect(leakedSecrets(result, [...secrets, ...secretsOf(apis)])).toEqual([]);
  expect(credentialLeaks(apis)).toEqual([]);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return result;
}

async function worldZip(name: string, options: Parameters<typeof writeWorldZip>[1] = { id: WORLD }) {
  return writeWorldZip(path.join(workspace, name), options);
}

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

describe('resetting from the Bazaar', () => {
  it('idles, stops, installs the latest version and idles into the world, never calling start', async () => {
    const result = await reset();
    expect(result.exitCode).toBe(0);
    expect(result.outputs['forge-result']).toBe('reset');
    expect(result.outputs.status).toBe('skipped');
    expect(apis.forge.calls).toEqual([
      'POST /api/game/idle',
      'POST /api/game/stop',
      'POST /api/data/worlds/install',
      'POST /api/game/idle',
    ]);
    expect(apis.forge.server.received('POST', '/api/data/worlds/install')[0]?.json).toEqual({ name: WORLD });
    expect(apis.forge.server.received('POST', '/api/game/idle').map((r) => r.json)).toEqual([
      {},
      { world: WORLD },
    ]);
    expect(apis.forge.game()).toMatchObject({ state: 'idle', world: WORLD });
    expect(apis.forge.worlds.get(WORLD)?.origin).toBe('bazaar:demo-world@1.1.0');
    expect(result.summary).toContain('Forge demo world');
    expect(result.summary).toContain('idle into world');
  });

  it('installs the named package and version on the named game', async () => {
    apis.forge.game().state = 'idle';
    apis.forge.games.set('demo-table', { state: 'running', playersLoggedIn: 0 });
    apis.forge.bazaar.set('hello-demo', ['2.0.0', '2.1.0']);
    const result = await reset({
      'forge-game': 'demo-table',
      'forge-bazaar-package': 'hello-demo',
      'forge-bazaar-version': '2.0.0',
    });
    expect(result.exitCode).toBe(0);
    expect(apis.forge.server.received('POST', '/api/data/worlds/install')[0]?.json).toEqual({
      name: 'hello-demo',
      version: '2.0.0',
    });
    expect(apis.forge.server.received('POST', '/api/game/stop')[0]?.json).toEqual({ game: 'demo-table' });
    expect(apis.forge.game('demo-table')).toMatchObject({ state: 'idle', world: WORLD });
  });
});

describe('resetting from a zip', () => {
  it('deletes the existing world with its secret and uploads the zip byte for byte', async () => {
    const existing = apis.forge.addWorld(WORLD);
    const zip = await worldZip('demo-world.zip');
    const result = await reset({ 'forge-world-zip': 'demo-world.zip' });

    expect(result.exitCode).toBe(0);
    expect(apis.forge.calls).toEqual([
      'POST /api/game/idle',
      'POST /api/game/stop',
      'GET /api/data/worlds',
      'POST /api/data/worlds/delete',
      'POST /api/data/import',
      'POST /api/game/idle',
    ]);
    expect(apis.forge.server.received('POST', '/api/data/worlds/delete')[0]?.json).toEqual({
      name: WORLD,
      secret: existing.secret,
    });
    const upload = apis.forge.server.received('POST', '/api/data/import')[0]?.upload;
    expect(upload?.fields).toEqual({ type: 'world' });
    expect(upload?.file?.sha256).toBe(await sha256(zip));
    expect(apis.forge.worlds.get(WORLD)?.origin).toBe(`zip:${await sha256(zip)}`);
    expect(apis.forge.game()).toMatchObject({ state: 'idle', world: WORLD });
  });

  it('accepts the { worlds: [...] } list shape and skips the delete when the world is absent', async () => {
    apis.forge.worldListShape = 'object';
    apis.forge.addWorld('another-world');
    await worldZip('w.zip', { id: WORLD, folder: 'demo-world' });
    const result = await reset({ 'forge-world-zip': 'w.zip' });
    expect(result.exitCode).toBe(0);
    expect(apis.forge.calls).not.toContain('POST /api/data/worlds/delete');
    expect(apis.forge.worlds.has('another-world')).toBe(true);
    expect(apis.forge.worlds.has(WORLD)).toBe(true);
  });

  it('uses forge-world-secret when given', async () => {
    apis.forge.worldListShape = 'object';
    const existing = apis.forge.addWorld(WORLD);
    await worldZip('w.zip');
    const result = await reset({ 'forge-world-zip': 'w.zip', 'forge-world-secret': existing.secret });
    expect(result.exitCode).toBe(0);
    expect(apis.forge.server.received('POST', '/api/data/worlds/delete')[0]?.json).toEqual({
      name: WORLD,
      secret: existing.secret,
    });
  });

  it('downloads a zip URL, following its redirect, before touching the Forge', async () => {
    const zip = await worldZip('served.zip');
    const release = apis.github.addRelease({
      tag: 'world-1',
      assets: { 'demo-world.zip': await readFile(zip) },
    });
    const url = apis.github.downloadUrl(release.tag_name, 'demo-world.zip');
    const result = await reset({ 'forge-world-zip': url });
    expect(result.exitCode).toBe(0);
    expect(apis.forge.server.received('POST', '/api/data/import')[0]?.upload?.file?.sha256).toBe(
      await sha256(zip),
    );
  });
});

describe('when players are logged in', () => {
  beforeEach(() => {
    apis.forge.game().playersLoggedIn = 2;
  });

  it('skips by default: passes with forge-result=in-use and changes nothing', async () => {
    const result = await reset();
    expect(result.exitCode).toBe(0);
    expect(result.outputs['forge-result']).toBe('in-use');
    expect(apis.forge.calls).toEqual(['POST /api/game/idle']);
    expect(apis.forge.game().state).toBe('running');
  });

  it('forces the idle and resets with forge-if-in-use: force', async () => {
    const result = await reset({ 'forge-if-in-use': 'force' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['forge-result']).toBe('reset');
    expect(apis.forge.server.received('POST', '/api/game/idle').map((r) => r.json)).toEqual([
      {},
      { force: true },
      { world: WORLD },
    ]);
  });

  it('fails with forge-if-in-use: fail and changes nothing', async () => {
    const result = await reset({ 'forge-if-in-use': 'fail' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/Players are logged in/);
    expect(apis.forge.calls).toEqual(['POST /api/game/idle']);
  });
});

describe('bad input never reaches the Forge', () => {
  const cases: {
    name: string;
    inputs: Record<string, string>;
    prepare?: () => Promise<unknown>;
    error: RegExp;
  }[] = [
    {
      name: 'a missing forge-api-key',
      inputs: { 'forge-api-key': '' },
      error: /Input 'forge-api-key' is required/,
    },
    {
      name: 'a missing forge-world',
      inputs: { 'forge-world': '' },
      error: /Input 'forge-world' is required/,
    },
    {
      name: 'a missing zip file',
      inputs: { 'forge-world-zip': 'nope.zip' },
      error: /no such file in the workspace/,
    },
    {
      name: 'a file that is not a zip',
      inputs: { 'forge-world-zip': 'notes.zip' },
      prepare: () => writeFile(path.join(workspace, 'notes.zip'), 'just text'),
      error: /is not a readable zip file/,
    },
    {
      name: 'a zip without world.json',
      inputs: { 'forge-world-zip': 'empty.zip' },
      prepare: () => worldZip('empty.zip', {}),
      error: /holds no world\.json/,
    },
    {
      name: 'a zip of another world',
      inputs: { 'forge-world-zip': 'other.zip' },
      prepare: () => worldZip('other.zip', { id: 'other-world' }),
      error: /holds world 'other-world', but forge-world is 'demo-world'/,
    },
    {
      name: 'a plain-http zip URL',
      inputs: { 'forge-world-zip': 'http://example.com/w.zip' },
      error: /must use https:/,
    },
    {
      name: 'an unknown forge-if-in-use',
      inputs: { 'forge-if-in-use': 'wait' },
      error: /must be one of skip, force, fail/,
    },
  ];
  for (const c of cases) {
    it(`stops on ${c.name}`, async () => {
      await c.prepare?.();
      const result = await reset(c.inputs);
      expect(result.exitCode).toBe(1);
      expect(result.errors.join('\n')).toMatch(c.error);
      expect(apis.forge.server.requests).toHaveLength(0);
    });
  }
});

describe('faults', () => {
  it('names the key and its permissions when the Forge rejects it', async () => {
    apis.forge.permissions.delete('manage-games');
    const result = await reset();
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(
      /rejected forge-api-key.*HTTP 403.*manage-games permission.*read-data, write-data and manage-games/,
    );
    expect(apis.forge.calls).toEqual(['POST /api/game/idle']);
  });

  it("shows the Forge's error on stop and idles the game again", async () => {
    apis.forge.server.fail('POST', '/api/game/stop', {
      kind: 'status',
      status: 409,
      body: { error: 'Game is being updated', code: 409 },
    });
    const result = await reset();
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(
      /The Forge refused stop: Game is being updated.*was not changed.*idled again/,
    );
    expect(apis.forge.calls.at(-1)).toBe('POST /api/game/idle');
    expect(apis.forge.game().state).toBe('idle');
  });

  it('retries an import that answered 503, since the world is already deleted', async () => {
    apis.forge.addWorld(WORLD);
    await worldZip('w.zip');
    apis.forge.server.fail('POST', '/api/data/import', {
      kind: 'status',
      status: 503,
      body: { error: 'Busy', code: 503 },
    });
    const result = await reset({ 'forge-world-zip': 'w.zip' });
    expect(result.exitCode).toBe(0);
    expect(apis.forge.server.received('POST', '/api/data/import')).toHaveLength(2);
    expect(apis.forge.worlds.has(WORLD)).toBe(true);
  });

  it('ends with the game idle and says the world is deleted when the import keeps failing', async () => {
    apis.forge.addWorld(WORLD);
    await worldZip('w.zip');
    const busy = { kind: 'status' as const, status: 503, body: { error: 'Busy', code: 503 } };
    apis.forge.server.fail('POST', '/api/data/import', busy, busy, busy, busy, busy, busy);
    const result = await reset({ 'forge-world-zip': 'w.zip', 'max-retry-wait': '2' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(
      /import world failed: HTTP 503 \(Busy\); gave up because max-retry-wait is used up\. World 'demo-world' was deleted, and the new zip is not known to be imported: run the reset again.*\. The game was idled again/,
    );
    expect(apis.forge.calls.at(-1)).toBe('POST /api/game/idle');
    expect(apis.forge.game().state).toBe('idle');
    expect(apis.forge.server.received('POST', '/api/data/worlds/delete')).toHaveLength(1);
  });

  it('repeats a delete that answered 502 only after the worlds list shows the world still there', async () => {
    apis.forge.addWorld(WORLD);
    await worldZip('w.zip');
    apis.forge.server.fail('POST', '/api/data/worlds/delete', {
      kind: 'status',
      status: 502,
      body: 'Bad Gateway',
    });
    const result = await reset({ 'forge-world-zip': 'w.zip' });
    expect(result.exitCode).toBe(0);
    expect(apis.forge.calls).toEqual([
      'POST /api/game/idle',
      'POST /api/game/stop',
      'GET /api/data/worlds',
      'POST /api/data/worlds/delete',
      'GET /api/data/worlds',
      'POST /api/data/worlds/delete',
      'POST /api/data/import',
      'POST /api/game/idle',
    ]);
    expect(result.outputs['forge-result']).toBe('reset');
  });

  it('does not repeat a delete whose answer was lost after it deleted the world', async () => {
    apis.forge.addWorld(WORLD);
    await worldZip('w.zip');
    apis.forge.server.fail('POST', '/api/data/worlds/delete', { kind: 'lose-response' });
    const result = await reset({ 'forge-world-zip': 'w.zip' });
    expect(result.exitCode).toBe(0);
    expect(apis.forge.server.received('POST', '/api/data/worlds/delete')).toHaveLength(1);
    expect(apis.forge.worlds.get(WORLD)?.origin).toMatch(/^zip:/);
    expect(apis.forge.game()).toMatchObject({ state: 'idle', world: WORLD });
  });

  it.each([
    ['the connection dropped', { kind: 'lose-response' as const }],
    [
      'a proxy answered 504 after the Forge finished',
      {
        kind: 'lose-response' as const,
        answer: { status: 504, body: '<html><h1>504 Gateway Time-out</h1></html>' },
      },
    ],
  ])('takes an import whose answer was lost (%s) as done once the world is listed', async (_, fault) => {
    apis.forge.addWorld(WORLD);
    await worldZip('w.zip');
    apis.forge.server.fail('POST', '/api/data/import', fault);
    const result = await reset({ 'forge-world-zip': 'w.zip' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(apis.forge.server.received('POST', '/api/data/import')).toHaveLength(1);
    expect(apis.forge.worlds.get(WORLD)?.origin).toMatch(/^zip:/);
    expect(result.outputs['forge-result']).toBe('reset');
    expect(apis.forge.game()).toMatchObject({ state: 'idle', world: WORLD });
    expect(result.visibleLog).toMatch(/the earlier attempt did its work/);
  });

  it('waits longer than request-timeout for the answer to an upload the Forge is unpacking', async () => {
    apis.forge.addWorld(WORLD);
    await worldZip('w.zip');
    apis.forge.importAnswerDelayMs = 2500;
    const result = await reset({ 'forge-world-zip': 'w.zip', 'request-timeout': '1' });
    expect(result.errors).toEqual([]);
    expect(apis.forge.server.received('POST', '/api/data/import')).toHaveLength(1);
    expect(result.outputs['forge-result']).toBe('reset');
  });

  it('warns when the last idle into the world answers success: false', async () => {
    apis.forge.bazaar.set(WORLD, ['1.0.0']);
    apis.forge.server.fail('POST', '/api/game/idle', {
      kind: 'status',
      status: 200,
      body: { success: true },
    });
    apis.forge.server.fail('POST', '/api/game/idle', {
      kind: 'status',
      status: 200,
      body: { success: false },
    });
    const result = await reset();
    expect(result.exitCode).toBe(0);
    expect(result.outputs['forge-result']).toBe('reset');
    expect(result.stdout).toMatch(
      /^::warning::World 'demo-world' was reset, but the Forge answered the last idle/m,
    );
    expect(summaryText(result.summary)).toMatch(
      /Warnings .*answered the last idle into it with success: false/,
    );
  });

  it('gives the recovery idle its own budget, so a flaky Forge does not leave the table offline', async () => {
    await worldZip('w.zip');
    const busy = { kind: 'status' as const, status: 503, body: { error: 'Busy', code: 503 } };
    apis.forge.server.fail('POST', '/api/data/import', ...Array.from({ length: 10 }, () => busy));
    // The first idle goes through; the recovery idle, after the import has spent the run's budget,
    // meets one more 503 and needs a retry of its own.
    apis.forge.server.fail(
      'POST',
      '/api/game/idle',
      { kind: 'status', status: 200, body: { success: true } },
      busy,
    );
    const result = await reset({ 'forge-world-zip': 'w.zip', 'max-retry-wait': '1' });
    expect(result.exitCode).toBe(1);
    expect(apis.forge.server.received('POST', '/api/game/idle')).toHaveLength(3);
    expect(result.errors[0]).toMatch(/The game was idled again/);
    expect(apis.forge.game().state).toBe('idle');
    expect(result.outputs['forge-result']).toBe('failed');
  });
});

describe('after a release', () => {
  it('resets only after the release was published', async () => {
    const release = publishRelease(apis, '1.0.0');
    const result = await reset({ release: 'true' }, releasePublishedEvent(release));
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'published', 'forge-result': 'reset' });
    const published = apis.foundry.releaseRequests[0]!.receivedAt;
    expect(apis.forge.server.requests.every((r) => r.receivedAt >= published)).toBe(true);
  });

  it('does not reset after a failed release', async () => {
    const release = publishRelease(apis, '1.0.0', undefined, 'v2.0.0');
    const result = await reset({ release: 'true' }, releasePublishedEvent(release));
    expect(result.exitCode).toBe(1);
    expect(apis.forge.server.requests).toHaveLength(0);
    expect(result.outputs).toMatchObject({ status: 'failed', 'forge-result': 'skipped' });
  });
});

describe('after a release, from the Bazaar (the Bazaar lags behind Foundry)', () => {
  const BAZAAR_PAGE = `/api/bazaar/package/${PACKAGE_ID}`;

  /** Publishes v1.2.0 of the package and resets from the Bazaar package of the same id. */
  async function releaseThenReset(inputs: Record<string, string> = {}) {
    apis.forge.bazaar.set(PACKAGE_ID, ['1.1.0', '1.2.0']);
    const release = publishRelease(apis, '1.2.0');
    return reset(
      { release: 'true', 'forge-bazaar-package': PACKAGE_ID, ...inputs },
      releasePublishedEvent(release),
    );
  }

  const resetCalls = [
    'POST /api/game/idle',
    'POST /api/game/stop',
    'POST /api/data/worlds/install',
    'POST /api/game/idle',
  ];

  it('installs exactly the version just published once the Bazaar lists it, asking without the key', async () => {
    const result = await releaseThenReset();
    expect(result.errors).toEqual([]);
    expect(result.outputs).toMatchObject({ status: 'published', 'forge-result': 'reset' });
    expect(apis.forge.calls).toEqual([`GET ${BAZAAR_PAGE}`, ...resetCalls]);
    expect(apis.forge.server.received('GET', BAZAAR_PAGE)[0]?.headers['access-key']).toBeUndefined();
    expect(apis.forge.server.received('POST', '/api/data/worlds/install')[0]?.json).toEqual({
      name: PACKAGE_ID,
      version: '1.2.0',
    });
    expect(apis.forge.worlds.get(PACKAGE_ID)?.origin).toBe(`bazaar:${PACKAGE_ID}@1.2.0`);
    expect(summaryText(result.summary)).toContain('lists 1.2.0 (after 1 request)');
  });

  it('waits with back-off until the Bazaar lists it (the third request), touching nothing meanwhile', async () => {
    apis.forge.bazaarLag = 2;
    const result = await releaseThenReset({ 'forge-bazaar-wait': '10' });
    expect(result.errors).toEqual([]);
    expect(result.outputs['forge-result']).toBe('reset');
    expect(apis.forge.calls).toEqual([
      `GET ${BAZAAR_PAGE}`,
      `GET ${BAZAAR_PAGE}`,
      `GET ${BAZAAR_PAGE}`,
      ...resetCalls,
    ]);
    const [first, second, third] = apis.forge.server.received('GET', BAZAAR_PAGE).map((r) => r.receivedAt);
    expect(second! - first!).toBeGreaterThanOrEqual(900);
    expect(third! - second!).toBeGreaterThanOrEqual(1900);
    expect(result.visibleLog).toMatch(
      /waiting for hello-module 1\.2\.0 \(the Bazaar lists 1\.1\.0\); asking again in 1 s/,
    );
    expect(apis.forge.worlds.get(PACKAGE_ID)?.origin).toBe(`bazaar:${PACKAGE_ID}@1.2.0`);
  });

  it('fails past forge-bazaar-wait with the game untouched, saying to re-run the reset later', async () => {
    apis.forge.bazaarLag = Infinity;
    const result = await releaseThenReset({ 'forge-bazaar-wait': '2' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'published', 'forge-result': 'failed' });
    expect(result.errors).toEqual([
      expect.stringMatching(
        /Bazaar does not have version 1\.2\.0 of 'hello-module' yet \(2 s of forge-bazaar-wait passed and the Bazaar lists 1\.1\.0; nothing on the Forge was touched\)\. .*re-run the reset later.*a scheduled reset will pick it up/,
      ),
    ]);
    expect(new Set(apis.forge.calls)).toEqual(new Set([`GET ${BAZAAR_PAGE}`]));
    expect(apis.forge.game()).toMatchObject({ state: 'running', world: 'demo-world' });
    expect(apis.forge.worlds.has(PACKAGE_ID)).toBe(false);
  });

  it('stops waiting at once when the job is cancelled, with the game untouched and the summary written', async () => {
    apis.forge.bazaarLag = Infinity;
    apis.forge.bazaar.set(PACKAGE_ID, ['1.1.0', '1.2.0']);
    const release = publishRelease(apis, '1.2.0');
    let signalledAt = 0;
    const result = await reset(
      { release: 'true', 'forge-bazaar-package': PACKAGE_ID, 'forge-bazaar-wait': '600' },
      releasePublishedEvent(release),
      (pid) => {
        void (async () => {
          while (apis.forge.server.received('GET', BAZAAR_PAGE).length === 0) await sleep(20);
          signalledAt = Date.now();
          process.kill(pid, 'SIGINT');
        })();
      },
    );
    expect(Date.now() - signalledAt).toBeLessThan(7_000);
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'published', 'forge-result': 'failed' });
    expect(result.errors[0]).toMatch(/The run was cancelled \(SIGINT\)/);
    expect(new Set(apis.forge.calls)).toEqual(new Set([`GET ${BAZAAR_PAGE}`]));
    expect(apis.forge.game()).toMatchObject({ state: 'running', world: 'demo-world' });
    expect(result.summary).toContain('Forge demo world');
  });

  it('does not ask the Bazaar with forge-bazaar-wait: 0, and installs the version just published', async () => {
    const result = await releaseThenReset({ 'forge-bazaar-wait': '0' });
    expect(result.errors).toEqual([]);
    expect(apis.forge.calls).toEqual(resetCalls);
    expect(apis.forge.server.received('POST', '/api/data/worlds/install')[0]?.json).toEqual({
      name: PACKAGE_ID,
      version: '1.2.0',
    });
  });

  it('treats an install refused as an unknown version (404) as the Bazaar lagging, and idles the game again', async () => {
    apis.forge.bazaarLag = Infinity;
    const result = await releaseThenReset({ 'forge-bazaar-wait': '0' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs['forge-result']).toBe('failed');
    expect(result.errors[0]).toMatch(
      /Bazaar does not have version 1\.2\.0 of 'hello-module' yet \(the install call answered: No version 1\.2\.0 of 'hello-module'\)\..*re-run the reset later.*World 'demo-world' was not changed\. The game was idled again/,
    );
    expect(apis.forge.calls).toEqual(resetCalls);
    expect(apis.forge.game().state).toBe('idle');
    expect(apis.forge.worlds.has(PACKAGE_ID)).toBe(false);
  });

  it('keeps forge-bazaar-version when it names another version, without waiting', async () => {
    apis.forge.bazaarLag = Infinity;
    const result = await releaseThenReset({ 'forge-bazaar-version': '1.1.0' });
    expect(result.errors).toEqual([]);
    expect(apis.forge.calls).toEqual(resetCalls);
    expect(apis.forge.worlds.get(PACKAGE_ID)?.origin).toBe(`bazaar:${PACKAGE_ID}@1.1.0`);
  });

  it('neither pins nor waits when Foundry already had the version (if-exists: skip)', async () => {
    apis.foundry.addPackage(PACKAGE_ID, FOUNDRY_TOKEN, ['1.2.0']);
    const result = await releaseThenReset({ 'if-exists': 'skip' });
    expect(result.outputs).toMatchObject({ status: 'exists', 'forge-result': 'reset' });
    expect(apis.forge.calls).toEqual(resetCalls);
    expect(apis.forge.server.received('POST', '/api/data/worlds/install')[0]?.json).toEqual({
      name: PACKAGE_ID,
    });
  });
});

describe('the Forge API key (a JWT, checked locally)', () => {
  const DAY = 86_400;
  const inDays = (days: number) => Math.floor(Date.now() / 1000) + days * DAY;

  it('stops an expired key before any Forge call, naming the date and how to make a new key', async () => {
    apis.forge.apiKey = forgeApiKey({ exp: inDays(-3) });
    const expiry = new Date(inDays(-3) * 1000).toISOString();
    const result = await reset();
    expect(result.exitCode).toBe(1);
    expect(result.outputs['forge-result']).toBe('failed');
    expect(result.errors).toEqual([expect.stringContaining(`Input 'forge-api-key' expired on ${expiry}`)]);
    expect(result.errors[0]).toMatch(/My Account.*generate-key.*forge-api-key secret/);
    expect(apis.forge.server.requests).toHaveLength(0);
  });

  it('stops an expired key before the release is published', async () => {
    apis.forge.apiKey = forgeApiKey({ exp: inDays(-1) });
    const release = publishRelease(apis, '1.0.0');
    const result = await reset({ release: 'true' }, releasePublishedEvent(release));
    expect(result.exitCode).toBe(1);
    expect(apis.foundry.releaseRequests).toHaveLength(0);
    expect(apis.forge.server.requests).toHaveLength(0);
  });

  it('warns with the date when the key expires within 14 days, and resets', async () => {
    apis.forge.apiKey = forgeApiKey({ exp: inDays(3) });
    const expiry = new Date(inDays(3) * 1000).toISOString();
    const result = await reset();
    expect(result.exitCode).toBe(0);
    expect(result.outputs['forge-result']).toBe('reset');
    expect(result.stdout).toContain(`::warning::Input 'forge-api-key' expires on ${expiry} (in 3 days)`);
    expect(summaryText(result.summary)).toContain(`expires on ${expiry}`);
  });

  it.each([
    ['a key without exp (the default)', () => forgeApiKey()],
    ['a key that is not a JWT', () => 'forge-key-0123456789'],
  ])('says nothing of %s', async (_, key) => {
    apis.forge.apiKey = key();
    const result = await reset();
    expect(result.exitCode).toBe(0);
    expect(result.outputs['forge-result']).toBe('reset');
    expect(result.visibleLog).not.toMatch(/forge-api-key' expire/);
  });
});

describe('forge-api-url', () => {
  it('keeps the path of a mirror that serves the API under a prefix', async () => {
    const result = await reset({ 'forge-api-url': `${apis.forge.url}/mirror/` });
    // The simulation serves the API at its root only, so a kept prefix shows as 404s it records.
    expect(result.exitCode).toBe(1);
    expect(apis.forge.server.requests[0]?.path).toBe('/mirror/api/game/idle');
  });
});
