import { setTimeout as sleepFor } from 'node:timers/promises';
import { log } from '../problems/log.js';
import { TransportError } from './http.js';
import { abortedBecause, throwIfAborted } from '../problems/cancel.js';

/** SPEC §4.5: a 429 without Retry-After waits a minute. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
/**
 * SPEC §6b: every wait is at least this long, so each retry spends budget and max-retry-wait always ends
 * the loop (a `Retry-After: 0` or a date in the past is not "retry at once").
 */
export const MIN_WAIT_MS = FIRST_BACKOFF_MS;
/** A second bound on every retry loop, whatever the budget: no call is tried more often than this. */
export const MAX_ATTEMPTS = 100;

/**
 * The time the action may still spend waiting, shared by every retried call of one run
 * (SPEC §2 `max-retry-wait`: "in total").
 */
export class RetryBudget {
  #remainingMs: number;

  /** `signal` (the run's cancel) ends every wait at once: a cancelled run retries nothing. */
  constructor(
    totalMs: number,
    readonly signal?: AbortSignal,
  ) {
    this.#remainingMs = totalMs;
  }

  get remainingMs(): number {
    return this.#remainingMs;
  }

  spend(ms: number): void {
    this.#remainingMs = Math.max(0, this.#remainingMs - ms);
  }
}

/** Why the last attempt may be tried again. */
export type RetrySignal =
  | {
      kind: 'rate-limited';
      retryAfterMs: number | undefined;
      /** Who asked for the wait, for the give-up reason (default: "the server", with Retry-After). */
      askedBy?: string;
    }
  | { kind: 'transient' };

export type WaitDecision = { action: 'wait'; ms: number } | { action: 'give-up'; reason: string };

/**
 * The three forms of an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, obsolete RFC 850 and asctime. Only
 * these gate Date.parse, which reads all three but also reads much else (`1.5` as a date in 2001).
 */
const HTTP_DATE_FORMS = [
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/**
 * Retry-After is delta-seconds or an HTTP-date (RFC 9110 §10.2.3), nothing else. Returns undefined
 * when absent or unreadable; a date in the past is 0 (the caller's minimum wait still applies).
 */
/**
 * No server's wait is longer than this: a Retry-After or rate-limit reset further away (`1e300`, a date in
 * 9999) is clamped to a day, which no max-retry-wait reaches, so the run gives up saying so in plain seconds.
 */
export const MAX_WAIT_MS = 24 * 3600_000;

export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(MAX_WAIT_MS, Number(text) * 1000);
  if (!HTTP_DATE_FORMS.some((form) => form.test(text))) return undefined;
  // asctime carries no zone; RFC 9110 says it is UTC, which Date.parse would not assume.
  const at = Date.parse(/GMT$/.test(text) ? text : `${text} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.min(MAX_WAIT_MS, Math.max(0, at - now));
}

export function backoffDelayMs(failedAttempts: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, failedAttempts - 1));
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** Whether, and how long, to wait before the next attempt. Pure, so it is tested with plain values. */
export function decideWait(signal: RetrySignal, failedAttempts: number, remainingMs: number): WaitDecision {
  if (failedAttempts >= MAX_ATTEMPTS) {
    return { action: 'give-up', reason: `it was tried ${MAX_ATTEMPTS} times` };
  }
  if (signal.kind === 'rate-limited') {
    const asked = Math.max(MIN_WAIT_MS, signal.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
    if (asked > remainingMs) {
      return {
        action: 'give-up',
        reason: `${signal.askedBy ?? 'the server'} asked to wait ${formatSeconds(asked)}${signal.askedBy ? '' : ' (Retry-After)'}, more than the ${formatSeconds(remainingMs)} left of max-retry-wait`,
      };
    }
    return { action: 'wait', ms: asked };
  }
  if (remainingMs < MIN_WAIT_MS) {
    return { action: 'give-up', reason: 'max-retry-wait is used up' };
  }
  return { action: 'wait', ms: Math.min(backoffDelayMs(failedAttempts), remainingMs) };
}

export type AttemptResult<T> = { ok: T } | { retry: RetrySignal; failure: string };

export interface RetryOptions {
  /** Names the call in log lines, e.g. "Foundry release_version". */
  what: string;
  budget: RetryBudget;
  /** Builds the error thrown when retrying stops; gets the last failure and why retrying stopped. */
  giveUp: (lastFailure: string, reason: string) => Error;
  sleep?: (ms: number) => Promise<unknown>;
}

/** A request that got no answer (TransportError) may be tried again; anything else thrown stops the run. */
async function attemptOrTransient<T>(
  attempt: (attemptNumber: number) => Promise<AttemptResult<T>>,
  attemptNumber: number,
): Promise<AttemptResult<T>> {
  try {
    return await attempt(attemptNumber);
  } catch (error) {
    if (error instanceof TransportError) return { retry: { kind: 'transient' }, failure: error.message };
    throw error;
  }
}

/** Waits `ms`, or less when `signal` (the run's cancel) aborts first: then it throws why. */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return sleepFor(ms, undefined, { signal }).catch((error: unknown) => {
    throw signal?.aborted ? abortedBecause(signal) : error;
  });
}

/**
 * Runs `attempt` until it succeeds or the shared budget says stop. A TransportError thrown by the attempt
 * counts as a transient failure, so callers only sort the HTTP answers they do get.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<AttemptResult<T>>,
  options: RetryOptions,
): Promise<T> {
  const { signal } = options.budget;
  const sleep = options.sleep ?? ((ms: number) => pause(ms, signal));
  for (let attemptNumber = 1; ; attemptNumber++) {
    throwIfAborted(signal);
    const result = await attemptOrTransient(attempt, attemptNumber);
    if ('ok' in result) return result.ok;
    const decision = decideWait(result.retry, attemptNumber, options.budget.remainingMs);
    if (decision.action === 'give-up') throw options.giveUp(result.failure, decision.reason);
    log.info(
      `${options.what}: ${result.failure}; trying again in ${formatSeconds(decision.ms)} (${formatSeconds(
        options.budget.remainingMs - decision.ms,
      )} of max-retry-wait left after that).`,
    );
    await sleep(decision.ms);
    options.budget.spend(decision.ms);
  }
}
