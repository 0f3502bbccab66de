import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeWorldZip } from '../fixtures/world-zip.js';
import type { Fault, SimServer } from '../simulators/sim-server.js';
import {
  credentialLeaks,
  leakedSecrets,
  publishRelease,
  releasePublishedEvent,
  resetOnlyInputs,
  runAgainst,
  SCHEDULE_EVENT,
  secretsOf,
  startApis,
  type Apis,
} from './harness.js';

/**
 * Faults on every endpoint, through the bundle as the runner runs it. Each scenario has its own
 * simulations, so they run concurrently. request-timeout is 1 s so a server that never answers is
 * noticed quickly.
 */
const FAULTS: Record<string, Fault> = {
  '503 with a JSON body': {
    kind: 'status',
    status: 503,
    body: { message: 'Service Unavailable', error: 'Service Unavailable', code: 503 },
  },
  '502 with an HTML page': {
    kind: 'status',
    status: 502,
    body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
  },
  '500 with an empty body': { kind: 'status', status: 500, body: '' },
  'a reset connection': { kind: 'reset' },
  'no answer at all': { kind: 'hang' },
  'malformed JSON on 200': { kind: 'status', status: 200, body: '{"status": "succ' },
  'a body that stops arriving': { kind: 'stall-body' },
  'a body cut off mid-way': { kind: 'cut-body' },
};

/** `release, manifest-url input`: a manifest URL that is not the asset's own, so the manifest is read through the API. */
type Scenario = 'release' | 'release, manifest-url input' | 'bazaar reset' | 'zip reset' | 'zip URL reset';

interface Endpoint {
  name: string;
  scenario: Scenario;
  server: (apis: Apis) => SimServer;
  method: string;
  path: RegExp;
  /** Faults that are data, not transport trouble, for this endpoint (e.g. the manifest's own bytes). */
  except?: string[];
  /** Requests a fault-free run makes to it. */
  calls?: number;
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'GitHub release by id',
    scenario: 'release',
    server: (a) => a.github.api,
    method: 'GET',
    path: /\/releases\/\d+$/,
  },
  {
    name: 'GitHub release asset',
    scenario: 'release, manifest-url input',
    server: (a) => a.github.api,
    method: 'GET',
    path: /\/releases\/assets\/\d+$/,
    // A 200 here is the manifest's own bytes: malformed JSON is a bad manifest, not a fault.
    except: ['malformed JSON on 200'],
  },
  {
    name: 'GitHub asset storage',
    scenario: 'release',
    server: (a) => a.github.storage,
    method: 'GET',
    path: /^\/assets\/\d+$/,
    except: ['malformed JSON on 200'],
    // The public manifest URL (which is also how the manifest is read) and the package zip check end here.
    calls: 2,
  },
  {
    name: 'the public manifest URL',
    scenario: 'release',
    server: (a) => a.github.api,
    method: 'GET',
    path: /\/releases\/download\//,
    except: ['malformed JSON on 200'],
    // The manifest URL, then the package zip (read in one range: the test zip is smaller than its tail).
    calls: 2,
  },
  {
    name: 'Foundry release_version',
    scenario: 'release',
    server: (a) => a.foundry.server,
    method: 'POST',
    path: /release_version/,
  },
  {
    name: 'world zip download',
    scenario: 'zip URL reset',
    server: (a) => a.github.storage,
    method: 'GET',
    path: /^\/assets\/\d+$/,
    // A 200 here is the zip's own bytes: garbage is a bad zip, reported as such.
    except: ['malformed JSON on 200'],
  },
  {
    name: 'Forge idle',
    scenario: 'bazaar reset',
    server: (a) => a.forge.server,
    method: 'POST',
    path: /^\/api\/game\/idle$/,
    calls: 2,
  },
  {
    name: 'Forge stop',
    scenario: 'bazaar reset',
    server: (a) => a.forge.server,
    method: 'POST',
    path: /^\/api\/game\/stop$/,
  },
  {
    name: 'Forge install',
    scenario: 'bazaar reset',
    server: (a) => a.forge.server,
    method: 'POST',
    path: /^\/api\/data\/worlds\/install$/,
  },
  {
    name: 'Forge worlds list',
    scenario: 'zip reset',
    server: (a) => a.forge.server,
    method: 'GET',
    path: /^\/api\/data\/worlds$/,
  },
  {
    name: 'Forge import',
    scenario: 'zip reset',
    server: (a) => a.forge.server,
    method: 'POST',
    path: /^\/api\/data\/import$/,
  },
];

