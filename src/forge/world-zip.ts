import type yauzl from 'yauzl';
import * as z from 'zod/mini';
import { ActionError } from '../problems/problem.js';
import { resolveWorkspacePath } from '../settings/workspace-path.js';
import type { HttpTransport } from '../network/http.js';
import { downloadToTemp } from '../network/download.js';
import type { RetryBudget } from '../network/retry.js';
import { untrusted } from '../problems/untrusted-text.js';
import { findManifestEntry, listEntries, openZipFile, readEntryBytes } from '../zip/zip-entries.js';

const MAX_WORLD_JSON_BYTES = 4 * 1024 * 1024;

const worldJsonSchema = z.object({ id: z.optional(z.string()), name: z.optional(z.string()) });

/**
 * Resolves a workspace path (symlinks included: SPEC §6b), failing with a message naming forge-world-zip
 * when there is no such file or it lies outside the workspace.
 */
export async function localWorldZip(file: string, workspace: string): Promise<string> {
  const zip = await resolveWorkspacePath(
    workspace,
    'forge-world-zip',
    file,
    'Build or download the zip in an earlier step, and give its path from the workspace root.',
  );
  return zip.real;
}

/** Streams the zip at `url` into RUNNER_TEMP (never into memory) and returns the file's path. */
export function downloadWorldZip(url: string, http: HttpTransport, budget: RetryBudget): Promise<string> {
  return downloadToTemp(
    url,
    { what: "Input 'forge-world-zip'", hint: 'Check the URL is public and points to the zip.' },
    http,
    budget,
  );
}

/**
 * SPEC §5.1: the zip is a zip and holds a world.json (at its root or in one top-level folder) whose id
 * (or name) is the world being reset. Reads the central directory and that one entry, not the whole file.
 */
export async function checkWorldZip(zipPath: string, label: string, world: string): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZipFile(zipPath);
  } catch (error) {
    throw new ActionError(
      `Input 'forge-world-zip' (${label}) is not a readable zip file (${untrusted((error as Error).message)}). Give the world's zip export.`,
    );
  }
  try {
    const entries = await listEntries(zip);
    const entry = findManifestEntry(entries, ['world.json']);
    if (!entry) {
      throw new ActionError(
        `Input 'forge-world-zip' (${label}) holds no world.json at its root or in one top-level folder. Zip the world's folder (the one with world.json).`,
      );
    }
    // Names and the id come from the zip, which may come from any URL: made safe before they are quoted.
    const entryName = untrusted(entry.fileName);
    const text = (
      await readEntryBytes(
        zip,
        entry,
        MAX_WORLD_JSON_BYTES,
        () => new ActionError(`Input 'forge-world-zip': ${entryName} is too large to be a world manifest.`),
      )
    ).toString('utf8');
    const parsed = worldJsonSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new ActionError(
        `Input 'forge-world-zip' (${label}): ${entryName} is not a valid world manifest.`,
      );
    }
    const id = parsed.data.id ?? parsed.data.name;
    if (id !== world) {
      throw new ActionError(
        `Input 'forge-world-zip' (${label}) holds world '${id === undefined ? '(no id)' : untrusted(id)}', but forge-world is '${world}'. Resetting would replace the wrong world: give the matching zip or world name.`,
      );
    }
  } catch (error) {
    if (error instanceof ActionError) throw error;
    throw new ActionError(
      `Input 'forge-world-zip' (${label}) is a damaged zip (${untrusted((error as Error).message)}). Export the world again.`,
    );
  } finally {
    zip.close();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}
