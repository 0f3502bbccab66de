import { FormDataEncoder, type FileLike, type FormDataLike } from 'form-data-encoder';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import * as z from 'zod/mini';
import { log } from '../problems/log.js';
import { ActionError } from '../problems/problem.js';
import { bodyExcerpt, HttpTransport, parseJson, TransportError } from '../network/http.js';
import { deadline } from '../problems/cancel.js';
import { RetryBudget, withRetries, type AttemptResult } from '../network/retry.js';
import { untrusted } from '../problems/untrusted-text.js';
import { parseBazaarAnswer, type BazaarListing } from './bazaar.js';

export interface ForgeWorld {
  name: string;
  secret?: string;
}

export interface IdleRequest {
  game?: string;
  world?: string;
  force?: boolean;
}

/** The Forge calls of the reset recipe (forge-api-reset-demo-world.txt); tests swap in a fake. */
export interface ForgeClient {
  /** false when the Forge reports players logged in. */
  idle(request: IdleRequest): Promise<boolean>;
  /** The idle after a failure, with a small retry budget of its own (SPEC §6b): the run's may be spent. */
  recoveryIdle(game: string | undefined): Promise<boolean>;
  stop(game: string | undefined): Promise<void>;
  listWorlds(): Promise<ForgeWorld[]>;
  /** Safe to repeat: after a lost answer it lists the worlds, and a world already gone is done. */
  deleteWorld(name: string, secret: string): Promise<void>;
  /** `installed: false` when a version was asked for and the Forge answered it has no such package (404). */
  installWorld(name: string, version: string | undefined): Promise<InstallOutcome>;
  /** Safe to repeat: after a lost answer it lists the worlds, and `world` already there is done. */
  importWorld(zipPath: string, world: string): Promise<void>;
  /** The Bazaar's public package endpoint: what it lists as the package's newest version. */
  bazaarListing(packageName: string): Promise<BazaarListing>;
}

export type InstallOutcome = { installed: true } | { installed: false; refusal: string };

/** The Forge answered `{error, code}`: the request was understood and refused. */
export class ForgeRefusal extends ActionError {
  constructor(
    what: string,
    /** The answer's `code` (the article: the HTTP status, repeated in the body), else the HTTP status. */
    readonly code: number,
    readonly forgeError: string,
  ) {
    super(`The Forge refused ${what}: ${forgeError}`);
    this.name = 'ForgeRefusal';
  }
}

/** SPEC §6b: the recovery idle retries for this long at most, whatever is left of max-retry-wait. */
export const RECOVERY_IDLE_BUDGET_MS = 30_000;

/**
 * After a cancel, the recovery idle must be done within this, retries included: the runner kills the process
 * about 7.5 s after its first signal, and the outputs and summary still have to be written after it.
 */
export const RECOVERY_AFTER_CANCEL_MS = 4_000;

/**
 * The Forge unpacks an uploaded zip before it answers, so the answer to an import may come long after its
 * last byte: the import waits this many times request-timeout for it (5 minutes at the default 30 s)…
 */
export const IMPORT_ANSWER_TIMEOUT_FACTOR = 10;
/** …and never more than an hour (request-timeout goes up to 3600 s), far below GitHub's 6-hour job limit. */
export const MAX_IMPORT_ANSWER_WAIT_MS = 60 * 60 * 1000;

/** How long an import waits for its answer after the upload's last byte, with this request-timeout. */
export function importAnswerWaitMs(requestTimeoutMs: number): number {
  return Math.min(requestTimeoutMs * IMPORT_ANSWER_TIMEOUT_FACTOR, MAX_IMPORT_ANSWER_WAIT_MS);
}

/** One Forge answer, sorted by what to do next. */
export type ForgeAnswer =
  | { kind: 'ok'; json: unknown }
  | { kind: 'failed'; code: number; error: string }
  | { kind: 'key-rejected'; status: number; error?: string }
  | { kind: 'transient'; failure: string };

const errorSchema = z.object({ error: z.string(), code: z.optional(z.number()) });
const successSchema = z.object({ success: z.boolean() });
const worldSchema = z.object({ name: z.string(), secret: z.optional(z.string()) });
// The article does not pin the list's shape: accept a bare array or { worlds: [...] } (SPEC §5).
const worldListSchema = z.union([z.array(worldSchema), z.object({ worlds: z.array(worldSchema) })]);

