import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLE = path.join(REPO_ROOT, 'dist', 'index.js');

/**
 * The Node binary that runs the bundle, as the runner's `node24` would: FVTT_ACTION_NODE when set (.ci/run
 * sets it to Node 24 for a second pass of the end-to-end tests), else the Node running the tests.
 */
export function actionNode(): string {
  return process.env.FVTT_ACTION_NODE || process.execPath;
}

/** Node 24 from .ci/node24 (`npm ci --prefix .ci/node24`), when it is installed for this platform. */
export function installedNode24(): string | undefined {
  const binary = path.join(
    REPO_ROOT,
    '.ci/node24/node_modules',
    `node-${process.platform}-${process.arch}`,
    'bin/node',
  );
  return existsSync(binary) ? binary : undefined;
}

/** Runs a bundle as its own process and collects what it printed and how it ended. */
export async function runNode(
  node: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; onSpawn?: (pid: number) => void },
): Promise<{ exitCode: number | null; stdout: string; stderr: string; spawnToExitMs: number }> {
  const started = process.hrtime.bigint();
  const child = spawn(node, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) options.onSpawn?.(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { exitCode, stdout, stderr, spawnToExitMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** The token the runner would substitute for `${{ github.token }}`. */
export const RUNNER_GITHUB_TOKEN = 'ghs_runnerTokenForTests0123456789';

export interface ActionRun {
  inputs?: Record<string, string>;
  event: { name: string; payload: object };
  /** GITHUB_API_URL and GITHUB_SERVER_URL. */
  githubUrl: string;
  repository?: string;
  /** Files to create in the workspace before the run. */
  workspaceFiles?: Record<string, string | Buffer>;
  /** An existing workspace to use instead of a fresh one. */
  workspace?: string;
  env?: Record<string, string>;
  /** Called with the action's process id once it runs (the benchmark watches its memory). */
  onSpawn?: (pid: number) => void;
  /** The Node binary to run the bundle with; actionNode() when absent. */
  node?: string;
  /** A script to run in dist/index.js's place (the benchmark's floor, bench/floor-release.mjs). */
  script?: string;
}

export interface ActionResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
  /** stdout without the ::add-mask:: commands, which the runner consumes and never shows. */
  visibleLog: string;
  /** Every ::error:: line. */
  errors: string[];
  /** Wall time from spawning the bundle to its exit (the runner's own setup and read-back excluded). */
  spawnToExitMs: number;
}

interface ActionInput {
  default?: string;
}

let inputDefaults: Record<string, string> | undefined;

/** Defaults as the runner takes them from action.yml, with `${{ github.token }}` substituted. */
async function actionDefaults(): Promise<Record<string, string>> {
  if (!inputDefaults) {
    const action = parseYaml(await readFile(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, ActionInput>;
    };
    inputDefaults = {};
    for (const [name, input] of Object.entries(action.inputs)) {
      if (input.default === undefined) continue;
      inputDefaults[name] = input.default.replace('${{ github.token }}', RUNNER_GITHUB_TOKEN);
    }
  }
  return inputDefaults;
}

/** The runner's name for an input's variable: INPUT_ + the name upper-cased, spaces as _, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Runs dist/index.js as a child process the way GitHub's runner does a `node24` action, and reads back
 * what the runner would: exit code, outputs, step summary and log.
 */
export async function runAction(run: ActionRun): Promise<ActionResult> {
  const temp = await mkdtemp(path.join(os.tmpdir(), 'fvtt-release-run-'));
  const workspace = run.workspace ?? path.join(temp, 'workspace');
  const runnerTemp = path.join(temp, 'runner-temp');
  await mkdir(workspace, { recursive: true });
  await mkdir(runnerTemp, { recursive: true });
  for (const [file, content] of Object.entries(run.workspaceFiles ?? {})) {
    await mkdir(path.dirname(path.join(workspace, file)), { recursive: true });
    await writeFile(path.join(workspace, file), content);
  }
  const eventPath = path.join(temp, 'event.json');
  const outputPath = path.join(temp, 'output.txt');
  const summaryPath = path.join(temp, 'summary.md');
  await writeFile(eventPath, JSON.stringify(run.event.payload));
  await writeFile(outputPath, '');
  await writeFile(summaryPath, '');

  const inputs = { ...(await actionDefaults()), ...run.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? temp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: run.event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: run.repository ?? 'Codertocat/Hello-World',
    GITHUB_API_URL: run.githubUrl,
    GITHUB_SERVER_URL: run.githubUrl,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    ...run.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value;

  const { exitCode, stdout, stderr, spawnToExitMs } = await runNode(
    run.node ?? actionNode(),
    [run.script ?? BUNDLE],
    {
      cwd: workspace,
      env,
      onSpawn: run.onSpawn,
    },
  );

  const visibleLog = stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(outputPath, 'utf8')),
    summary: await readFile(summaryPath, 'utf8'),
    workspace,
    visibleLog,
    errors: stdout.split('\n').filter((line) => line.startsWith('::error')),
    spawnToExitMs,
  };
}

/** Reads GITHUB_OUTPUT's `name<<DELIMITER … DELIMITER` blocks (and plain name=value lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] ?? '');
      outputs[name] = value.join('\n');
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}
