import { mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fault } from '../simulators/sim-server.js';
import { writeWorldZip } from '../fixtures/world-zip.js';
import { DEMO_WORLD, resetOnlyInputs, runAgainst, SCHEDULE_EVENT, startApis, type Apis } from './harness.js';

let apis: Apis;
let runnerTemp: string;
let zipUrl: string;

beforeEach(async () => {
  apis = await startApis();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'bounded-downloads-'));
  runnerTemp = path.join(scratch, 'runner-temp');
  await mkdir(runnerTemp);
  const zip = await writeWorldZip(path.join(scratch, 'demo-world.zip'), { id: DEMO_WORLD });
  const release = apis.github.addRelease({
    tag: 'world-1',
    assets: { 'demo-world.zip': await readFile(zip) },
  });
  zipUrl = apis.github.downloadUrl(release.tag_name, 'demo-world.zip');
});
afterEach(async () => {
  await apis.stop();
});

/** A reset from the world zip at `zipUrl`, with RUNNER_TEMP where the test can look into it afterwards. */
function resetFromUrl(inputs: Record<string, string> = {}) {
  return runAgainst(apis, {
    event: SCHEDULE_EVENT,
    inputs: resetOnlyInputs(apis, { 'forge-world-zip': zipUrl, ...inputs }),
    env: { RUNNER_TEMP: runnerTemp },
  });
}

describe('every download has a total deadline and leaves no temporary file', () => {
  it('ends a world zip whose body drips forever at the deadline (10 × request-timeout), before any Forge call', async () => {
    // 1 KiB every 200 ms: never silent for request-timeout (1 s), so only the total deadline ends it.
    const drip: Fault = { kind: 'drip', everyMs: 200 };
    apis.github.storage.fail('GET', /^\/assets\//, drip);
    const started = Date.now();
    const result = await resetFromUrl({ 'request-timeout': '1' });
    const took = Date.now() - started;

    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(
      /Input 'forge-world-zip': downloading http:\/\/127\.0\.0\.1:\d+\/.*demo-world\.zip did not finish within 10 s \(10 × request-timeout\), so it was stopped\. Check the URL is public and points to the zip\./,
    );
    expect(took).toBeGreaterThanOrEqual(10_000);
    expect(took).toBeLessThan(16_000);
    expect(drip.served).toBeGreaterThan(10 * 1024);
    expect(result.outputs['forge-result']).toBe('failed');
    expect(apis.forge.server.requests).toHaveLength(0);
    expect(await readdir(runnerTemp)).toEqual([]);
  }, 30_000);

  it('removes a downloaded world zip once the reset is done', async () => {
    const result = await resetFromUrl();
    expect(result.errors).toEqual([]);
    expect(result.outputs['forge-result']).toBe('reset');
    expect(apis.forge.server.received('POST', '/api/data/import')).toHaveLength(1);
    expect(await readdir(runnerTemp)).toEqual([]);
  });

  it('removes a downloaded zip that is not this world, and touches nothing on the Forge', async () => {
    const result = await resetFromUrl({ 'forge-world': 'another-world' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/holds world 'demo-world', but forge-world is 'another-world'/);
    expect(apis.forge.server.requests).toHaveLength(0);
    expect(await readdir(runnerTemp)).toEqual([]);
  });
});