/** The article: `{success}` on success, `{error, code}` on failure, at any HTTP status. Pure. */
export function classifyForgeResponse(status: number, body: string): ForgeAnswer {
  const json = parseJson(body);
  const error = errorSchema.safeParse(json);
  if (status === 401 || status === 403) {
    return { kind: 'key-rejected', status, error: error.success ? untrusted(error.data.error) : undefined };
  }
  if (status >= 500 || status === 429) {
    const detail = error.success ? untrusted(error.data.error, 100) : bodyExcerpt(body, 100);
    return { kind: 'transient', failure: `HTTP ${status} (${detail})` };
  }
  if (error.success)
    return { kind: 'failed', code: error.data.code ?? status, error: untrusted(error.data.error) };
  if (status >= 200 && status < 300 && json !== undefined) return { kind: 'ok', json };
  if (status >= 200 && status < 300) {
    return {
      kind: 'transient',
      failure: `HTTP ${status} with an unreadable body (${bodyExcerpt(body, 100)})`,
    };
  }
  return { kind: 'failed', code: status, error: `HTTP ${status} (${bodyExcerpt(body)})` };
}

interface ForgeApiOptions {
  apiUrl: string;
  apiKey: string;
  http: HttpTransport;
  budget: RetryBudget;
}

export class ForgeApi implements ForgeClient {
  constructor(private readonly options: ForgeApiOptions) {}

  async idle(request: IdleRequest): Promise<boolean> {
    return this.#success(await this.#postJson('/api/game/idle', request, 'idle'));
  }

  async recoveryIdle(game: string | undefined): Promise<boolean> {
    const { http } = this.options;
    if (!http.signal?.aborted) {
      // Its own budget (the run's may be spent), still ended by a cancel: then the quick idle below.
      const budget = new RetryBudget(RECOVERY_IDLE_BUDGET_MS, http.signal);
      try {
        return await new ForgeApi({ ...this.options, budget }).idle({ game });
      } catch (error) {
        if (!http.signal?.aborted) throw error;
      }
    }
    // Cancelled (before or during the idle): the run's transport refuses to send, so the idle gets one of its
    // own with a hard deadline, well inside the runner's kill 7.5 s after its first signal.
    const quick = new HttpTransport(
      Math.min(http.timeoutMs, RECOVERY_AFTER_CANCEL_MS),
      deadline(
        RECOVERY_AFTER_CANCEL_MS,
        `the Forge did not answer within ${RECOVERY_AFTER_CANCEL_MS / 1000} s of the cancel`,
      ),
    );
    const budget = new RetryBudget(RECOVERY_AFTER_CANCEL_MS, quick.signal);
    return new ForgeApi({ ...this.options, http: quick, budget }).idle({ game });
  }

  async stop(game: string | undefined): Promise<void> {
    this.#requireSuccess(await this.#postJson('/api/game/stop', { game }, 'stop'), 'stop');
  }

  async listWorlds(): Promise<ForgeWorld[]> {
    const json = await this.#send('list worlds', () =>
      this.options.http.request('GET', this.#url('/api/data/worlds'), { headers: this.#headers() }),
    );
    const list = worldListSchema.safeParse(json);
    if (!list.success) {
      throw new ActionError(
        'The Forge answered GET /api/data/worlds with something other than a list of worlds.',
      );
    }
    return Array.isArray(list.data) ? list.data : list.data.worlds;
  }

  async deleteWorld(name: string, secret: string): Promise<void> {
    const json = await this.#send(
      'delete world',
      () => this.#requestJson('/api/data/worlds/delete', { name, secret }),
      async () => !(await this.#worldExists(name)),
    );
    this.#requireSuccess(json, 'delete world');
  }

