import { log } from '../problems/log.js';
import { ActionError, type Problem } from '../problems/problem.js';
import type { FoundryError, FoundryReleaseApi } from './foundry-api.js';
import type { IfExists } from '../settings/inputs.js';
import type { ReleasePayload } from './release-payload.js';
import { withRetries, type AttemptResult, type RetryBudget } from '../network/retry.js';
import { untrusted } from '../problems/untrusted-text.js';

export interface PublishOutcome {
  status: 'published' | 'dry-run' | 'exists';
  page?: string;
  /** Foundry's own words, e.g. the dry-run message. */
  message?: string;
}

const UNIQUE_TOGETHER = 'unique_together';

/** SPEC §4.5: send the payload, retrying only what is safe to retry, and interpret the answer. */
export async function publishRelease(
  api: FoundryReleaseApi,
  payload: ReleasePayload,
  ifExists: IfExists,
  budget: RetryBudget,
  warnings: Problem[],
): Promise<PublishOutcome> {
  const dryRun = payload['dry-run'] === true;
  // Set once an attempt may have reached Foundry without us seeing its answer.
  let earlierAttemptMayHaveSaved = false;
  return withRetries(
    async (): Promise<AttemptResult<PublishOutcome>> => {
      const answer = await api.send(payload);
      switch (answer.kind) {
        case 'success':
          return {
            ok: {
              status: dryRun ? 'dry-run' : 'published',
              page: packagePage(answer.page, warnings),
              message: answer.message === undefined ? undefined : untrusted(answer.message),
            },
          };
        case 'rate-limited':
          return {
            retry: { kind: 'rate-limited', retryAfterMs: answer.retryAfterMs },
            failure: 'Foundry answered 429 Too Many Requests',
          };
        case 'transient':
          earlierAttemptMayHaveSaved = true;
          return { retry: { kind: 'transient' }, failure: answer.failure };
        case 'invalid':
          return {
            ok: onInvalid(answer.errors, payload, ifExists, dryRun, earlierAttemptMayHaveSaved, warnings),
          };
        case 'token-rejected':
          throw new ActionError(
            `Foundry rejected the package release token (HTTP ${answer.status}). Copy the "Package Release Token" from https://foundryvtt.com/packages/${payload.id}/edit/ (above "Save Package") into the secret passed as 'token'; if the token was refreshed there, update the secret.`,
          );
        case 'unexpected':
          throw new ActionError(
            `${answer.failure}. Check foundry-api-url; the default is https://foundryvtt.com/_api/packages/release_version/.`,
          );
      }
    },
    {
      what: 'Foundry',
      budget,
      giveUp: (failure, reason) =>
        new ActionError(
          `Publishing to Foundry failed: ${failure}; gave up because ${reason}. Nothing is known to be saved: re-run the job later, or raise max-retry-wait.`,
        ),
    },
  );
}

function onInvalid(
  errors: FoundryError[],
  payload: ReleasePayload,
  ifExists: IfExists,
  dryRun: boolean,
  earlierAttemptMayHaveSaved: boolean,
  warnings: Problem[],
): PublishOutcome {
  const exists = errors.length > 0 && errors.every((e) => e.code === UNIQUE_TOGETHER);
  if (!exists) throw new ActionError(errors.map(describeFoundryError));
  const what = `version ${payload.release.version} of ${untrusted(payload.id)}`;
  if (earlierAttemptMayHaveSaved && !dryRun) {
    warnings.push({
      message: `Foundry says ${what} already exists. An earlier attempt's answer was lost, so that attempt saved it: treating the release as published.`,
    });
    return { status: 'published' };
  }
  if (ifExists === 'skip') {
    log.notice(`Foundry already has ${what}; if-exists is skip, so nothing was changed.`);
    return { status: 'exists' };
  }
  throw new ActionError(
    `Foundry already has ${what}. Bump the version in the manifest and tag a new release, or set if-exists: skip to pass when it exists.`,
  );
}

function describeFoundryError(error: FoundryError): Problem {
  const code = error.code ? ` (${untrusted(error.code, 60)})` : '';
  const message = untrusted(error.message);
  if (error.field === '__all__') return { message: `Foundry rejected the release: ${message}${code}` };
  return { message: `Foundry rejected '${untrusted(error.field, 60)}': ${message}${code}` };
}

/**
 * SPEC §6b: the `page` output is an https: URL or empty. Workflows link to it, so anything else Foundry
 * might send (javascript:, plain http:, a line break) is dropped with a warning.
 */
export function packagePage(page: string | undefined, warnings: Problem[]): string | undefined {
  if (page === undefined) return undefined;
  if (URL.canParse(page) && new URL(page).protocol === 'https:' && !/[\s\p{Cc}]/u.test(page)) return page;
  warnings.push({
    message: `Foundry answered with a package page that is not an https: URL ('${untrusted(page, 100)}'); the page output is left empty.`,
  });
  return undefined;
}
