import * as z from 'zod/mini';
import { ActionError } from '../../problems/problem.js';
import { gitHubRateLimit } from '../../network/github-rate-limit.js';
import {
  BodyTooLargeError,
  bodyExcerpt,
  formatBytes,
  parseJson,
  TransportError,
  type HttpResponse,
  type HttpTransport,
} from '../../network/http.js';
import { untrusted } from '../../problems/untrusted-text.js';
import type { Repository } from '../../settings/run-context.js';
import type { HostAsset, HostRelease, ReleaseHost, ReleaseSummary, ReleaseUrls } from '../release-host.js';
import { gitHubReleaseUrls } from './github-release-urls.js';
import { withRetries, type AttemptResult, type RetryBudget } from '../../network/retry.js';
import { redirectTarget } from '../../network/url-policy.js';

const releaseAssetSchema = z.object({
  id: z.number(),
  name: z.string(),
  size: z.number(),
  browser_download_url: z.string(),
});

/** The fields of GitHub's release body the action reads; exported so tests hold it to recorded bodies. */
export const releaseSchema = z.object({
  id: z.number(),
  tag_name: z.string(),
  html_url: z.string(),
  prerelease: z.boolean(),
  assets: z.array(releaseAssetSchema),
});

/** GitHub's release list: the fields the version-order check reads, from each release of the page. */
export const releaseListSchema = z.array(
  z.object({ tag_name: z.string(), draft: z.boolean(), prerelease: z.boolean() }),
);

/**
 * How many of the newest releases one list request reads: the version-order check needs this release and
 * the one before it, and a few drafts or other packages' tags (a monorepo) may sit between them.
 */
export const RELEASE_LIST_PAGE = 20;

export type ReleaseAsset = z.infer<typeof releaseAssetSchema>;
export type GitHubRelease = z.infer<typeof releaseSchema>;

export interface GitHubApiOptions {
  token: string | undefined;
  apiUrl: string;
  /** `$GITHUB_SERVER_URL`, where the repository's release pages and asset URLs live. */
  serverUrl: string;
  repository: Repository;
  http: HttpTransport;
  budget: RetryBudget;
}

/**
 * GitHub's REST API for releases, through the action's one HTTP layer. The asset download's redirect to
 * object storage on another host is followed by hand, without the token.
 */
export class GitHubApi implements ReleaseHost {
  readonly name = 'GitHub';
  readonly urls: ReleaseUrls;

  constructor(private readonly options: GitHubApiOptions) {
    const { owner, repo } = options.repository;
    this.urls = gitHubReleaseUrls(`${options.serverUrl}/${owner}/${repo}`);
  }

  async releaseById(id: number): Promise<HostRelease> {
    const release = await this.#getRelease(`/releases/${id}`);
    if (!release) {
      throw new ActionError(
        `GitHub has no release with id ${id} in ${this.#fullName}. If it was deleted after the event, publish it again; for a private repository, give the job 'contents: read' (or a github-token that can read it).`,
      );
    }
    return hostRelease(release);
  }

  async releaseByTag(tag: string): Promise<HostRelease | undefined> {
    const release = await this.#getRelease(`/releases/tags/${encodeURIComponent(tag)}`);
    return release && hostRelease(release);
  }

