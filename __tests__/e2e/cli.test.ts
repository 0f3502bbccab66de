import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packageZipBytes } from '../fixtures/package-zip.js';
import { writeWorldZip } from '../fixtures/world-zip.js';
import { runCli, workflowCommands, type CliResult } from '../runner/run-cli.js';
import { RUNNER_GITHUB_TOKEN } from '../runner/run-action.js';
import { GitLabSim } from '../simulators/gitlab-sim.js';
import {
  DEMO_WORLD,
  FOUNDRY_TOKEN,
  moduleManifest,
  PACKAGE_ID,
  publishRelease,
  pushTagEvent,
  startApis,
  zipHolding,
  type Apis,
} from './harness.js';

let apis: Apis;
let gitlab: GitLabSim;
beforeEach(async () => {
  [apis, gitlab] = await Promise.all([startApis(), new GitLabSim().start()]);
});
afterEach(async () => {
  await Promise.all([apis.stop(), gitlab.stop()]);
});

/** Every secret a run may hold: none may appear in anything the CLI writes. */
function secrets(): string[] {
  return [FOUNDRY_TOKEN, RUNNER_GITHUB_TOKEN, gitlab.jobToken, gitlab.privateToken, apis.forge.apiKey];
}

/** What every run must hold to: no secret printed, no workflow command, no stack trace. */
function expectCleanOutput(result: CliResult) {
  const shown = `${result.stdout}\n${result.stderr}`;
  expect(secrets().filter((secret) => shown.includes(secret))).toEqual([]);
  expect(workflowCommands(result)).toEqual([]);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

const manifest = (fields: Record<string, unknown> = {}) =>
  JSON.stringify(
    {
      id: PACKAGE_ID,
      title: 'Hello Module',
      version: '1.2.3',
      compatibility: { minimum: '12', verified: '13.345' },
      manifest: 'https://github.com/me/hello/releases/latest/download/module.json',
      ...fields,
    },
    null,
    2,
  );

async function check(
  args: string[],
  files: Record<string, string | Buffer>,
  env: Record<string, string> = {},
) {
  const result = await runCli({ args: ['check', ...args], files, env });
  expectCleanOutput(result);
  return result;
}

describe('fvtt-release check', () => {
  it('passes a good package folder with exit code 0 and a summary', async () => {
    const result = await check([], { 'src/module.json': manifest() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('fvtt-release: validated');
    expect(result.stdout).toContain('version: 1.2.3');
    expect(result.stdout).toContain('0 errors, 0 warnings');
  });

  it('reports every error of a broken folder as path:line: error: lines, with exit code 1', async () => {
    const broken = manifest({ version: '1.2.4', compatibility: { minimum: '12' } });
    const result = await check(['--tag', 'v1.2.3'], { 'module.json': broken });
    expect(result.exitCode).toBe(1);
    const errors = result.stdout.split('\n').filter((line) => line.includes(': error: '));
    expect(errors).toEqual([
      expect.stringMatching(/^module\.json:4: error: Tag 'v1\.2\.3' does not match version '1\.2\.4'/),
      expect.stringMatching(
        /^module\.json:5: error: .*no 'compatibility\.verified'.*--compatibility-verified/,
      ),
    ]);
    expect(result.stdout).toContain('2 errors, 0 warnings');
  });

  it('prints one JSON document with --json, files and lines relative to where it runs', async () => {
    const broken = manifest({ compatibility: { verified: '13' } });
    const files = { 'packages/hello/module.json': broken };
    const result = await check(['packages/hello', '--json'], files);
    expect(result.exitCode).toBe(1);
    const document = JSON.parse(result.stdout) as { status: string; errors: unknown[] };
    expect(document.status).toBe('failed');
    expect(document.errors).toEqual([
      {
        message: expect.stringContaining("no 'compatibility.minimum'"),
        file: path.join('packages', 'hello', 'module.json'),
        line: 5,
      },
    ]);
  });

  it('checks a good package zip by its own manifest', async () => {
    const zip = await packageZipBytes({ manifest: manifest(), folder: 'hello-module' });
    const result = await check(['dist/hello-module.zip'], { 'dist/hello-module.zip': zip });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('package zip: hello-module.zip holds hello-module 1.2.3');
  });

  it("fails a zip whose manifest kept the build's version placeholder, and a file that is no zip", async () => {
    const placeholder = await packageZipBytes({ manifest: manifest({ version: '#{VERSION}#' }) });
    const result = await check(['module.zip'], { 'module.zip': placeholder });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /^error: The version in module\.zip's module\.json is a build placeholder/m,
    );
    const notZip = await check(['module.zip'], { 'module.zip': 'not a zip' });
    expect(notZip.exitCode).toBe(1);
    expect(notZip.stdout).toMatch(/^error: The package zip module\.zip is not a readable zip/m);
  });

  it('names every file the manifest lists that the zip lacks', async () => {
    const text = manifest({
      esmodules: ['scripts/main.js', 'scripts/missing.js'],
      styles: ['styles/hello.css'],
    });
    const zip = await packageZipBytes({ manifest: text });
    const result = await check(['module.zip', '--json'], { 'module.zip': zip });
    expect(result.exitCode).toBe(1);
    const document = JSON.parse(result.stdout) as { errors: { message: string }[] };
    const messages = document.errors.map((e) => e.message).join('\n');
    expect(messages).toContain('scripts/missing.js');
    expect(messages).toContain('styles/hello.css');
    expect(messages).not.toContain('scripts/main.js');
  });

  it('checks a folder with the zip its build made (--package-zip), as a pull request does', async () => {
    const folder = { 'module.json': manifest({ version: '1.2.4' }) };
    const stale = await packageZipBytes({ manifest: manifest({ version: '1.2.3' }) });
    const result = await check(['--package-zip', 'dist/module.zip'], { ...folder, 'dist/module.zip': stale });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^error: .*version '1\.2\.3'.*1\.2\.4/m);
    const good = await packageZipBytes({ manifest: manifest({ version: '1.2.4' }) });
    const fine = await check(['--package-zip', 'dist/module.zip'], { ...folder, 'dist/module.zip': good });
    expect(fine.exitCode).toBe(0);
    expect(fine.stdout).toContain('package zip: dist/module.zip holds hello-module 1.2.4');
  });

  it('compares download with the repository named by --repository, and sends nothing', async () => {
    const stale = manifest({ download: 'https://github.com/me/hello/releases/download/v1.2.2/module.zip' });
    const result = await check(
      ['--repository', 'me/hello', '--tag', 'v1.2.3'],
      { 'module.json': stale },
      {
        FOUNDRY_RELEASE_TOKEN: FOUNDRY_TOKEN,
        FVTT_FOUNDRY_API_URL: apis.foundry.endpoint,
      },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /^module\.json:10: warning: The manifest's 'download' .* names tag 'v1\.2\.2'/m,
    );
    expect(apis.foundry.server.requests).toEqual([]);
  });
});

/** A GitLab CI job's predefined variables (GitLab docs, "Predefined CI/CD variables"). */
function gitLabJob(workspace: string, variables: Record<string, string>): Record<string, string> {
  return {
    CI: 'true',
    GITLAB_CI: 'true',
    CI_SERVER_URL: gitlab.url,
    CI_API_V4_URL: gitlab.apiUrl,
    CI_PROJECT_ID: String(gitlab.projectId),
    CI_PROJECT_PATH: gitlab.projectPath,
    CI_PROJECT_URL: gitlab.projectUrl,
    CI_PROJECT_DIR: workspace,
    CI_JOB_TOKEN: gitlab.jobToken,
    FOUNDRY_RELEASE_TOKEN: FOUNDRY_TOKEN,
    FVTT_FOUNDRY_API_URL: apis.foundry.endpoint,
    ...variables,
  };
}

async function workspaceDir(): Promise<string> {
  return path.join(await mkdtemp(path.join(os.tmpdir(), 'fvtt-release-gitlab-')), 'builds');
}

function gitLabManifest(version: string, fields: Record<string, unknown> = {}) {
  return manifest({
    version,
    manifest: `${gitlab.projectUrl}/-/releases/permalink/latest/downloads/module.json`,
    download: gitlab.directAssetUrl(`v${version}`, '/module.zip'),
    ...fields,
  });
}

describe('fvtt-release publish in GitLab CI', () => {
  it("publishes a tag pipeline's release with the manifest link's direct_asset_url, after checking its zip", async () => {
    const text = gitLabManifest('1.2.3');
    gitlab.addRelease('v1.2.3', { 'module.json': text, 'module.zip': await zipHolding(text)() });
    const workspace = await workspaceDir();
    const result = await runCli({
      args: ['publish'],
      cwd: workspace,
      env: gitLabJob(workspace, { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_TAG: 'v1.2.3' }),
    });
    expectCleanOutput(result);
    expect(result.exitCode).toBe(0);
    expect(apis.foundry.releaseRequests.map((r) => r.json)).toEqual([
      {
        id: PACKAGE_ID,
        release: {
          version: '1.2.3',
          manifest: gitlab.directAssetUrl('v1.2.3', '/module.json'),
          notes: `${gitlab.projectUrl}/-/releases/v1.2.3`,
          compatibility: { minimum: '12', verified: '13.345' },
        },
      },
    ]);
    expect(result.stdout).toContain('fvtt-release: published');
    expect(result.stdout).toMatch(/package zip: module\.zip holds hello-module 1\.2\.3/);
    // The job token went to GitLab's API, and nowhere else.
    expect(gitlab.server.received('GET', /\/releases\/v1\.2\.3$/)[0]?.headers['job-token']).toBe(
      gitlab.jobToken,
    );
    expect(JSON.stringify(apis.foundry.server.requests.map((r) => r.headers))).not.toContain(gitlab.jobToken);
  });

  it('refuses a manifest URL in the latest permalink form before anything is sent', async () => {
    const text = gitLabManifest('1.2.3');
    gitlab.addRelease('v1.2.3', { 'module.json': text, 'module.zip': await zipHolding(text)() });
    const workspace = await workspaceDir();
    const latest = `${gitlab.projectUrl}/-/releases/permalink/latest/downloads/module.json`;
    const result = await runCli({
      args: ['publish', '--manifest-url', latest],
      cwd: workspace,
      env: gitLabJob(workspace, { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_TAG: 'v1.2.3' }),
    });
    expectCleanOutput(result);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /^error: The manifest URL .* points to \/-\/releases\/permalink\/latest\//m,
    );
    expect(apis.foundry.releaseRequests).toEqual([]);
  });

  it('fails when download names a file that is no link of this release', async () => {
    const text = gitLabManifest('1.2.3', { download: gitlab.directAssetUrl('v1.2.3', '/hello.zip') });
    gitlab.addRelease('v1.2.3', { 'module.json': text, 'module.zip': await zipHolding(text)() });
    const workspace = await workspaceDir();
    const result = await runCli({
      args: ['publish'],
      cwd: workspace,
      env: gitLabJob(workspace, { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_TAG: 'v1.2.3' }),
    });
    expectCleanOutput(result);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/names 'hello\.zip', which is not an asset of release 'v1\.2\.3'/);
    expect(apis.foundry.releaseRequests).toEqual([]);
  });

  it('dry-runs a merge request pipeline from the workspace manifest, reading no release', async () => {
    const workspace = await workspaceDir();
    const result = await runCli({
      args: ['publish'],
      cwd: workspace,
      files: { 'module.json': gitLabManifest('1.3.0') },
      env: gitLabJob(workspace, { CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_IID: '7' }),
    });
    expectCleanOutput(result);
    expect(result.exitCode).toBe(0);
    expect(apis.foundry.releaseRequests.map((r) => r.json)).toEqual([
      expect.objectContaining({
        'dry-run': true,
        release: expect.objectContaining({ manifest: gitlab.directAssetUrl('v1.3.0', '/module.json') }),
      }),
    ]);
    // No release exists yet: only the release list is read, to say whether the version was bumped.
    expect(gitlab.server.requests.map((r) => r.path)).toEqual(['/api/v4/projects/24/releases']);
    expect(result.stdout).toContain('fvtt-release: dry-run');
  });
});

