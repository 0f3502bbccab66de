import type { IncomingHttpHeaders } from 'node:http';
import { parseRetryAfter } from './retry.js';

/** GitHub documents a wait of at least a minute for a secondary rate limit that names no time. */
const SECONDARY_LIMIT_WAIT_MS = 60_000;

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
  const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'), now);
  if (retryAfterMs !== undefined) {
    return { waitMs: retryAfterMs, description: `${name} (resets at ${utcTime(now + retryAfterMs)})` };
  }
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  if (header(headers, 'x-ratelimit-remaining') === '0' && Number.isFinite(reset) && reset > 0) {
    const resetAt = reset * 1000;
    return { waitMs: Math.max(0, resetAt - now), description: `${name} (resets at ${utcTime(resetAt)})` };
  }
  if (secondary || status === 429) {
    return {
      waitMs: SECONDARY_LIMIT_WAIT_MS,
      description: `${name} (GitHub asks to wait at least a minute)`,
    };
  }
  return undefined;
}