async function runScenario(apis: Apis, scenario: Scenario, inputs: Record<string, string> = {}) {
  const secrets = secretsOf(apis);
  let result;
  if (scenario === 'release' || scenario === 'release, manifest-url input') {
    const release = publishRelease(apis, '1.0.0');
    const manifestUrl = `${apis.github.downloadUrl('v1.0.0', 'module.json')}?from=input`;
    result = await runAgainst(apis, {
      event: releasePublishedEvent(release),
      inputs: {
        'request-timeout': '1',
        ...(scenario === 'release, manifest-url input' && { 'manifest-url': manifestUrl }),
        ...inputs,
      },
    });
  } else {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'faults-'));
    const zip = await writeWorldZip(path.join(workspace, 'w.zip'), { id: 'demo-world' });
    apis.github.addRelease({ tag: 'world', assets: { 'w.zip': await readFile(zip) } });
    const zipInput: Record<string, string> = {
      'zip reset': { 'forge-world-zip': 'w.zip' },
      'zip URL reset': { 'forge-world-zip': apis.github.downloadUrl('world', 'w.zip') },
      'bazaar reset': {},
    }[scenario];
    apis.forge.bazaar.set('demo-world', ['1.0.0']);
    apis.forge.addWorld('demo-world');
    result = await runAgainst(apis, {
      event: SCHEDULE_EVENT,
      workspace,
      inputs: resetOnlyInputs(apis, {
        ...zipInput,
        'request-timeout': '1',
        ...inputs,
      }),
    });
  }
  expect(leakedSecrets(result, [...secrets, ...secretsOf(apis)])).toEqual([]);
  expect(credentialLeaks(apis)).toEqual([]);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return result;
}

async function withApis<T>(test: (apis: Apis) => Promise<T>): Promise<T> {
  const apis = await startApis();
  try {
    return await test(apis);
  } finally {
    await apis.stop();
  }
}

describe.concurrent('recovering from one fault on each endpoint', () => {
  for (const endpoint of ENDPOINTS) {
    for (const [faultName, fault] of Object.entries(FAULTS)) {
      if (endpoint.except?.includes(faultName)) continue;
      it(`${endpoint.name}: ${faultName}`, () =>
        withApis(async (apis) => {
          endpoint.server(apis).fail(endpoint.method, endpoint.path, fault);
          const result = await runScenario(apis, endpoint.scenario);
          expect(result.errors).toEqual([]);
          expect(result.exitCode).toBe(0);
          expect(endpoint.server(apis).received(endpoint.method, endpoint.path)).toHaveLength(
            (endpoint.calls ?? 1) + 1,
          );
          if (!endpoint.scenario.startsWith('release')) expect(apis.forge.game().state).toBe('idle');
        }));
    }
  }
});