describe('fvtt-release publish from a terminal', () => {
  it('publishes the release --tag names in --repository, with GITHUB_TOKEN from the environment', async () => {
    publishRelease(apis, '1.2.3');
    const result = await runCli({
      args: [
        'publish',
        '--tag=v1.2.3',
        '--repository',
        `${apis.github.owner}/${apis.github.repo}`,
        '--host-url',
        apis.github.url,
        '--api-url',
        apis.github.url,
        '--json',
      ],
      env: {
        GITHUB_TOKEN: RUNNER_GITHUB_TOKEN,
        FOUNDRY_RELEASE_TOKEN: FOUNDRY_TOKEN,
        FVTT_FOUNDRY_API_URL: apis.foundry.endpoint,
      },
    });
    expectCleanOutput(result);
    expect(result.exitCode).toBe(0);
    const document = JSON.parse(result.stdout) as { status: string; outputs: Record<string, string> };
    expect(document.status).toBe('published');
    expect(document.outputs['manifest-url']).toBe(apis.github.downloadUrl('v1.2.3', 'module.json'));
    expect(apis.foundry.releaseRequests).toHaveLength(1);
    const [read] = apis.github.api.received('GET', /\/releases\/tags\/v1\.2\.3$/);
    expect(read?.headers.authorization).toBe(`Bearer ${RUNNER_GITHUB_TOKEN}`);
  });

  it('takes flags over FVTT_ variables', async () => {
    publishRelease(apis, '1.2.3', moduleManifest(apis, '1.2.3'));
    const result = await runCli({
      args: ['publish', '--tag', 'v1.2.3', '--repository', `${apis.github.owner}/${apis.github.repo}`],
      env: {
        FVTT_HOST_URL: apis.github.url,
        FVTT_API_URL: apis.github.url,
        FVTT_TAG: 'v9.9.9',
        FVTT_DRY_RUN: 'true',
        FOUNDRY_RELEASE_TOKEN: FOUNDRY_TOKEN,
        FVTT_FOUNDRY_API_URL: apis.foundry.endpoint,
      },
    });
    expectCleanOutput(result);
    expect(result.exitCode).toBe(0);
    expect(apis.foundry.releaseRequests.map((r) => r.json)).toEqual([
      expect.objectContaining({ 'dry-run': true, release: expect.objectContaining({ version: '1.2.3' }) }),
    ]);
  });
});

