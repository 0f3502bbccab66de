import * as z from 'zod/mini';
import { ActionError } from '../../problems/problem.js';
import { BodyTooLargeError, bodyExcerpt, parseJson, type HttpBytesResponse } from '../../network/http.js';
import { parseRetryAfter, withRetries, type AttemptResult } from '../../network/retry.js';
import { untrusted } from '../../problems/untrusted-text.js';
import { originOf, redirectTarget } from '../../network/url-policy.js';
import type { GiteaFamily } from '../../settings/gitea-run-context.js';
import {
  hostRelease,
  RELEASE_LIST_PAGE,
  releaseListSchema,
  releaseSchema,
  tooLarge,
  type GitHubApiOptions,
  type GitHubRelease,
} from '../github/github-api.js';
import type { HostAsset, HostRelease, ReleaseHost, ReleaseSummary, ReleaseUrls } from '../release-host.js';
import { giteaReleaseUrls } from './gitea-release-urls.js';

/** Redirects followed from a `browser_download_url`: an old Gitea's hop to /attachments/<uuid>, then storage. */
const MAX_REDIRECTS = 5;

/** Gitea's APIError (`{message, url}`, with `errors` on older versions); only for messages, never branched on. */
const apiErrorSchema = z.object({ message: z.string() });

/** GitHub's options: Forgejo and Gitea runners name the same URLs (`apiUrl` is `<server>/api/v1`). */
interface GiteaApiOptions extends GitHubApiOptions {
  family: GiteaFamily;
}

/**
 * Forgejo's and Gitea's releases API (`/api/v1`), which answers with GitHub's release shape. Asset bytes
 * come from `browser_download_url` (the API's asset endpoint is metadata only); the token goes only to the
 * server's own origin, never along a redirect to object storage or to an external asset's host.
 */
export class GiteaApi implements ReleaseHost {
  readonly name: GiteaFamily;
  readonly urls: ReleaseUrls;
  readonly #tokenOrigin: string;

  constructor(private readonly options: GiteaApiOptions) {
    const { owner, repo } = options.repository;
    this.name = options.family;
    this.urls = giteaReleaseUrls(`${options.serverUrl}/${owner}/${repo}`);
    this.#tokenOrigin = new URL(options.apiUrl).origin;
  }

  async releaseById(id: number): Promise<HostRelease> {
    const release = await this.#getRelease(`/releases/${id}`);
    if (!release) {
      throw new ActionError(
        `${this.name} has no release with id ${id} in ${this.#fullName}. If it was deleted after the event, publish it again; for a private repository, check github-token can read it.`,
      );
    }
    return hostRelease(release);
  }

  async releaseByTag(tag: string): Promise<HostRelease | undefined> {
    const release = await this.#getRelease(`/releases/tags/${encodeURIComponent(tag)}`);
    return release && hostRelease(release);
  }

