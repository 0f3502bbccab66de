import { mkdtemp, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadDeadlineMs, downloadToTemp, MAX_DOWNLOAD_DEADLINE_MS } from '../../src/network/download.js';
import { BodyTooLargeError, HttpTransport } from '../../src/network/http.js';
import { RetryBudget } from '../../src/network/retry.js';
import { RunCancelled } from '../../src/problems/cancel.js';
import { SimServer } from '../simulators/sim-server.js';

const server = new SimServer('Downloads');
const purpose = { what: "Input 'forge-world-zip'", hint: 'Check the URL.' };
let runnerTemp: string;
const savedRunnerTemp = process.env.RUNNER_TEMP;

beforeAll(async () => {
  server.setRoutes([
    {
      method: 'GET',
      pattern: /^\/(sized|unsized)$/,
      handle: ({ response }, kind) => {
        const body = Buffer.alloc(5000, 1);
        response.writeHead(200, kind === 'sized' ? { 'Content-Length': String(body.length) } : {});
        // Two writes, so the unsized answer is chunked and its size is only known by counting.
        response.write(body.subarray(0, 2500));
        response.end(body.subarray(2500));
      },
    },
  ]);
  await server.start();
});
afterAll(async () => {
  await server.stop();
  process.env.RUNNER_TEMP = savedRunnerTemp;
});
beforeEach(async () => {
  runnerTemp = await mkdtemp(path.join(os.tmpdir(), 'download-test-'));
  process.env.RUNNER_TEMP = runnerTemp;
});
afterEach(() => {
  server.requests.length = 0;
});

describe('downloadToTemp', () => {
  it('keeps the file of a download within the cap for the caller', async () => {
    const file = await downloadToTemp(
      `${server.url}/unsized`,
      purpose,
      new HttpTransport(5000),
      new RetryBudget(0),
      5000,
    );
    expect(path.dirname(file)).toBe(runnerTemp);
    expect(await readdir(runnerTemp)).toEqual([path.basename(file)]);
    // Created by this run alone (O_EXCL) and readable by this user only, in a shared temp folder too.
    expect((await stat(file)).mode & 0o077).toBe(0);
    expect((await stat(file)).size).toBe(5000);
  });

  it('names the temp folder when it cannot create the file there, and sends nothing', async () => {
    process.env.RUNNER_TEMP = path.join(runnerTemp, 'missing');
    await expect(
      downloadToTemp(`${server.url}/sized`, purpose, new HttpTransport(5000), new RetryBudget(0), 5000),
    ).rejects.toThrow(/^Could not create a temporary file in .*missing for a download .*RUNNER_TEMP/);
    expect(server.requests).toHaveLength(0);
  });

  it.each(['sized', 'unsized'])(
    'stops a %s answer larger than the cap, says so, and leaves no file',
    async (kind) => {
      await expect(
        downloadToTemp(`${server.url}/${kind}`, purpose, new HttpTransport(5000), new RetryBudget(0), 4000),
      ).rejects.toThrow(
        /^Input 'forge-world-zip': http:\/\/127\.0\.0\.1:\d+\/\w+ is larger than 4 KiB, the most the action downloads, so it was stopped\. Check the URL\.$/,
      );
      expect(server.requests).toHaveLength(1);
      expect(await readdir(runnerTemp)).toEqual([]);
    },
  );

  it('sends nothing once the run is cancelled, and leaves no file', async () => {
    const cancel = new AbortController();
    cancel.abort('SIGINT');
    const http = new HttpTransport(5000, cancel.signal);
    await expect(
      downloadToTemp(`${server.url}/sized`, purpose, http, new RetryBudget(10_000, cancel.signal)),
    ).rejects.toThrow(RunCancelled);
    expect(server.requests).toHaveLength(0);
    expect(await readdir(runnerTemp)).toEqual([]);
  });

  it('has a deadline of 10 × request-timeout, at most an hour', () => {
    expect(downloadDeadlineMs(30_000)).toBe(300_000);
    expect(downloadDeadlineMs(3_600_000)).toBe(MAX_DOWNLOAD_DEADLINE_MS);
  });
});

describe('HttpTransport.download', () => {
  it('refuses a Content-Length over the cap before reading the body', async () => {
    const error = await new HttpTransport(5000)
      .download(`${server.url}/sized`, path.join(runnerTemp, 'x'), { maxBytes: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLargeError);
  });

  it.skipIf(process.platform === 'win32')(
    'never writes through a symlink put in place of its file, and leaves the target untouched',
    async () => {
      const victim = path.join(runnerTemp, 'victim.txt');
      await writeFile(victim, 'keep me');
      const file = path.join(runnerTemp, 'download.zip');
      await symlink(victim, file);
      await expect(
        new HttpTransport(5000).download(`${server.url}/sized`, file, { maxBytes: 10_000 }),
      ).rejects.toThrow();
      expect(await readFile(victim, 'utf8')).toBe('keep me');
    },
  );
});
