import os from 'node:os';
import path from 'node:path';
import { ActionError } from '../problems/problem.js';
import { deadline } from '../problems/cancel.js';
import { close, open, rm } from './files.js';
import { BodyTooLargeError, formatBytes, type HttpTransport } from './http.js';
import { withRetries, type AttemptResult, type RetryBudget } from './retry.js';
import { untrusted } from '../problems/untrusted-text.js';

/** Who asks for the download, for its messages, e.g. "Input 'forge-world-zip'". */
export interface DownloadPurpose {
  what: string;
  /** What to check when the host refuses, e.g. "Check the URL is public and points to the zip." */
  hint: string;
}

/**
 * The most a download may write to RUNNER_TEMP. Generous: a world zip with its scenes and assets may be
 * large, and a hosted runner has about 14 GiB of free disk. The deadline below is what ends a body that drips.
 */
export const DOWNLOAD_MAX_BYTES = 4 * 1024 * 1024 * 1024;
/** A whole download, retries included, may take this many times request-timeout (5 minutes at the default 30 s)… */
export const DOWNLOAD_DEADLINE_FACTOR = 10;
/** …and never more than an hour, far below GitHub's 6-hour job limit. */
export const MAX_DOWNLOAD_DEADLINE_MS = 60 * 60 * 1000;

/** The total time a download may take with this request-timeout. */
export function downloadDeadlineMs(requestTimeoutMs: number): number {
  return Math.min(requestTimeoutMs * DOWNLOAD_DEADLINE_FACTOR, MAX_DOWNLOAD_DEADLINE_MS);
}

/**
 * Streams `url` (no credentials, following redirects) into a new file in RUNNER_TEMP, never into memory,
 * retrying 5xx answers and broken transfers within the budget. Returns the file's path, which the caller
 * removes when done; every failure (a refusal, more than DOWNLOAD_MAX_BYTES, the deadline, a cancel)
 * removes it here. The silence timeout restarts on every chunk, so only the deadline ends a body that drips.
 */
export async function downloadToTemp(
  url: string,
  purpose: DownloadPurpose,
  http: HttpTransport,
  budget: RetryBudget,
  maxBytes = DOWNLOAD_MAX_BYTES,
): Promise<string> {
  const target = await newPrivateFile(process.env.RUNNER_TEMP || os.tmpdir());
  const deadlineMs = downloadDeadlineMs(http.timeoutMs);
  const limits = {
    maxBytes,
    signal: deadline(
      deadlineMs,
      `${purpose.what}: downloading ${untrusted(url)} did not finish within ${deadlineMs / 1000} s (${DOWNLOAD_DEADLINE_FACTOR} × request-timeout), so it was stopped. ${purpose.hint} A slow but working host needs a larger request-timeout.`,
    ),
  };
  try {
    await withRetries(
      async (): Promise<AttemptResult<undefined>> => {
        const { status } = await http.download(url, target, limits);
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
  } catch (error) {
    await rm(target, { force: true });
    if (error instanceof BodyTooLargeError) {
      throw new ActionError(
        `${purpose.what}: ${untrusted(url)} is larger than ${formatBytes(maxBytes)}, the most the action downloads, so it was stopped. ${purpose.hint}`,
      );
    }
    throw error;
  }
  return target;
}

/**
 * Creates an empty file only this user can read, under a name nobody else holds: `wx` refuses a name that
 * exists, a symlink planted in a shared temp folder included, so the name need not be unguessable (and the
 * run needs no random source, whose `crypto` module costs start-up time).
 */
async function newPrivateFile(dir: string): Promise<string> {
  for (let n = 0; ; n++) {
    const file = path.join(dir, `fvtt-release-${process.pid}-${Date.now()}-${n}.zip`);
    try {
      await close(await open(file, 'wx', 0o600));
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && n < 100) continue;
      throw new ActionError(
        `Could not create a temporary file in ${dir} for a download (${untrusted(String(error))}). Check that RUNNER_TEMP (or the system's temp folder) is writable.`,
      );
    }
  }
}