  /** Reads `browser_download_url` (Forgejo/Gitea serve asset bytes there, not from the API). */
  async readAsset(asset: HostAsset, maxBytes: number): Promise<Buffer> {
    // The listing's size refuses a mistaken asset (the package zip named as the manifest) unread.
    if (asset.size !== undefined && asset.size > maxBytes) throw tooLarge(asset.name, asset.size, maxBytes);
    const what = `download of release asset ${untrusted(asset.name)}`;
    try {
      return await this.#retried(what, async () => {
        let url = asset.url;
        for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
          const response = await this.options.http.requestBytes('GET', url, {
            headers: this.#credentialsFor(url),
            maxBodyBytes: maxBytes,
          });
          const location = header(response, 'location');
          if (response.status >= 300 && response.status < 400 && location) {
            url = redirectTarget(url, location);
            continue;
          }
          if (response.status === 200) return { ok: response.bytes };
          if (response.status === 404) {
            throw new ActionError(
              `${this.name} answered HTTP 404 to the ${what} (${untrusted(url)}): the asset is gone, or github-token cannot read ${this.#fullName}.`,
            );
          }
          return this.#failure(what, response);
        }
        throw new ActionError(
          `The ${what} was redirected more than ${MAX_REDIRECTS} times; check the server's storage setup.`,
        );
      });
    } catch (error) {
      // The listing's size can be stale or wrong; reading stops at the cap all the same.
      if (error instanceof BodyTooLargeError) throw tooLarge(asset.name, undefined, maxBytes);
      throw error;
    }
  }

  get #fullName(): string {
    return `${this.options.repository.owner}/${this.options.repository.repo}`;
  }

  /** `Authorization: token …` (Gitea's documented form) for the server's own origin; nothing anywhere else. */
  #credentialsFor(url: string): Record<string, string> {
    const sameOrigin = originOf(url) === this.#tokenOrigin;
    return this.options.token && sameOrigin ? { Authorization: `token ${this.options.token}` } : {};
  }

  /**
   * `repoListReleases` (newest first, GitHub's shape; Gitea pages with `limit`): one page, for the
   * version-order check. A 404 is a repository the token cannot see, which the release read reports first.
   */
  async listReleases(): Promise<ReleaseSummary[]> {
    const releases = await this.#get(`/releases?limit=${RELEASE_LIST_PAGE}`, releaseListSchema);
    return (releases ?? []).map((r) => ({ tag: r.tag_name, draft: r.draft, prerelease: r.prerelease }));
  }

  #getRelease(route: string): Promise<GitHubRelease | undefined> {
    return this.#get(route, releaseSchema);
  }

  /** One GET below /repos/<owner>/<repo>; 404 is undefined (Gitea's 404 bodies differ by version). */
  #get<T>(route: string, schema: z.ZodMiniType<T>): Promise<T | undefined> {
    const { owner, repo } = this.options.repository;
    const url = `${this.options.apiUrl}/repos/${owner}/${repo}${route}`;
    const what = `GET ${route}`;
    return this.#retried(what, async () => {
      const response = await this.options.http.requestBytes('GET', url, {
        headers: { Accept: 'application/json', ...this.#credentialsFor(url) },
      });
      if (response.status === 404) return { ok: undefined };
      if (response.status !== 200) return this.#failure(what, response);
      const body = schema.safeParse(parseJson(response.bytes.toString('utf8')));
      if (body.success) return { ok: body.data };
      return {
        retry: { kind: 'transient' },
        failure: `${this.name} ${what} answered with an unreadable body (${bodyExcerpt(response.bytes.toString('utf8'), 100)})`,
      };
    });
  }

  /** An answer that is neither the thing asked for nor a 404: a wait, a retry, or the run's end. */
  #failure<T>(what: string, response: HttpBytesResponse): AttemptResult<T> {
    const { status } = response;
    const said = errorText(response.bytes.toString('utf8'));
    if (status === 429) {
      return {
        retry: {
          kind: 'rate-limited',
          retryAfterMs: parseRetryAfter(header(response, 'retry-after')),
          askedBy: this.name,
        },
        failure: `${this.name} ${what} was rate-limited (HTTP 429)`,
      };
    }
    if (status === 401 || status === 403) {
      throw new ActionError(
        `${this.name} refused the ${what} (HTTP ${status}: ${said}). Check that github-token can read ${this.#fullName}: the default \${{ github.token }} of a Forgejo or Gitea Actions job can; an access token needs the read:repository scope.`,
      );
    }
    if (status >= 500) {
      return { retry: { kind: 'transient' }, failure: `${this.name} ${what} answered HTTP ${status}` };
    }
    throw new ActionError(`${this.name} answered the ${what} with HTTP ${status}: ${said}`);
  }

  #retried<T>(what: string, attempt: () => Promise<AttemptResult<T>>): Promise<T> {
    return withRetries(attempt, {
      what: `${this.name} ${what}`,
      budget: this.options.budget,
      giveUp: (failure, reason) =>
        new ActionError(
          `${failure}; gave up because ${reason}. Check that ${this.options.serverUrl} is up and re-run the job.`,
        ),
    });
  }
}

function header(response: HttpBytesResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Gitea's `message` when the body is its APIError, else a short excerpt (web routes answer HTML). */
function errorText(body: string): string {
  const error = apiErrorSchema.safeParse(parseJson(body));
  return error.success && error.data.message ? untrusted(error.data.message) : bodyExcerpt(body);
}
