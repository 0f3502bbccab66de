import * as z from 'zod/mini';
import { bodyExcerpt, parseJson, TransportError, type HttpTransport } from '../network/http.js';
import type { ReleasePayload } from './release-payload.js';
import { parseRetryAfter } from '../network/retry.js';
import { untrusted } from '../problems/untrusted-text.js';

export interface FoundryError {
  field: string;
  message: string;
  code?: string;
}

/** One answer of the release_version endpoint, sorted by what the action must do next. */
export type FoundryAnswer =
  | { kind: 'success'; page?: string; message?: string }
  | { kind: 'invalid'; errors: FoundryError[] }
  | { kind: 'token-rejected'; status: number }
  | { kind: 'rate-limited'; retryAfterMs: number | undefined }
  | { kind: 'transient'; failure: string }
  | { kind: 'unexpected'; failure: string };

const successSchema = z.object({
  status: z.literal('success'),
  page: z.optional(z.string()),
  message: z.optional(z.string()),
});

const errorsSchema = z.object({
  errors: z.record(
    z.string(),
    z.array(z.union([z.object({ message: z.string(), code: z.optional(z.string()) }), z.string()])),
  ),
});

/** Sorts a response per the Package Release API article and SPEC §4.5. Pure. */
export function classifyFoundryResponse(
  status: number,
  retryAfter: string | undefined,
  body: string,
  now: number = Date.now(),
): FoundryAnswer {
  const json = parseJson(body);
  if (status === 200) {
    const success = successSchema.safeParse(json);
    if (success.success) return { kind: 'success', page: success.data.page, message: success.data.message };
    return {
      kind: 'transient',
      failure: `Foundry answered 200 with an unreadable body (${bodyExcerpt(body, 100)})`,
    };
  }
  if (status === 429) return { kind: 'rate-limited', retryAfterMs: parseRetryAfter(retryAfter, now) };
  if (status === 401 || status === 403) return { kind: 'token-rejected', status };
  if (status === 400) {
    const invalid = errorsSchema.safeParse(json);
    if (invalid.success) {
      const errors = Object.entries(invalid.data.errors).flatMap(([field, list]) =>
        list.map((e) => (typeof e === 'string' ? { field, message: e } : { field, ...e })),
      );
      return { kind: 'invalid', errors };
    }
  }
  if (status >= 500)
    return { kind: 'transient', failure: `Foundry answered HTTP ${status} (${bodyExcerpt(body, 100)})` };
  return { kind: 'unexpected', failure: `Foundry answered HTTP ${status} (${bodyExcerpt(body)})` };
}

/** One POST to the release_version endpoint; retrying is the caller's decision. */
export interface FoundryReleaseApi {
  send(payload: ReleasePayload): Promise<FoundryAnswer>;
}

export class FoundryApi implements FoundryReleaseApi {
  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly http: HttpTransport,
  ) {}

  async send(payload: ReleasePayload): Promise<FoundryAnswer> {
    try {
      const response = await this.http.request('POST', this.url, {
        body: JSON.stringify(payload),
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          // The Package Release API article: the bare token, no "Bearer" scheme.
          Authorization: this.token,
        },
      });
      if (response.status >= 300 && response.status < 400) {
        return {
          kind: 'unexpected',
          failure: `Foundry answered with a redirect (HTTP ${response.status}) to ${untrusted(String(response.headers.location))}; check foundry-api-url`,
        };
      }
      const retryAfter = response.headers['retry-after'];
      return classifyFoundryResponse(
        response.status,
        Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
        response.body,
      );
    } catch (error) {
      if (error instanceof TransportError)
        return { kind: 'transient', failure: `Foundry request failed: ${error.message}` };
      throw error;
    }
  }
}
