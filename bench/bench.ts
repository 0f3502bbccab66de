/**
 * `npm run bench`: the action's speed and memory targets, measured on the bundled dist/index.js against
 * the in-repo simulations. Prints a table, writes bench/results.json, and exits non-zero when a target
 * is missed. Not part of `npm test`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  moduleManifest,
  publishRelease,
  pullRequestEvent,
  releasePublishedEvent,
  resetOnlyInputs,
  runAgainst,
  SCHEDULE_EVENT,
  startApis,
  type Apis,
} from '../__tests__/e2e/harness.js';
import { writeLyingManifestZip, writePackageZip } from '../__tests__/fixtures/package-zip.js';
import { writeWorldZip } from '../__tests__/fixtures/world-zip.js';
import { installedNode24, REPO_ROOT } from '../__tests__/runner/run-action.js';

const MiB = 1024 * 1024;
const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const FLOOR = path.join(here, 'floor-release.mjs');
/** `--only=startup,cli`: just those measures (startup, cli, roundtrips, bundle, upload, zip, waiting); no results.json. */
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wanted = (measure: string) => !only || only.includes(measure);

interface Result {
  name: string;
  value: string;
  target: string;
  pass: boolean;
}
const results: Result[] = [];
const record = (name: string, value: string, target: string, pass: boolean) => {
  results.push({ name, value, target, pass });
  console.log(`${pass ? 'ok  ' : 'MISS'} ${name}: ${value} (target ${target})`);
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

/**
 * The environment the runner emulation gives the action (runAction): bare node gets the same, so neither
 * pays for what the other is spared (NODE_EXTRA_CA_CERTS, set on this machine, costs Node 20 ~30 ms).
 */
const CLEAN_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir() };

async function timeSpawn(node: string, args: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(node, args, { stdio: 'ignore', env: CLEAN_ENV });
    child.on('close', () => resolve());
    child.on('error', reject);
  });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Start-up: a whole release run of the bundle under `node` (zip check included), spawn to exit, against
 * bare `node -e 0` spawned with the same environment. The floor is bench/floor-release.mjs run the same
 * way: the same exchanges with nothing but node:http, so "over the floor" is what the action's own code
 * costs.
 */
async function startup(apis: Apis, node: string, label: string, firstVersion: number, target: number) {
  const runs = quick ? 5 : 11;
  const bare: number[] = [];
  const action: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(await timeSpawn(node, ['-e', '0']));
    const release = publishRelease(apis, `9.${firstVersion}.${i}`);
    const result = await runAgainst(apis, { event: releasePublishedEvent(release), node });
    if (result.exitCode !== 0) throw new Error(`release run failed: ${result.errors.join('\n')}`);
    action.push(result.spawnToExitMs);
    const floorRun = await runAgainst(apis, { event: releasePublishedEvent(release), node, script: FLOOR });
    if (floorRun.exitCode !== 0) throw new Error(`floor run failed: ${floorRun.stderr}`);
    floor.push(floorRun.spawnToExitMs);
  }
  const ratio = median(action) / median(bare);
  const floorRatio = median(floor) / median(bare);
  record(
    `Start-up on ${label} (release run / bare node)`,
    `${median(action).toFixed(0)} ms / ${median(bare).toFixed(0)} ms = ${ratio.toFixed(2)}× ` +
      `(floor: the same exchanges with bare node:http, ${median(floor).toFixed(0)} ms = ${floorRatio.toFixed(2)}×)`,
    `≤ ${target.toFixed(1)}×`,
    ratio <= target,
  );
  return {
    node: label,
    medianActionMs: median(action),
    medianBareNodeMs: median(bare),
    medianFloorMs: median(floor),
    ratio,
    floorRatio,
    runs,
  };
}