  async installWorld(name: string, version: string | undefined): Promise<InstallOutcome> {
    try {
      this.#requireSuccess(
        await this.#postJson('/api/data/worlds/install', { name, version }, 'install world'),
        'install world',
      );
      return { installed: true };
    } catch (error) {
      // Undocumented: we take a 404 to an install that names a version as "the Bazaar has no such version"
      // (README, The Forge reset). Without a version, a 404 means the package itself is unknown: an error.
      if (error instanceof ForgeRefusal && error.code === 404 && version !== undefined) {
        return { installed: false, refusal: error.forgeError };
      }
      throw error;
    }
  }

  async bazaarListing(packageName: string): Promise<BazaarListing> {
    // Public and unauthenticated (README badges read it): the key is not sent.
    const url = this.#url(`/api/bazaar/package/${encodeURIComponent(packageName)}`);
    try {
      const response = await this.options.http.request('GET', url, {
        headers: { Accept: 'application/json' },
      });
      return parseBazaarAnswer(response.status, response.body);
    } catch (error) {
      if (error instanceof TransportError) return { kind: 'transient', failure: error.message };
      throw error;
    }
  }

  async importWorld(zipPath: string, world: string): Promise<void> {
    const { size, mtimeMs } = await stat(zipPath);
    const json = await this.#send(
      'import world',
      async () => {
        const encoder = new FormDataEncoder(worldImportForm(zipPath, size, mtimeMs));
        return this.options.http.request('POST', this.#url('/api/data/import'), {
          body: Readable.from(encoder),
          headers: { ...this.#headers(), ...encoder.headers },
          timeoutMs: importAnswerWaitMs(this.options.http.timeoutMs),
        });
      },
      () => this.#worldExists(world),
    );
    this.#requireSuccess(json, 'import world');
  }

  async #worldExists(name: string): Promise<boolean> {
    return (await this.listWorlds()).some((w) => w.name === name);
  }

  /** Appends the article's route to forge-api-url, keeping any path a mirror has (https://host/forge). */
  #url(route: string): string {
    return `${this.options.apiUrl.replace(/\/+$/, '')}${route}`;
  }

  #headers(): Record<string, string> {
    return { 'Access-Key': this.options.apiKey, Accept: 'application/json' };
  }

  async #postJson(route: string, body: object, what: string): Promise<unknown> {
    return this.#send(what, () => this.#requestJson(route, body));
  }

  #requestJson(route: string, body: object) {
    return this.options.http.request('POST', this.#url(route), {
      body: JSON.stringify(body),
      headers: { ...this.#headers(), 'Content-Type': 'application/json' },
    });
  }

  #success(json: unknown): boolean {
    const answer = successSchema.safeParse(json);
    if (!answer.success)
      throw new ActionError('The Forge answered without a success field; check forge-api-url.');
    return answer.data.success;
  }

  #requireSuccess(json: unknown, what: string): void {
    if (!this.#success(json)) throw new ActionError(`The Forge answered ${what} with success: false.`);
  }

  /**
   * One call, retried on transient failures within the budget. A data call passes `alreadyDone`: before it is
   * repeated after a lost answer, a timeout or a 5xx, that check (a look at the worlds list) tells whether
   * the first attempt did its work, so the call is not made twice (SPEC §5).
   */
  async #send(
    what: string,
    request: () => Promise<{ status: number; body: string }>,
    alreadyDone?: () => Promise<boolean>,
  ): Promise<unknown> {
    return withRetries(
      async (attemptNumber): Promise<AttemptResult<unknown>> => {
        if (attemptNumber > 1 && alreadyDone && (await alreadyDone())) {
          log.info(`Forge ${what}: the earlier attempt did its work (its answer was lost); going on.`);
          return { ok: { success: true } };
        }
        let answer: ForgeAnswer;
        try {
          const response = await request();
          answer = classifyForgeResponse(response.status, response.body);
        } catch (error) {
          if (!(error instanceof TransportError)) throw error;
          answer = { kind: 'transient', failure: error.message };
        }
        switch (answer.kind) {
          case 'ok':
            return { ok: answer.json };
          case 'failed':
            throw new ForgeRefusal(what, answer.code, answer.error);
          case 'key-rejected':
            throw new ActionError(
              `The Forge rejected forge-api-key for ${what} (HTTP ${answer.status}${answer.error ? `: ${answer.error}` : ''}). The key needs the read-data, write-data and manage-games permissions: generate one as the Forge article shows and update the secret.`,
            );
          case 'transient':
            return { retry: { kind: 'transient' }, failure: `The Forge ${what} failed: ${answer.failure}` };
        }
      },
      {
        what: `Forge ${what}`,
        budget: this.options.budget,
        giveUp: (failure, reason) => new ActionError(`${failure}; gave up because ${reason}.`),
      },
    );
  }
}

/** Bytes read from the zip at a time; see worldImportForm. */
const ZIP_CHUNK_BYTES = 16 * 1024;

/**
 * The article's import form (type=world, zip=the file) in the shape form-data-encoder reads: the entries
 * of a spec FormData. Node's own FormData holds only Blobs, read in 64 KiB chunks; while streaming, V8 lets
 * ~40 MiB of spent chunks pile up between scavenges, pushing peak memory past 100 MiB. Reading the zip in
 * 16 KiB chunks from an fs stream keeps it near 80 MiB, whatever the zip's size (npm run bench). Each call
 * opens the file afresh, so a retried import re-reads it from the start.
 */
export function worldImportForm(zipPath: string, size: number, lastModified: number): FormDataLike {
  const zip: FileLike = {
    name: path.basename(zipPath),
    type: 'application/zip',
    size,
    lastModified,
    stream: () => createReadStream(zipPath, { highWaterMark: ZIP_CHUNK_BYTES }),
    [Symbol.toStringTag]: 'File',
  };
  const entries: [string, string | FileLike][] = [
    ['type', 'world'],
    ['zip', zip],
  ];
  return {
    append: () => {
      throw new Error('the world import form is fixed');
    },
    getAll: (name: string) => entries.filter(([key]) => key === name).map(([, value]) => value),
    entries: () => entries[Symbol.iterator](),
    [Symbol.iterator]: () => entries[Symbol.iterator](),
    [Symbol.toStringTag]: 'FormData',
  };
}
