import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ActionError } from '../problems/problem.js';
import type { HttpTransport } from './http.js';
import { withRetries, type AttemptResult, type RetryBudget } from './retry.js';
import { untrusted } from '../problems/untrusted-text.js';

/** Who asks for the download, for its messages, e.g. "Input 'forge-world-zip'". */
export interface DownloadPurpose {
  what: string;
  /** What to check when the host refuses, e.g. "Check the URL is public and points to the zip." */
  hint: string;
}

/**
 * Streams `url` (no credentials, following redirects) into a new file in RUNNER_TEMP, never into memory,
 * retrying 5xx answers and broken transfers within the budget. Returns the file's path.
 */
export async function downloadToTemp(
  url: string,
  purpose: DownloadPurpose,
  http: HttpTransport,
  budget: RetryBudget,
): Promise<string> {
  const target = path.join(process.env.RUNNER_TEMP || os.tmpdir(), `fvtt-release-${randomUUID()}.zip`);
  await withRetries(
    async (): Promise<AttemptResult<undefined>> => {
      const { status } = await http.download(url, target);
      if (status === 200) return { ok: undefined };
      if (status >= 500) return { retry: { kind: 'transient' }, failure: `HTTP ${status}` };
      throw new ActionError(
        `${purpose.what}: downloading ${untrusted(url)} failed with HTTP ${status}. ${purpose.hint}`,
      );
    },
    {
      what: `Download for ${purpose.what}`,
      budget,
      giveUp: (failure, reason) =>
        new ActionError(
          `${purpose.what}: downloading ${untrusted(url)} failed (${failure}); gave up because ${reason}.`,
        ),
    },
  );
  return target;
}