describe('fvtt-release publish in GitHub Actions', () => {
  it('reads the run from GITHUB_* as the action does, and writes plain lines, not workflow commands', async () => {
    publishRelease(apis, '1.2.3');
    const temp = await mkdtemp(path.join(os.tmpdir(), 'fvtt-release-gha-'));
    const event = pushTagEvent('v1.2.3');
    await writeFile(path.join(temp, 'event.json'), JSON.stringify(event.payload));
    const result = await runCli({
      args: ['publish'],
      env: {
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: event.name,
        GITHUB_EVENT_PATH: path.join(temp, 'event.json'),
        GITHUB_REPOSITORY: `${apis.github.owner}/${apis.github.repo}`,
        GITHUB_API_URL: apis.github.url,
        GITHUB_SERVER_URL: apis.github.url,
        GITHUB_WORKSPACE: temp,
        GITHUB_TOKEN: RUNNER_GITHUB_TOKEN,
        FOUNDRY_RELEASE_TOKEN: FOUNDRY_TOKEN,
        FVTT_FOUNDRY_API_URL: apis.foundry.endpoint,
      },
    });
    expectCleanOutput(result);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('fvtt-release: published');
    expect(apis.foundry.releaseRequests.map((r) => r.json)).toEqual([
      expect.objectContaining({
        release: expect.objectContaining({ manifest: apis.github.downloadUrl('v1.2.3', 'module.json') }),
      }),
    ]);
  });
});

