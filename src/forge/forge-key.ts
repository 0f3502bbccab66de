import * as z from 'zod/mini';
import { ActionError, type Problem } from '../problems/problem.js';

/** A key expiring within this many days draws a warning (SPEC §5 "The key"). */
export const KEY_EXPIRY_WARNING_DAYS = 14;
/**
 * A key this close to its `exp` counts as expired: the Forge's own module does the same (a minute early), so
 * a request is not refused because the key lapsed on its way.
 */
const EXPIRY_MARGIN_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

const payloadSchema = z.object({ exp: z.optional(z.number()) });

/**
 * The `exp` of a Forge API key, read locally. Forge keys are JWTs (the Forge's module reads them the same way):
 * the payload is the second base64url part. No signature check: the Forge checks the key. undefined when the key
 * is not a JWT or has no `exp` (keys without expiry are the default). Never logs the key or its payload.
 */
export function forgeKeyExpiry(apiKey: string): Date | undefined {
  const parts = apiKey.split('.');
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(parts[1] ?? '')) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success || parsed.data.exp === undefined) return undefined;
  const expiry = new Date(parsed.data.exp * 1000);
  return Number.isNaN(expiry.getTime()) ? undefined : expiry;
}

const NEW_KEY_HOWTO =
  "Create a new key as the Forge article shows: on your Forge \"My Account\" page, open the browser's developer console and run await Utils.api('generate-key', { permissions: ['read-data', 'write-data', 'manage-games'] }) (add an expiration, in seconds or a time span such as '1 year', or leave it out for a key that does not expire), then store the answer's key in the forge-api-key secret.";

/**
 * SPEC §5 "The key": an expired key is an error before any Forge call; one expiring within 14 days is a
 * warning with the date. Pure: `now` is passed in.
 */
export function checkForgeKey(apiKey: string, now: number, warnings: Problem[]): void {
  const expiry = forgeKeyExpiry(apiKey);
  if (!expiry) return;
  const left = expiry.getTime() - now;
  if (left <= EXPIRY_MARGIN_MS) {
    throw new ActionError(
      `Input 'forge-api-key' expired on ${expiry.toISOString()} (the key's exp), so the Forge would refuse it; nothing was sent to the Forge. ${NEW_KEY_HOWTO}`,
    );
  }
  if (left <= KEY_EXPIRY_WARNING_DAYS * DAY_MS) {
    const days = Math.round(left / DAY_MS);
    warnings.push({
      message: `Input 'forge-api-key' expires on ${expiry.toISOString()} (${days === 0 ? 'within a day' : `in ${days} ${days === 1 ? 'day' : 'days'}`}); resets fail from then on. ${NEW_KEY_HOWTO}`,
    });
  }
}
