import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { z } from 'zod';
import { ActionError } from './action-error.js';
import type { HttpTransport } from './http.js';
import { withRetries, type AttemptResult, type RetryBudget } from './retry.js';

const MAX_WORLD_JSON_BYTES = 4 * 1024 * 1024;

const worldJsonSchema = z.object({ id: z.string().optional(), name: z.string().optional() });

/** Resolves a workspace path, failing with a message naming forge-world-zip when there is no file. */
export async function localWorldZip(file: string, workspace: string): Promise<string> {
  const resolved = path.resolve(workspace, file);
  const info = await stat(resolved).catch(() => undefined);
  if (!info?.isFile()) {
    throw new ActionError(
      `Input 'forge-world-zip' is '${file}', but there is no such file in the workspace. Build or download the zip in an earlier step, and give its path from the workspace root.`,
    );
  }
  return resolved;
}

/** Streams the zip at `url` into RUNNER_TEMP (never into memory) and returns the file's path. */
export async function downloadWorldZip(
  url: string,
  http: HttpTransport,
  budget: RetryBudget,
): Promise<string> {
  const target = path.join(process.env.RUNNER_TEMP || os.tmpdir(), `forge-world-${randomUUID()}.zip`);
  await withRetries(
    async (): Promise<AttemptResult<undefined>> => {
      const { status } = await http.download(url, target);
      if (status === 200) return { ok: undefined };
      if (status >= 500) return { retry: { kind: 'transient' }, failure: `HTTP ${status}` };
      throw new ActionError(
        `Input 'forge-world-zip': downloading ${url} failed with HTTP ${status}. Check the URL is public and points to the zip.`,
      );
    },
    {
      what: 'Download of forge-world-zip',
      budget,
      giveUp: (failure, reason) =>
        new ActionError(
          `Input 'forge-world-zip': downloading ${url} failed (${failure}); gave up because ${reason}.`,
        ),
    },
  );
  return target;
}

/**
 * SPEC §5.1: the zip is a zip and holds a world.json (at its root or in one top-level folder) whose id
 * (or name) is the world being reset. Reads the central directory and that one entry, not the whole file.
 */
export async function checkWorldZip(zipPath: string, label: string, world: string): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(zipPath);
  } catch (error) {
    throw new ActionError(
      `Input 'forge-world-zip' (${label}) is not a readable zip file (${(error as Error).message}). Give the world's zip export.`,
    );
  }
  try {
    const entries = await listEntries(zip);
    const entry = findWorldJson(entries);
    if (!entry) {
      throw new ActionError(
        `Input 'forge-world-zip' (${label}) holds no world.json at its root or in one top-level folder. Zip the world's folder (the one with world.json).`,
      );
    }
    const text = await readEntry(zip, entry);
    const parsed = worldJsonSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new ActionError(
        `Input 'forge-world-zip' (${label}): ${entry.fileName} is not a valid world manifest.`,
      );
    }
    const id = parsed.data.id ?? parsed.data.name;
    if (id !== world) {
      throw new ActionError(
        `Input 'forge-world-zip' (${label}) holds world '${id ?? '(no id)'}', but forge-world is '${world}'. Resetting would replace the wrong world: give the matching zip or world name.`,
      );
    }
  } catch (error) {
    if (error instanceof ActionError) throw error;
    throw new ActionError(
      `Input 'forge-world-zip' (${label}) is a damaged zip (${(error as Error).message}). Export the world again.`,
    );
  } finally {
    zip.close();
  }
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    );
  });
}

function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function findWorldJson(entries: yauzl.Entry[]): yauzl.Entry | undefined {
  const atRoot = entries.find((e) => e.fileName === 'world.json');
  if (atRoot) return atRoot;
  const inFolder = entries.filter((e) => /^[^/]+\/world\.json$/.test(e.fileName));
  return inFolder.length === 1 ? inFolder[0] : undefined;
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  if (entry.uncompressedSize > MAX_WORLD_JSON_BYTES) {
    return Promise.reject(
      new ActionError(`Input 'forge-world-zip': ${entry.fileName} is too large to be a world manifest.`),
    );
  }
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      stream.on('error', reject);
    });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}
