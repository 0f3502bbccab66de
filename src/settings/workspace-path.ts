import { constants } from 'node:fs';
import path from 'node:path';
import { close, lstat, open, readFully, realpath } from '../network/files.js';
import { ActionError } from '../problems/problem.js';
import { untrusted } from '../problems/untrusted-text.js';

/**
 * A file of the workspace the action may read (SPEC §6b): its real path, symlinks resolved, lies inside
 * the real GITHUB_WORKSPACE. Made only by the resolvers below.
 */
export interface WorkspacePath {
  readonly kind: 'workspace-path';
  /** The path as given, relative to the workspace root, for messages and annotations (e.g. `src/module.json`). */
  readonly relative: string;
  /** The real path (fs.realpath), inside the real workspace: what is opened. */
  readonly real: string;
}

/** What to say about the file in an error: who named it, and what to do when it is missing. */
interface Naming {
  /** The start of a sentence that says where the file is: "Input 'manifest-path' is 'x', which is". */
  lead: string;
  /** The whole message when there is no such file. */
  missing: string;
}

/**
 * Resolves the value of a path input (`manifest-path`, `forge-world-zip`, `package-zip`) to a file of the
 * workspace, or throws an ActionError naming the input: no such file, outside the workspace (`../..`, an
 * absolute path elsewhere), or a symlink (or a folder that is one) that leads out of it.
 */
export function resolveWorkspacePath(
  workspace: string,
  inputName: string,
  value: string,
  missingHint = 'Give the path of a file in the workspace, from its root.',
): Promise<WorkspacePath> {
  const named = `Input '${inputName}' is '${untrusted(value, 100)}'`;
  return resolveInWorkspace(workspace, value, {
    lead: `${named}, which is`,
    missing: `${named}, but there is no such file in the workspace. ${missingHint}`,
  });
}

/**
 * The same for a file the action looks for on its own (the manifest at the workspace's root): undefined
 * when there is nothing at that path, an error when what is there leads out of the workspace.
 */
export async function findWorkspaceFile(
  workspace: string,
  relative: string,
): Promise<WorkspacePath | undefined> {
  const present = await lstat(path.resolve(workspace, relative)).catch(() => undefined);
  if (!present) return undefined;
  return resolveInWorkspace(workspace, relative, {
    lead: `The workspace's ${relative} is`,
    missing: `The workspace's ${relative} is not a file (a symlink to nothing, or a folder): commit the manifest itself.`,
  });
}

async function resolveInWorkspace(workspace: string, value: string, naming: Naming): Promise<WorkspacePath> {
  const root = path.resolve(workspace);
  const given = path.resolve(root, value);
  if (!isInside(root, given)) {
    throw new ActionError(
      `${naming.lead} outside the workspace. The action reads only files of the workspace (GITHUB_WORKSPACE): give a path from its root.`,
    );
  }
  const real = await realpath(given).catch(() => undefined);
  const info = real === undefined ? undefined : await lstat(real).catch(() => undefined);
  if (real === undefined || !info?.isFile()) {
    throw new ActionError(naming.missing);
  }
  const realRoot = await realpath(root).catch(() => root);
  if (!isInside(realRoot, real)) {
    const link = (await lstat(given)).isSymbolicLink();
    throw new ActionError(
      `${naming.lead} ${link ? 'a symlink to a file' : 'in a symlinked folder that leads'} outside the workspace. The action reads only files of the workspace (GITHUB_WORKSPACE), so that a pull request cannot make it read the runner's files: commit the file itself, not a link to it.`,
    );
  }
  return { kind: 'workspace-path', relative: path.relative(root, given).split(path.sep).join('/'), real };
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return (
    relative !== '' &&
    !relative.startsWith(`..${path.sep}`) &&
    relative !== '..' &&
    !path.isAbsolute(relative)
  );
}

/**
 * Reads at most `limit + 1` bytes of a workspace file: enough for the caller to say it is too large,
 * never the whole of a mistaken multi-gigabyte file. Opened without following a symlink put in its place
 * since it was resolved (O_NOFOLLOW, where the platform has it).
 */
export async function readWorkspaceFile(file: WorkspacePath, limit: number): Promise<Buffer> {
  const fd = await open(file.real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const buffer = Buffer.alloc(limit + 1);
    return buffer.subarray(0, await readFully(fd, buffer, 0));
  } finally {
    await close(fd);
  }
}