  /** GET /releases (newest first, as GitHub lists them): one page, for the version-order check. */
  async listReleases(): Promise<ReleaseSummary[]> {
    const route = `/releases?per_page=${RELEASE_LIST_PAGE}`;
    const releases = await this.#call(`GET ${route}`, route, 'application/vnd.github+json', (response) => {
      const list = releaseListSchema.safeParse(parseJson(response.body));
      return list.success ? list.data : undefined;
    });
    // A 404 here is a repository the token cannot see; the release read before it would have failed first.
    return (releases ?? []).map((r) => ({ tag: r.tag_name, draft: r.draft, prerelease: r.prerelease }));
  }

  async readAsset(asset: HostAsset, maxBytes: number): Promise<Buffer> {
    // The listing's size refuses a mistaken asset (the package zip named as the manifest) unread.
    if (asset.size !== undefined && asset.size > maxBytes) throw tooLarge(asset.name, asset.size, maxBytes);
    try {
      const response = await this.#call(
        `download of release asset ${untrusted(asset.name)}`,
        `/releases/assets/${asset.id}`,
        'application/octet-stream',
        (r) => r,
        maxBytes,
      );
      if (!response) {
        throw new ActionError(
          `Release asset ${untrusted(asset.name)} (id ${asset.id}) is gone from ${this.#fullName}.`,
        );
      }
      const location = response.headers.location;
      if (response.status >= 300 && response.status < 400 && location) {
        return await this.#downloadWithoutCredentials(
          redirectTarget(this.#repoUrl(`/releases/assets/${asset.id}`), location),
          asset.name,
          maxBytes,
        );
      }
      return Buffer.from(response.body);
    } catch (error) {
      // The listing's size can be stale or wrong; reading stops at the cap all the same.
      if (error instanceof BodyTooLargeError) throw tooLarge(asset.name, undefined, maxBytes);
      throw error;
    }
  }

  #repoUrl(route: string): string {
    const { owner, repo } = this.options.repository;
    return `${this.options.apiUrl}/repos/${owner}/${repo}${route}`;
  }

  get #fullName(): string {
    return `${this.options.repository.owner}/${this.options.repository.repo}`;
  }

  #getRelease(route: string): Promise<GitHubRelease | undefined> {
    return this.#call(`GET ${route}`, route, 'application/vnd.github+json', (response) => {
      const release = releaseSchema.safeParse(parseJson(response.body));
      return release.success ? release.data : undefined;
    });
  }

  /**
   * One GET below /repos/<owner>/<repo>, retried on 5xx, network trouble and unreadable answers; 404 is
   * undefined. `read` returns undefined when a 2xx/3xx body cannot be used, which is retried too.
   */
  async #call<T>(
    what: string,
    route: string,
    accept: string,
    read: (response: HttpResponse) => T | undefined,
    maxBodyBytes?: number,
  ): Promise<T | undefined> {
    const url = this.#repoUrl(route);
    const headers: Record<string, string> = { Accept: accept, 'X-GitHub-Api-Version': '2022-11-28' };
    if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
    let rateLimited = false;
    return withRetries<T | undefined>(
      async (): Promise<AttemptResult<T | undefined>> => {
        rateLimited = false;
        let response: HttpResponse;
        try {
          response = await this.options.http.request('GET', url, { headers, maxBodyBytes });
        } catch (error) {
          if (error instanceof TransportError)
            return { retry: { kind: 'transient' }, failure: `GitHub ${what} failed (${error.message})` };
          throw error;
        }
        const { status } = response;
        if (status === 404) return { ok: undefined };
        // GitHub's rate limits come as 403 or 429: a wait, not a permission problem.
        const limit = gitHubRateLimit(status, response.headers, response.body);
        if (limit) {
          rateLimited = true;
          return {
            retry: { kind: 'rate-limited', retryAfterMs: limit.waitMs, askedBy: 'GitHub' },
            failure: `GitHub ${what} hit ${limit.description}`,
          };
        }
        if (status === 401 || status === 403) {
          throw new ActionError(
            `GitHub refused ${what} (HTTP ${status}). Check that github-token can read ${this.#fullName}: the default \${{ github.token }} needs 'permissions: contents: read' in the workflow.`,
          );
        }
        if (status >= 500) {
          return {
            retry: { kind: 'transient' },
            failure: `GitHub ${what} answered HTTP ${status} (${bodyExcerpt(response.body, 100)})`,
          };
        }
        if (status >= 400)
          throw new ActionError(`GitHub answered ${what} with HTTP ${status}: ${bodyExcerpt(response.body)}`);
        const value = read(response);
        if (value === undefined) {
          return {
            retry: { kind: 'transient' },
            failure: `GitHub ${what} answered with an unreadable body (${bodyExcerpt(response.body, 100)})`,
          };
        }
        return { ok: value };
      },
      {
        what: 'GitHub',
        budget: this.options.budget,
        giveUp: (failure, reason) =>
          new ActionError(
            rateLimited
              ? `${failure}; gave up because ${reason}. Re-run the job after the reset, or raise max-retry-wait (jobs that share a token share its limit).`
              : `${failure}; gave up because ${reason}. Check https://www.githubstatus.com and re-run the job.`,
          ),
      },
    );
  }

  async #downloadWithoutCredentials(url: string, name: string, maxBytes: number): Promise<Buffer> {
    return withRetries<Buffer>(
      async (): Promise<AttemptResult<Buffer>> => {
        const response = await this.options.http.request('GET', url, {
          followRedirects: true,
          maxBodyBytes: maxBytes,
        });
        if (response.status === 200) return { ok: Buffer.from(response.body) };
        if (response.status >= 500)
          return { retry: { kind: 'transient' }, failure: `asset storage answered HTTP ${response.status}` };
        throw new ActionError(
          `Downloading release asset ${untrusted(name)} failed: HTTP ${response.status} from its storage host (${bodyExcerpt(response.body)}).`,
        );
      },
      {
        what: `Download of ${untrusted(name)}`,
        budget: this.options.budget,
        giveUp: (failure, reason) =>
          new ActionError(
            `Downloading release asset ${untrusted(name)} failed: ${failure}; gave up because ${reason}.`,
          ),
      },
    );
  }
}

/** GitHub's release body (and Forgejo's and Gitea's, which has its shape) as the core sees a release. */
export function hostRelease(release: GitHubRelease): HostRelease {
  return {
    tag: release.tag_name,
    pageUrl: release.html_url,
    prerelease: release.prerelease,
    assets: release.assets.map((a) => ({
      id: a.id,
      name: a.name,
      size: a.size,
      url: a.browser_download_url,
    })),
  };
}

export function tooLarge(name: string, size: number | undefined, maxBytes: number): ActionError {
  const actual = size === undefined ? `more than ${formatBytes(maxBytes)}` : formatBytes(size);
  return new ActionError(
    `Release asset ${untrusted(name)} is ${actual}; a manifest is at most ${formatBytes(maxBytes)}. Check manifest-asset names the manifest, not the package zip.`,
  );
}
