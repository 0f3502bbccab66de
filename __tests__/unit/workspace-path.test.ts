import { mkdir, mkdtemp, realpath, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  findWorkspaceFile,
  readWorkspaceFile,
  resolveWorkspacePath,
} from '../../src/settings/workspace-path.js';

let root: string;
let workspace: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'fvtt-workspace-path-'));
  workspace = path.join(root, 'workspace');
  await mkdir(path.join(workspace, 'src'), { recursive: true });
  await writeFile(path.join(workspace, 'src', 'module.json'), '{"id":"m"}');
  await writeFile(path.join(root, 'secret.json'), '{"id":"outside"}');
});

const resolve = (value: string) => resolveWorkspacePath(workspace, 'package-zip', value);

describe('resolveWorkspacePath', () => {
  it('resolves a relative or absolute path inside the workspace to its real path', async () => {
    for (const value of [
      'src/module.json',
      './src/../src/module.json',
      path.join(workspace, 'src/module.json'),
    ]) {
      await expect(resolve(value)).resolves.toMatchObject({
        kind: 'workspace-path',
        relative: 'src/module.json',
        real: path.join(await realpath(workspace), 'src/module.json'),
      });
    }
  });

  it('refuses a path outside the workspace, naming the input', async () => {
    await expect(resolve('../secret.json')).rejects.toThrow(
      /^Input 'package-zip' is '\.\.\/secret\.json', which is outside the workspace/,
    );
    await expect(resolve(path.join(root, 'secret.json'))).rejects.toThrow(/which is outside the workspace/);
  });

  it('refuses a symlink out of the workspace, and a file in a symlinked folder that leads out', async () => {
    await symlink(path.join(root, 'secret.json'), path.join(workspace, 'link.json'));
    await symlink(root, path.join(workspace, 'up'));
    await expect(resolve('link.json')).rejects.toThrow(
      /is 'link\.json', which is a symlink to a file outside/,
    );
    await expect(resolve('up/secret.json')).rejects.toThrow(
      /which is in a symlinked folder that leads outside/,
    );
  });

  it('says there is no such file for a missing file, a folder and a dangling symlink', async () => {
    await symlink(path.join(workspace, 'gone.json'), path.join(workspace, 'dangling.json'));
    for (const value of ['missing.json', 'src', 'dangling.json']) {
      await expect(resolve(value)).rejects.toThrow(/but there is no such file in the workspace/);
    }
  });
});

describe('findWorkspaceFile', () => {
  it('finds nothing where nothing is, and refuses a committed symlink out of the workspace', async () => {
    await expect(findWorkspaceFile(workspace, 'module.json')).resolves.toBeUndefined();
    await symlink(path.join(root, 'secret.json'), path.join(workspace, 'module.json'));
    await expect(findWorkspaceFile(workspace, 'module.json')).rejects.toThrow(
      /^The workspace's module\.json is a symlink to a file outside the workspace/,
    );
  });
});

describe('readWorkspaceFile', () => {
  it('reads at most limit + 1 bytes', async () => {
    await writeFile(path.join(workspace, 'big.json'), Buffer.alloc(10_000, 0x20));
    const file = await resolve('big.json');
    expect((await readWorkspaceFile(file, 100)).length).toBe(101);
    expect((await readWorkspaceFile(await resolve('src/module.json'), 100)).toString()).toBe('{"id":"m"}');
  });
});