describe('fvtt-release forge-reset', () => {
  it('resets the Forge world alone, with the key from FORGE_API_KEY', async () => {
    apis.forge.bazaar.set(DEMO_WORLD, ['1.0.0']);
    const result = await runCli({
      args: ['forge-reset', '--forge-world', DEMO_WORLD, '--forge-api-url', apis.forge.url],
      env: { FORGE_API_KEY: apis.forge.apiKey },
    });
    expectCleanOutput(result);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('forge: reset');
    expect(apis.forge.server.received('POST', '/api/data/worlds/install')).toHaveLength(1);
    expect(apis.foundry.server.requests).toEqual([]);
  });
});

describe('a cancelled pipeline (SIGTERM, or Ctrl-C in a terminal)', () => {
  it('ends forge-reset mid-import with the game idled again, a summary and exit 1', async () => {
    apis.forge.addWorld(DEMO_WORLD);
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'cli-cancel-')), 'project');
    await writeWorldZip(path.join(dir, 'w.zip'), { id: DEMO_WORLD });
    // The Forge would answer the import in a minute; GitLab kills the job soon after its SIGTERM.
    apis.forge.importAnswerDelayMs = 60_000;
    let signalledAt = 0;
    const result = await runCli({
      args: [
        'forge-reset',
        '--forge-world',
        DEMO_WORLD,
        '--forge-world-zip',
        'w.zip',
        '--forge-api-url',
        apis.forge.url,
      ],
      env: { FORGE_API_KEY: apis.forge.apiKey },
      cwd: dir,
      onSpawn: (pid) => {
        void (async () => {
          while (!apis.forge.server.received('POST', '/api/data/import')[0]?.upload?.file) await sleep(20);
          signalledAt = Date.now();
          process.kill(pid, 'SIGTERM');
        })();
      },
    });
    expectCleanOutput(result);
    expect(Date.now() - signalledAt).toBeLessThan(7_000);
    expect(result.exitCode).toBe(1);
    expect(apis.forge.calls.at(-1)).toBe('POST /api/game/idle');
    expect(apis.forge.game().state).toBe('idle');
    expect(`${result.stdout}${result.stderr}`).toMatch(/The run was cancelled \(SIGTERM\)/);
    expect(result.stdout).toContain('forge: failed');
  });
});

