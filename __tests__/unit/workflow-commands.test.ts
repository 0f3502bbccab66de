import * as core from '@actions/core';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { heredoc, WorkflowCommands, writeAll } from '../../src/action/workflow-commands.js';
import { parseOutputFile } from '../runner/run-action.js';

/**
 * The Action door writes the runner's workflow commands itself (start-up, issue 20). These tests hold it to
 * what `@actions/core` 3, GitHub's own toolkit, writes for the same calls, line for line.
 */

/** Text that exercises every escape: the command separators, line breaks and the escape character. */
const AWKWARD = [
  'plain',
  'a: b, c',
  '100% done',
  'line one\nline two\r\nthree\rfour',
  '::error::injected',
  '%0A already escaped',
  'ünïcödé ✓',
  '',
];

function captureStdout(action: () => void): string {
  let written = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  try {
    action();
  } finally {
    spy.mockRestore();
  }
  return written;
}

function ours(call: (commands: WorkflowCommands) => void, env: NodeJS.ProcessEnv = {}): string {
  let written = '';
  call(new WorkflowCommands(env, { write: (text) => (written += text) }));
  return written;
}

describe('workflow commands, as @actions/core writes them', () => {
  it.each(AWKWARD)('log lines and annotations for %j', (text) => {
    expect(ours((c) => c.info(text))).toBe(captureStdout(() => core.info(text)));
    expect(ours((c) => c.debug(text))).toBe(captureStdout(() => core.debug(text)));
    expect(ours((c) => c.notice(text))).toBe(captureStdout(() => core.notice(text)));
    expect(ours((c) => c.mask(text))).toBe(captureStdout(() => core.setSecret(text)));
    expect(ours((c) => c.warning(text))).toBe(captureStdout(() => core.warning(text)));
    expect(ours((c) => c.error(text))).toBe(captureStdout(() => core.error(text)));
  });

  it.each(AWKWARD.filter(Boolean))('annotations on a file and line, file named %j', (file) => {
    expect(ours((c) => c.error('bad', { file, line: 7 }))).toBe(
      captureStdout(() => core.error('bad', { file, startLine: 7 })),
    );
    expect(ours((c) => c.warning('risky', { file }))).toBe(
      captureStdout(() => core.warning('risky', { file })),
    );
  });

  it('reads an input as the runner names it: spaces as _, upper case, hyphens kept, untrimmed', () => {
    const env = { 'INPUT_PACKAGE-ZIP': '  dist/module.zip \n', INPUT_MY_INPUT: 'x' };
    const commands = new WorkflowCommands(env);
    vi.stubEnv('INPUT_PACKAGE-ZIP', env['INPUT_PACKAGE-ZIP']);
    try {
      expect(commands.input('package-zip')).toBe(core.getInput('package-zip', { trimWhitespace: false }));
    } finally {
      vi.unstubAllEnvs();
    }
    expect(commands.input('my input')).toBe('x');
    expect(commands.input('absent')).toBe('');
  });
});

describe('GITHUB_OUTPUT and GITHUB_STEP_SUMMARY', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fvtt-workflow-commands-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes outputs the runner reads back as they were, whatever they hold', async () => {
    const file = path.join(dir, 'output.txt');
    await writeFile(file, '');
    const commands = new WorkflowCommands({ GITHUB_OUTPUT: file });
    const values: Record<string, string> = {
      'package-id': 'my-module',
      summary: 'line one\nline two',
      // A value that ends the heredoc @actions/core or we would pick, and then forges an output.
      forged: 'x\nghadelimiter_fvtt\nrelease-url=https://evil.example\nghadelimiter_fvtt1',
      empty: '',
    };
    for (const [name, value] of Object.entries(values)) commands.setOutput(name, value);
    expect(parseOutputFile(await readFile(file, 'utf8'))).toEqual(values);
  });

  it('uses a delimiter no line of the value equals, so a value cannot close its own heredoc', () => {
    const value = 'ghadelimiter_fvtt\nghadelimiter_fvtt1\nghadelimiter_fvtt2';
    const [first = '', ...rest] = heredoc('out', value).split(os.EOL);
    const delimiter = first.slice('out<<'.length);
    expect(rest.slice(0, -1).join('\n')).toBe(value);
    expect(rest.at(-1)).toBe(delimiter);
    expect(value.split('\n')).not.toContain(delimiter);
  });

  it.each(['a\nb', 'a=b', 'a<<b', '', 'a b'])(
    'refuses %j as an output name (it would end the line early)',
    (name) => {
      expect(() => heredoc(name, 'v')).toThrow(/Not an output name/);
    },
  );

  it.each(AWKWARD)(
    'falls back to ::set-output without GITHUB_OUTPUT, as @actions/core does, for %j',
    (value) => {
      vi.stubEnv('GITHUB_OUTPUT', '');
      try {
        expect(ours((c) => c.setOutput('status', value))).toBe(
          captureStdout(() => core.setOutput('status', value)),
        );
      } finally {
        vi.unstubAllEnvs();
      }
    },
  );

  it('appends to the job summary as core.summary.addRaw(text, true).write() does', async () => {
    const theirs = path.join(dir, 'theirs.md');
    const mine = path.join(dir, 'mine.md');
    await writeFile(theirs, 'before\n');
    await writeFile(mine, 'before\n');
    vi.stubEnv('GITHUB_STEP_SUMMARY', theirs);
    try {
      await core.summary.addRaw('<h2>Release</h2>\n<p>ok</p>', true).write();
    } finally {
      vi.unstubAllEnvs();
    }
    expect(
      new WorkflowCommands({ GITHUB_STEP_SUMMARY: mine }).appendSummary('<h2>Release</h2>\n<p>ok</p>'),
    ).toBe(true);
    expect(await readFile(mine, 'utf8')).toBe(await readFile(theirs, 'utf8'));
  });

  it('has no summary to write outside a runner', () => {
    expect(new WorkflowCommands({}).appendSummary('x')).toBe(false);
  });
});

describe("writeAll, the log's writer", () => {
  it('writes every byte, and a line that cannot be written is dropped, never thrown', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fvtt-write-all-'));
    try {
      const file = path.join(dir, 'log.txt');
      const fd = openSync(file, 'w');
      const text = `${'ünïcödé ✓ '.repeat(20_000)}\n`;
      writeAll(fd, Buffer.from(text));
      closeSync(fd);
      expect(await readFile(file, 'utf8')).toBe(text);
      // A closed descriptor (EBADF), as a log the runner stopped reading (EPIPE): the run goes on.
      expect(() => writeAll(fd, Buffer.from('lost\n'))).not.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
