import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { actionNode, REPO_ROOT, runNode } from './run-action.js';

export const CLI_BUNDLE = path.join(REPO_ROOT, 'dist', 'cli.js');

export interface CliRun {
  args: string[];
  /** The whole environment of the process: nothing is inherited but PATH and HOME. */
  env?: Record<string, string>;
  /** Files to create in the working directory before the run. */
  files?: Record<string, string | Buffer>;
  /** An existing directory to run in instead of a fresh one. */
  cwd?: string;
  /** Called with the CLI's process id once it runs (to send it a signal). */
  onSpawn?: (pid: number) => void;
}

export interface CliResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  cwd: string;
}

/** Runs `node dist/cli.js …` as a user or a CI job does, in a fresh directory with only the given environment. */
export async function runCli(run: CliRun): Promise<CliResult> {
  const cwd = run.cwd ?? path.join(await mkdtemp(path.join(os.tmpdir(), 'fvtt-release-cli-')), 'project');
  await mkdir(cwd, { recursive: true });
  for (const [file, content] of Object.entries(run.files ?? {})) {
    await mkdir(path.dirname(path.join(cwd, file)), { recursive: true });
    await writeFile(path.join(cwd, file), content);
  }
  const ended = await runNode(actionNode(), [CLI_BUNDLE, ...run.args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, ...run.env },
    onSpawn: run.onSpawn,
  });
  return { ...ended, cwd };
}

/** A line a GitHub runner would read as a workflow command: the CLI must never write one. */
export function workflowCommands(result: CliResult): string[] {
  // The runner ends a line at a lone \r too.
  return `${result.stdout}\n${result.stderr}`.split(/\r\n|\r|\n/).filter((line) => /^\s*::/.test(line));
}
