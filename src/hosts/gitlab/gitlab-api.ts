import type { IncomingHttpHeaders } from 'node:http';
import * as z from 'zod/mini';
import { ActionError } from '../../problems/problem.js';
import {
  BodyTooLargeError,
  bodyExcerpt,
  formatBytes,
  parseJson,
  TransportError,
  type HttpBytesResponse,
  type HttpTransport,
} from '../../network/http.js';
import { parseRetryAfter, withRetries, type AttemptResult, type RetryBudget } from '../../network/retry.js';
import { untrusted } from '../../problems/untrusted-text.js';
import type { Repository } from '../../settings/run-context.js';
import type { HostAsset, HostRelease, ReleaseHost, ReleaseSummary, ReleaseUrls } from '../release-host.js';
import { gitLabReleaseUrls } from './gitlab-release-urls.js';
import { originOf, redirectTarget } from '../../network/url-policy.js';

const linkSchema = z.object({
  id: z.number(),
  name: z.string(),
  url: z.string(),
  // The docs' examples leave it out; the API's Link entity always has it (equal to url without a direct path).
  direct_asset_url: z.optional(z.string()),
});

/** The fields of GitLab's Release entity the release step reads (GET /projects/:id/releases/:tag_name). */
export const gitLabReleaseSchema = z.object({
  tag_name: z.string(),
  assets: z.object({ links: z.array(linkSchema) }),
  _links: z.optional(z.object({ self: z.optional(z.string()) })),
});

export type GitLabRelease = z.infer<typeof gitLabReleaseSchema>;

/** GET /projects/:id/releases: newest first by released_at (the default order_by and sort). */
const releaseListSchema = z.array(z.object({ tag_name: z.string() }));

/** One page of the release list, as GitHub's host reads it: this release, the one before, and a few more. */
const RELEASE_LIST_PAGE = 20;

const errorSchema = z.object({ message: z.unknown() });

interface GitLabApiOptions {
  token: string | undefined;
  /** CI_JOB_TOKEN goes in JOB-TOKEN; a personal, project or group access token in PRIVATE-TOKEN. */
  tokenKind: 'job' | 'private';
  /** `$CI_API_V4_URL`, e.g. https://gitlab.com/api/v4. */
  apiUrl: string;
  /** `$CI_SERVER_URL`, where the project's pages and direct asset URLs live. */
  serverUrl: string;
  /** CI_PROJECT_ID, or the project's `group/project` path (URL-encoded in routes). */
  projectId: string;
  repository: Repository;
  http: HttpTransport;
  budget: RetryBudget;
}

/** Redirects followed when reading an asset: the direct asset URL, then the link's URL, then storage. */
const MAX_REDIRECTS = 5;

/**
 * GitLab's Releases API: a release's assets are its links, and the URL users (and Foundry) download from is a
 * link's version-specific `direct_asset_url`. The token goes only to the GitLab API's origin; a redirect to
 * another host (object storage, an external link) is followed without it.
 */
export class GitLabApi implements ReleaseHost {
  readonly name = 'GitLab';
  readonly urls: ReleaseUrls;
  readonly #apiOrigin: string;

  constructor(private readonly options: GitLabApiOptions) {
    const { owner, repo } = options.repository;
    this.urls = gitLabReleaseUrls(`${options.serverUrl}/${owner ? `${owner}/` : ''}${repo}`);
    this.#apiOrigin = new URL(options.apiUrl).origin;
  }

  async releaseByTag(tag: string): Promise<HostRelease | undefined> {
    const project = encodeURIComponent(this.options.projectId);
    // The tag is one path segment: a tag with a slash must be sent as %2F, or the route does not match.
    const url = `${this.options.apiUrl}/projects/${project}/releases/${encodeURIComponent(tag)}`;
    const response = await this.#get(`GET /projects/:id/releases/${untrusted(tag)}`, url);
    const body = response.bytes.toString('utf8');
    if (response.status === 404) {
      const message = errorSchema.safeParse(parseJson(body));
      if (message.success && /project not found/i.test(String(message.data.message))) {
        throw new ActionError(
          `GitLab has no project ${untrusted(this.options.projectId)} that this token can read (404 Project Not Found). Check CI_PROJECT_ID (or --repository), and for a private project give a token that can read its releases.`,
        );
      }
      return undefined;
    }
    const release = gitLabReleaseSchema.safeParse(parseJson(body));
    if (!release.success) {
      throw new ActionError(
        `GitLab answered the release '${untrusted(tag)}' with HTTP ${response.status} and a body that is not a release: ${bodyExcerpt(body)}.`,
      );
    }
    return this.#hostRelease(release.data);
  }