describe.concurrent('failing within max-retry-wait when a fault persists', () => {
  const always = (n: number, fault: Fault) => Array.from({ length: n }, () => fault);
  const cases: { name: string; scenario: Scenario; setup: (apis: Apis) => void; error: RegExp }[] = [
    {
      name: 'GitHub answers 503',
      scenario: 'release',
      setup: (a) =>
        a.github.api.fail(
          'GET',
          /\/releases\/\d+$/,
          ...always(20, { kind: 'status', status: 503, body: '' }),
        ),
      error:
        /GitHub GET \/releases\/\d+ answered HTTP 503.*gave up because max-retry-wait is used up.*githubstatus/,
    },
    {
      name: 'Foundry answers 503',
      scenario: 'release',
      setup: (a) =>
        a.foundry.server.fail(
          'POST',
          /release_version/,
          ...always(20, { kind: 'status', status: 503, body: '' }),
        ),
      error:
        /Publishing to Foundry failed: Foundry answered HTTP 503.*gave up because max-retry-wait is used up.*re-run the job later/,
    },
    {
      name: 'Foundry never answers',
      scenario: 'release',
      setup: (a) => a.foundry.server.fail('POST', /release_version/, ...always(20, { kind: 'hang' })),
      error: /Foundry request failed: no answer within 1 s \(request-timeout\).*gave up/,
    },
    {
      name: 'Foundry storms with Retry-After',
      scenario: 'release',
      setup: (a) =>
        a.foundry.server.fail(
          'POST',
          /release_version/,
          ...always(20, { kind: 'status', status: 429, headers: { 'Retry-After': '1' } }),
        ),
      error: /asked to wait 1 s \(Retry-After\), more than the 0(\.\d)? s left of max-retry-wait/,
    },
    {
      name: 'the Forge stop answers 502',
      scenario: 'bazaar reset',
      setup: (a) =>
        a.forge.server.fail(
          'POST',
          '/api/game/stop',
          ...always(20, { kind: 'status', status: 502, body: '<html>Bad Gateway</html>' }),
        ),
      error:
        /The Forge stop failed: HTTP 502.*gave up because max-retry-wait is used up.*was not changed.*idled again/,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: fails naming the service, within the budget`, () =>
      withApis(async (apis) => {
        c.setup(apis);
        const started = Date.now();
        const result = await runScenario(apis, c.scenario, { 'max-retry-wait': '2' });
        expect(result.exitCode).toBe(1);
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0]).toMatch(c.error);
        // 2 s of waiting, plus request timeouts and process start-up.
        expect(Date.now() - started).toBeLessThan(12_000);
        if (c.scenario !== 'release') expect(apis.forge.game().state).toBe('idle');
      }));
  }
});

describe.concurrent('never retrying what must not be retried', () => {
  it('GitHub 403 is sent once and names github-token', () =>
    withApis(async (apis) => {
      apis.github.api.fail('GET', /\/releases\/\d+$/, {
        kind: 'status',
        status: 403,
        body: { message: 'Resource not accessible by integration' },
      });
      const result = await runScenario(apis, 'release');
      expect(result.exitCode).toBe(1);
      expect(result.errors[0]).toMatch(/GitHub refused .* \(HTTP 403\).*contents: read/);
      expect(apis.github.api.received('GET', /\/releases\/\d+$/)).toHaveLength(1);
    }));

  it('Foundry 403 is sent once', () =>
    withApis(async (apis) => {
      apis.foundry.server.fail('POST', /release_version/, { kind: 'status', status: 403, body: '' });
      const result = await runScenario(apis, 'release');
      expect(result.exitCode).toBe(1);
      expect(apis.foundry.releaseRequests).toHaveLength(1);
    }));

  it('a Forge 401 is sent once and the game is left as it was', () =>
    withApis(async (apis) => {
      apis.forge.server.fail('POST', '/api/game/idle', {
        kind: 'status',
        status: 401,
        body: { error: 'Invalid API key', code: 401 },
      });
      const result = await runScenario(apis, 'bazaar reset');
      expect(result.exitCode).toBe(1);
      expect(result.errors[0]).toMatch(/rejected forge-api-key .*Invalid API key/);
      expect(apis.forge.calls).toEqual(['POST /api/game/idle']);
      expect(apis.forge.game().state).toBe('running');
    }));
});