describe('usage errors', () => {
  it('refuses a secret given as a flag (exit 2), names its variable, and never prints the value', async () => {
    const result = await runCli({ args: ['publish', `--token=${FOUNDRY_TOKEN}`, '--tag', 'v1'] });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--token is not a flag');
    expect(result.stderr).toContain('Set FOUNDRY_RELEASE_TOKEN instead');
    expectCleanOutput(result);
    const key = await runCli({ args: ['forge-reset', '--forge-api-key', apis.forge.apiKey] });
    expect(key.exitCode).toBe(2);
    expect(key.stderr).toContain('Set FORGE_API_KEY instead');
    expectCleanOutput(key);
  });

  it('exits 2 on an unknown command, an unknown flag, and publish without --tag and --repository', async () => {
    const unknown = await runCli({ args: ['release'] });
    expect([unknown.exitCode, unknown.stderr]).toEqual([
      2,
      expect.stringContaining("Unknown command 'release'"),
    ]);
    const flag = await runCli({ args: ['check', '--pakage-id', 'x'] });
    expect([flag.exitCode, flag.stderr]).toEqual([
      2,
      expect.stringContaining("Unknown option '--pakage-id'"),
    ]);
    const bare = await runCli({ args: ['publish'], env: { FOUNDRY_RELEASE_TOKEN: FOUNDRY_TOKEN } });
    expect(bare.exitCode).toBe(2);
    expect(bare.stderr).toContain('--tag (FVTT_TAG)');
    expect(bare.stderr).toContain('--repository (FVTT_REPOSITORY)');
    const noPath = await runCli({ args: ['check', 'missing-folder'] });
    expect([noPath.exitCode, noPath.stderr]).toEqual([2, expect.stringContaining("PATH 'missing-folder'")]);
  });

  it('prints help for each command with exit 0', async () => {
    for (const command of ['check', 'publish', 'forge-reset']) {
      const result = await runCli({ args: [command, '--help'] });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain(`Usage: fvtt-release ${command}`);
    }
  });
});