  /** The newest releases; GitLab has neither drafts nor prereleases (an upcoming release is listed as is). */
  async listReleases(): Promise<ReleaseSummary[]> {
    const project = encodeURIComponent(this.options.projectId);
    const url = `${this.options.apiUrl}/projects/${project}/releases?per_page=${RELEASE_LIST_PAGE}`;
    const response = await this.#get('GET /projects/:id/releases', url);
    const list = releaseListSchema.safeParse(parseJson(response.bytes.toString('utf8')));
    if (response.status !== 200 || !list.success) {
      throw new ActionError(
        `GitLab answered the release list with HTTP ${response.status}: ${bodyExcerpt(response.bytes.toString('utf8'))}.`,
      );
    }
    return list.data.map((r) => ({ tag: r.tag_name, draft: false, prerelease: false }));
  }

  async readAsset(asset: HostAsset, maxBytes: number): Promise<Buffer> {
    let url = asset.url;
    try {
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        const response = await this.#get(`download of release link ${untrusted(asset.name)}`, url, maxBytes);
        const location = response.headers.location;
        if (response.status >= 300 && response.status < 400 && location) {
          url = redirectTarget(url, location);
          continue;
        }
        if (response.status === 200) return response.bytes;
        throw new ActionError(
          `Downloading release link ${untrusted(asset.name)} failed: HTTP ${response.status} from ${untrusted(url)} (${bodyExcerpt(response.bytes.toString('utf8'))}). Check the link's URL answers with the file.`,
        );
      }
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        throw new ActionError(
          `Release link ${untrusted(asset.name)} is more than ${formatBytes(maxBytes)}; a manifest is at most ${formatBytes(maxBytes)}. Check manifest-asset names the manifest, not the package zip.`,
        );
      }
      throw error;
    }
    throw new ActionError(
      `Downloading release link ${untrusted(asset.name)} was redirected more than ${MAX_REDIRECTS} times; check the link's URL.`,
    );
  }

  #hostRelease(release: GitLabRelease): HostRelease {
    return {
      tag: release.tag_name,
      pageUrl: release._links?.self ?? this.urls.pageUrl(release.tag_name),
      // GitLab has no prereleases: `prerelease: skip` never applies there.
      prerelease: false,
      assets: release.assets.links.map((link) => {
        const url = link.direct_asset_url ?? link.url;
        return { id: link.id, name: link.name, url, fileInUrl: this.urls.parseAssetUrl(url)?.file };
      }),
    };
  }

  /** The token's header, only for the API's own origin: never for another host a redirect names. */
  #headers(url: string): Record<string, string> {
    const { token, tokenKind } = this.options;
    if (!token || originOf(url) !== this.#apiOrigin) return {};
    return tokenKind === 'job' ? { 'JOB-TOKEN': token } : { 'PRIVATE-TOKEN': token };
  }

  /** One GET (no redirect followed), retried on 5xx, 429 and network trouble; 401/403 stop the run. */
  #get(what: string, url: string, maxBodyBytes?: number): Promise<HttpBytesResponse> {
    return withRetries<HttpBytesResponse>(
      async (): Promise<AttemptResult<HttpBytesResponse>> => {
        let answer;
        try {
          answer = await this.options.http.requestBytes('GET', url, {
            headers: { Accept: 'application/json', ...this.#headers(url) },
            maxBodyBytes,
          });
        } catch (error) {
          if (error instanceof TransportError)
            return { retry: { kind: 'transient' }, failure: `GitLab ${what} failed (${error.message})` };
          throw error;
        }
        const { status, headers, bytes } = answer;
        const body = bytes.toString('utf8');
        if (status === 429) {
          return {
            retry: { kind: 'rate-limited', retryAfterMs: gitLabRetryAfterMs(headers), askedBy: 'GitLab' },
            failure: `GitLab ${what} hit a rate limit (HTTP 429)`,
          };
        }
        if (status === 401 || status === 403) {
          throw new ActionError(
            `GitLab refused ${what} (HTTP ${status}: ${bodyExcerpt(body)}). In GitLab CI the job token (CI_JOB_TOKEN) reads releases of its own project; outside a pipeline set GITLAB_TOKEN to an access token with the read_api scope.`,
          );
        }
        if (status >= 500) {
          return {
            retry: { kind: 'transient' },
            failure: `GitLab ${what} answered HTTP ${status} (${bodyExcerpt(body, 100)})`,
          };
        }
        return { ok: answer };
      },
      {
        what: 'GitLab',
        budget: this.options.budget,
        giveUp: (failure, reason) =>
          new ActionError(
            `${failure}; gave up because ${reason}. Check https://status.gitlab.com (or your instance) and re-run the job.`,
          ),
      },
    );
  }
}

/**
 * GitLab's rate-limit answers (docs: "User and IP rate limits", response headers): Retry-After in seconds,
 * else RateLimit-Reset as a Unix epoch, else RateLimit-ResetTime as an HTTP date.
 */
export function gitLabRetryAfterMs(headers: IncomingHttpHeaders, now = Date.now()): number | undefined {
  const one = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const retryAfter = parseRetryAfter(one('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  const reset = one('ratelimit-reset');
  if (reset && /^\d+$/.test(reset.trim())) return Math.max(0, Number(reset) * 1000 - now);
  return parseRetryAfter(one('ratelimit-resettime'), now);
}