/** Node 20 (this process's) and, when .ci/node24 is installed, Node 24: the runtime action.yml declares. */
async function startupOnEachNode(apis: Apis) {
  const figures = [await startup(apis, process.execPath, `Node ${process.version}`, 0, 2.5)];
  const node24 = installedNode24();
  if (!node24) {
    console.log('skip Start-up on Node 24: not installed (npm ci --prefix .ci/node24)');
    return figures;
  }
  const version = execFileSync(node24, ['--version'], { encoding: 'utf8' }).trim();
  figures.push(await startup(apis, node24, `Node ${version}`, 1, 3.0));
  return figures;
}

/** The CLI's `check` (a pre-commit hook must feel instant): a package folder and a 10 MiB package zip. */
async function cliCheck(apis: Apis) {
  const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    console.log(
      'skip fvtt-release check start-up: dist/cli.js is not built (it comes with the CLI, issue 18)',
    );
    return undefined;
  }
  const node = installedNode24() ?? process.execPath;
  const label = `Node ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fvtt-bench-cli-'));
  try {
    const manifest = moduleManifest(apis, '1.0.0');
    await mkdir(path.join(dir, 'folder'));
    await writeFile(path.join(dir, 'folder', 'module.json'), manifest);
    const zip = await writePackageZip(path.join(dir, 'module.zip'), { manifest, fillerBytes: 10 * MiB });
    const figures = [];
    for (const [what, target, args] of [
      ['a package folder', 2.0, [cli, 'check', path.join(dir, 'folder')]],
      ['a 10 MiB package zip', 3.0, [cli, 'check', zip]],
    ] as const) {
      const exit = await new Promise<number | null>((resolve) =>
        spawn(node, args, { stdio: 'ignore', env: CLEAN_ENV }).on('close', resolve),
      );
      if (exit !== 0) throw new Error(`fvtt-release check of ${what} exited with ${exit}`);
      const bare: number[] = [];
      const check: number[] = [];
      for (let i = 0; i < (quick ? 5 : 11); i++) {
        bare.push(await timeSpawn(node, ['-e', '0']));
        check.push(await timeSpawn(node, [...args]));
      }
      const ratio = median(check) / median(bare);
      record(
        `fvtt-release check of ${what} on ${label} (spawn to exit / bare node)`,
        `${median(check).toFixed(0)} ms / ${median(bare).toFixed(0)} ms = ${ratio.toFixed(2)}×`,
        `≤ ${target.toFixed(1)}×`,
        ratio <= target,
      );
      figures.push({ what, medianCheckMs: median(check), medianBareNodeMs: median(bare), ratio });
    }
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every simulated service holds each answer back by `ms`, as a network round trip would. */
function delayAnswers(apis: Apis, ms: number) {
  for (const server of [apis.github.api, apis.github.storage, apis.foundry.server, apis.forge.server])
    server.answerDelayMs = ms;
}

/**
 * Round trips a run waits for one after another: its wall time with every answer delayed by D, minus its
 * wall time without, divided by D (requests made together wait one D between them).
 */
async function roundTrips(apis: Apis) {
  const delayMs = 200;
  let version = 0;
  const kinds = [
    {
      name: 'a release (manifest URL check and zip check)',
      target: 6,
      run: () => {
        const release = publishRelease(apis, `6.${++version}.0`);
        return runAgainst(apis, { event: releasePublishedEvent(release) });
      },
    },
    {
      name: 'a pull request dry run with a token',
      target: 3,
      run: () =>
        runAgainst(apis, {
          event: pullRequestEvent(),
          workspaceFiles: { 'module.json': moduleManifest(apis, `5.${++version}.0`) },
        }),
    },
  ];
  const figures = [];
  for (const kind of kinds) {
    const wall: Record<'with' | 'without', number[]> = { with: [], without: [] };
    for (let i = 0; i < (quick ? 3 : 5); i++) {
      for (const delayed of [false, true]) {
        delayAnswers(apis, delayed ? delayMs : 0);
        const started = process.hrtime.bigint();
        const result = await kind.run();
        wall[delayed ? 'with' : 'without'].push(Number(process.hrtime.bigint() - started) / 1e6);
        if (result.exitCode !== 0) throw new Error(`${kind.name} failed: ${result.errors.join('\n')}`);
      }
    }
    delayAnswers(apis, 0);
    const inARow = (median(wall.with) - median(wall.without)) / delayMs;
    record(
      `Round trips in a row, ${kind.name}`,
      `${inARow.toFixed(1)} (${median(wall.with).toFixed(0)} ms with ${delayMs} ms per answer, ${median(wall.without).toFixed(0)} ms without)`,
      `≤ ${kind.target}`,
      Math.round(inARow) <= kind.target,
    );
    figures.push({
      name: kind.name,
      inARow,
      delayMs,
      medianWithMs: median(wall.with),
      medianWithoutMs: median(wall.without),
    });
  }
  return figures;
}

async function bundleSize() {
  const dist = path.join(REPO_ROOT, 'dist');
  let bytes = 0;
  for (const file of await readdir(dist)) bytes += (await stat(path.join(dist, file))).size;
  record('Bundle (dist/)', `${(bytes / 1024).toFixed(0)} KiB`, '≤ 1 MiB', bytes <= MiB);
  return { bytes };
}

/** Peak RSS of a process, read from /proc while it runs (VmHWM is the high-water mark). */
function watchPeakRss(pid: number): () => number {
  let peakKb = 0;
  const timer = setInterval(() => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) peakKb = Math.max(peakKb, Number(match[1]));
    } catch {
      // The process has exited.
    }
  }, 5);
  return () => {
    clearInterval(timer);
    return peakKb * 1024;
  };
}

/** Upload memory: peak RSS of the action while the Forge reset uploads a large world zip. */
async function uploadMemory(apis: Apis, sizeMiB: number) {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'fvtt-bench-'));
  try {
    const zip = await writeWorldZip(path.join(workspace, 'world.zip'), {
      id: 'demo-world',
      fillerBytes: sizeMiB * MiB,
    });
    const zipBytes = (await stat(zip)).size;
    apis.forge.addWorld('demo-world');
    let stopWatching = () => 0;
    const started = process.hrtime.bigint();
    const result = await runAgainst(apis, {
      event: SCHEDULE_EVENT,
      workspace,
      inputs: resetOnlyInputs(apis, { 'forge-world-zip': 'world.zip' }),
      onSpawn: (pid) => (stopWatching = watchPeakRss(pid)),
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peak = stopWatching();
    if (result.exitCode !== 0) throw new Error(`reset failed: ${result.errors.join('\n')}`);
    const uploaded = apis.forge.server.received('POST', '/api/data/import').at(-1)?.upload?.file?.size;
    if (uploaded !== zipBytes) throw new Error(`uploaded ${uploaded} bytes of ${zipBytes}`);
    const throughput = zipBytes / MiB / seconds;
    record(
      `Upload memory, ${sizeMiB} MiB zip`,
      `peak RSS ${(peak / MiB).toFixed(1)} MiB, ${throughput.toFixed(0)} MiB/s`,
      '≤ 100 MiB',
      peak > 0 && peak <= 100 * MiB,
    );
    return { zipBytes, peakRssBytes: peak, seconds, throughputMiBps: throughput };
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

/**
 * The package zip check on a large zip whose manifest is stored last: bytes transferred and the action's
 * peak RSS, with Range requests and from a host that ignores them (the zip is then streamed to disk).
 */
async function zipCheck(apis: Apis, sizeMiB: number, ranges: boolean) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fvtt-bench-zip-'));
  try {
    const version = ranges ? '7.0.0' : '7.0.1';
    const manifest = moduleManifest(apis, version);
    const zip = await writePackageZip(path.join(dir, 'module.zip'), { manifest, fillerBytes: sizeMiB * MiB });
    const release = apis.github.addRelease({
      tag: `v${version}`,
      assets: { 'module.json': manifest, 'module.zip': { file: zip } },
    });
    apis.github.ignoreRanges = !ranges;
    apis.github.bytesServed.delete('module.zip');
    let stopWatching = () => 0;
    const result = await runAgainst(apis, {
      event: releasePublishedEvent(release),
      onSpawn: (pid) => (stopWatching = watchPeakRss(pid)),
    });
    const peak = stopWatching();
    if (result.exitCode !== 0) throw new Error(`zip check run failed: ${result.errors.join('\n')}`);
    const transferred = apis.github.bytesServed.get('module.zip') ?? 0;
    if (ranges) {
      record(
        `Zip check, ${sizeMiB} MiB zip, manifest last: transferred`,
        `${(transferred / 1024).toFixed(0)} KiB`,
        '≤ 1 MiB',
        transferred > 0 && transferred <= MiB,
      );
    }
    record(
      `Zip check, ${sizeMiB} MiB zip, ${ranges ? 'with Range' : 'host ignores Range'}: memory`,
      `peak RSS ${(peak / MiB).toFixed(1)} MiB`,
      '≤ 100 MiB',
      peak > 0 && peak <= 100 * MiB,
    );
    return { sizeMiB, ranges, transferredBytes: transferred, peakRssBytes: peak };
  } finally {
    apis.github.ignoreRanges = false;
    forgetReleasesOf(apis, dir);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Drops the releases whose assets are files in `dir` before the files go: the release list that the
 * version-order check reads would otherwise answer 500 for every later run.
 */
function forgetReleasesOf(apis: Apis, dir: string) {
  const inDir = (a: { content: unknown }) =>
    typeof a.content === 'object' &&
    a.content !== null &&
    'file' in a.content &&
    String(a.content.file).startsWith(dir);
  const kept = apis.github.releases.filter((r) => !r.assets.some(inDir));
  apis.github.releases.splice(0, apis.github.releases.length, ...kept);
}

/**
 * What a package's file count adds to a release run: the zip check walks the whole central directory (yauzl
 * reads each entry's record), here over the storage host's Range answers. A run with a 3,000-file package
 * against one with a 2-file package, median of 7 each (a large system ships thousands of templates,
 * images and pack files). Before yauzl's small reads were served from the kept ranges: 166 ms.
 */
async function manyFiles(apis: Apis) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fvtt-bench-files-'));
  try {
    const runs = quick ? 3 : 7;
    const files = Object.fromEntries(
      Array.from({ length: 3000 }, (_, i) => [`templates/part-${i}.hbs`, `<p>${i}</p>`]),
    );
    /** One release run; its zip holds the manifest and scripts/main.js, and with `files` 3,000 more. */
    const timed = async (withFiles: boolean, i: number) => {
      const version = `8.${withFiles ? 1 : 0}.${i}`;
      const manifest = moduleManifest(apis, version);
      const zip = await writePackageZip(path.join(dir, `module-${version}.zip`), {
        manifest,
        ...(withFiles ? { files } : {}),
      });
      const release = apis.github.addRelease({
        tag: `v${version}`,
        assets: { 'module.json': manifest, 'module.zip': { file: zip } },
      });
      const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
      if (result.exitCode !== 0) throw new Error(`many-files run failed: ${result.errors.join('\n')}`);
      return result.spawnToExitMs;
    };
    const few: number[] = [];
    const many: number[] = [];
    for (let i = 0; i < runs; i++) {
      few.push(await timed(false, i));
      many.push(await timed(true, i));
    }
    const extra = median(many) - median(few);
    record(
      'Zip check: what 3,000 files in the package zip add to a release run',
      `${extra.toFixed(0)} ms (${median(many).toFixed(0)} ms against ${median(few).toFixed(0)} ms for 2 files)`,
      '≤ 50 ms',
      extra <= 50,
    );
    return { medianManyMs: median(many), medianFewMs: median(few), extraMs: extra, runs };
  } finally {
    forgetReleasesOf(apis, dir);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The package zip check on a zip whose manifest entry claims 500 bytes but spans 150 MiB compressed: it is
 * refused from the central directory, so the transfer and the action's peak RSS stay small.
 */
async function lyingZipCheck(apis: Apis) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fvtt-bench-lying-'));
  try {
    const zip = await writeLyingManifestZip(path.join(dir, 'module.zip'), {
      claimedBytes: 500,
      spanBytes: 150 * MiB,
    });
    const release = apis.github.addRelease({
      tag: 'v7.0.2',
      assets: { 'module.json': moduleManifest(apis, '7.0.2'), 'module.zip': { file: zip } },
    });
    apis.github.bytesServed.delete('module.zip');
    let stopWatching = () => 0;
    const result = await runAgainst(apis, {
      event: releasePublishedEvent(release),
      onSpawn: (pid) => (stopWatching = watchPeakRss(pid)),
    });
    const peak = stopWatching();
    if (!result.errors.some((e) => /a manifest is at most 1 MiB, so it was not read/.test(e))) {
      throw new Error(`the lying zip was not refused: ${result.errors.join('\n')}`);
    }
    const transferred = apis.github.bytesServed.get('module.zip') ?? 0;
    record(
      'Zip check, manifest entry claiming 500 B over 150 MiB: refused, transferred and memory',
      `${(transferred / 1024).toFixed(0)} KiB, peak RSS ${(peak / MiB).toFixed(1)} MiB`,
      '≤ 1 MiB, ≤ 100 MiB',
      transferred <= MiB && peak > 0 && peak <= 100 * MiB,
    );
    return { transferredBytes: transferred, peakRssBytes: peak };
  } finally {
    forgetReleasesOf(apis, dir);
    await rm(dir, { recursive: true, force: true });
  }
}

/** Waiting: the gap between a 429 with Retry-After: 2 and the retried request. */
async function waiting(apis: Apis) {
  apis.foundry.server.fail('POST', /release_version/, {
    kind: 'status',
    status: 429,
    headers: { 'Retry-After': '2' },
  });
  const release = publishRelease(apis, '8.0.0');
  const before = apis.foundry.releaseRequests.length;
  const result = await runAgainst(apis, { event: releasePublishedEvent(release) });
  const [first, second] = apis.foundry.releaseRequests.slice(before);
  if (result.exitCode !== 0 || !first || !second)
    throw new Error(
      `Retry-After run failed: ${result.errors.join('\n')} (${apis.foundry.releaseRequests.length - before} requests)`,
    );
  const gap = (second.receivedAt - first.receivedAt) / 1000;
  record('Waiting for Retry-After: 2', `${gap.toFixed(2)} s`, '2.0–2.5 s', gap >= 2 && gap <= 2.5);
  return { gapSeconds: gap };
}

const apis = await startApis();
let failed = false;
const figures: Record<string, unknown> = {};
try {
  if (wanted('startup')) figures.startup = await startupOnEachNode(apis);
  if (wanted('cli')) figures.cliCheck = await cliCheck(apis);
  if (wanted('roundtrips')) figures.roundTrips = await roundTrips(apis);
  if (wanted('bundle')) figures.bundle = await bundleSize();
  if (wanted('upload')) {
    figures.upload = [];
    for (const size of quick ? [64] : [256, 1024])
      (figures.upload as unknown[]).push(await uploadMemory(apis, size));
  }
  if (wanted('zip')) {
    figures.zipCheck = [
      await zipCheck(apis, quick ? 64 : 256, true),
      await zipCheck(apis, quick ? 64 : 256, false),
    ];
    figures.lyingZipCheck = await lyingZipCheck(apis);
    figures.manyFiles = await manyFiles(apis);
  }
  if (wanted('waiting')) figures.waiting = await waiting(apis);
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await apis.stop();
}

const machine = {
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
  platform: `${os.platform()} ${os.release()}`,
};
if (!only) {
  await mkdir(here, { recursive: true });
  await writeFile(
    path.join(here, 'results.json'),
    `${JSON.stringify({ date: new Date().toISOString(), machine, quick, results, figures }, null, 2)}\n`,
  );
}
console.log('\n| measure | result | target | |\n| --- | --- | --- | --- |');
for (const r of results)
  console.log(`| ${r.name} | ${r.value} | ${r.target} | ${r.pass ? 'met' : 'MISSED'} |`);
console.log(
  `\nMachine: Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB.${only ? '' : ' Written to bench/results.json.'}`,
);
if (failed || results.some((r) => !r.pass)) process.exitCode = 1;
