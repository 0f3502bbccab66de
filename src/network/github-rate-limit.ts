import type { IncomingHttpHeaders } from 'node:http';
import { MAX_WAIT_MS, parseRetryAfter } from './retry.js';
import { untrusted } from '../problems/untrusted-text.js';

/** GitHub documents a wait of at least a minute for a secondary rate limit that names no time. */
const SECONDARY_LIMIT_WAIT_MS = 60_000;
/**
 * GitHub's limits reset within the hour. A reset further away than a day (`x-ratelimit-reset: 1e300`) is
 * not a time to show or wait for: the wait is clamped to a day (MAX_WAIT_MS), and the message quotes the
 * header instead of a date.
 */
const MAX_RATE_LIMIT_WAIT_MS = MAX_WAIT_MS;

export interface GitHubRateLimit {
  /** How long GitHub asks to wait before the next request. */
  waitMs: number;
  /** Names the limit and, when known, when it resets, e.g. "GitHub's API rate limit (resets at …)". */
  description: string;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function limit(name: string, waitMs: number, now: number, headerLine: string): GitHubRateLimit {
  const wait = Math.max(0, waitMs);
  if (wait <= MAX_RATE_LIMIT_WAIT_MS) {
    return { waitMs: wait, description: `${name} (resets at ${utcTime(now + wait)})` };
  }
  return {
    waitMs: MAX_RATE_LIMIT_WAIT_MS,
    description: `${name} (resets more than a day from now, ${untrusted(headerLine, 60)})`,
  };
}

function utcTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * Whether a 403 or 429 from GitHub is one of its rate limits rather than a refusal, and how long to wait,
 * following GitHub's "Rate limits for the REST API" page: Retry-After first, then `x-ratelimit-remaining: 0`
 * with `x-ratelimit-reset` (epoch seconds), then a "secondary rate limit" message (wait at least a minute).
 * A 429 is always a rate limit. Pure.
 */
export function gitHubRateLimit(
  status: number,
  headers: IncomingHttpHeaders,
  body: string,
  now: number = Date.now(),
): GitHubRateLimit | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const secondary = /secondary rate limit/i.test(body);
  const name = secondary ? "GitHub's secondary rate limit" : "GitHub's API rate limit";
  const retryAfter = header(headers, 'retry-after');
  const retryAfterMs = parseRetryAfter(retryAfter, now);
  if (retryAfterMs !== undefined) return limit(name, retryAfterMs, now, `Retry-After: ${retryAfter}`);
  const reset = header(headers, 'x-ratelimit-reset');
  if (header(headers, 'x-ratelimit-remaining') === '0' && reset !== undefined && Number(reset) > 0) {
    // Number.isFinite after the product: 1e300 seconds is a finite number but no date.
    const resetAt = Number(reset) * 1000;
    const waitMs = Number.isFinite(resetAt) ? resetAt - now : Infinity;
    return limit(name, waitMs, now, `x-ratelimit-reset: ${reset}`);
  }
  if (secondary || status === 429) {
    return {
      waitMs: SECONDARY_LIMIT_WAIT_MS,
      description: `${name} (GitHub asks to wait at least a minute)`,
    };
  }
  return undefined;
}
