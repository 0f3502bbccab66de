import { z } from 'zod';
import { ActionError } from './action-error.js';
import { bodyExcerpt, parseJson, TransportError, type HttpResponse, type HttpTransport } from './http.js';
import { withRetries, type AttemptResult, type RetryBudget } from './retry.js';

const releaseAssetSchema = z.object({
  id: z.number(),
  name: z.string(),
  browser_download_url: z.string(),
});

const releaseSchema = z.object({
  id: z.number(),
  tag_name: z.string(),
  html_url: z.string(),
  assets: z.array(releaseAssetSchema),
});

export type ReleaseAsset = z.infer<typeof releaseAssetSchema>;
export type GitHubRelease = z.infer<typeof releaseSchema>;

export interface Repository {
  owner: string;
  repo: string;
}

/** The three GitHub calls the release step needs; tests swap in a fake. */
export interface GitHubReleases {
  releaseById(id: number): Promise<GitHubRelease>;
  /** undefined when no release has that tag. */
  releaseByTag(tag: string): Promise<GitHubRelease | undefined>;
  downloadAsset(asset: ReleaseAsset, maxBytes: number): Promise<Buffer>;
}

interface GitHubApiOptions {
  token: string | undefined;
  apiUrl: string;
  repository: Repository;
  http: HttpTransport;
  budget: RetryBudget;
}

/**
 * GitHub's REST API for releases, through the action's one HTTP layer. The asset download's redirect to
 * object storage on another host is followed by hand, without the token.
 */
export class GitHubApi implements GitHubReleases {
  constructor(private readonly options: GitHubApiOptions) {}

  async releaseById(id: number): Promise<GitHubRelease> {
    const release = await this.#getRelease(`/releases/${id}`);
    if (!release) {
      throw new ActionError(
        `GitHub has no release with id ${id} in ${this.#fullName}. If it was deleted after the event, publish it again; for a private repository, give the job 'contents: read' (or a github-token that can read it).`,
      );
    }
    return release;
  }

  releaseByTag(tag: string): Promise<GitHubRelease | undefined> {
    return this.#getRelease(`/releases/tags/${encodeURIComponent(tag)}`);
  }

  async downloadAsset(asset: ReleaseAsset, maxBytes: number): Promise<Buffer> {
    const what = `download of release asset ${asset.name}`;
    const response = await this.#call(
      what,
      `/releases/assets/${asset.id}`,
      'application/octet-stream',
      (r) => r,
    );
    if (!response)
      throw new ActionError(`Release asset ${asset.name} (id ${asset.id}) is gone from ${this.#fullName}.`);
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && location) {
      return this.#downloadWithoutCredentials(
        new URL(location, this.options.apiUrl).toString(),
        asset.name,
        maxBytes,
      );
    }
    return checkSize(Buffer.from(response.body), asset.name, maxBytes);
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
  ): Promise<T | undefined> {
    const { owner, repo } = this.options.repository;
    const url = `${this.options.apiUrl}/repos/${owner}/${repo}${route}`;
    const headers: Record<string, string> = { Accept: accept, 'X-GitHub-Api-Version': '2022-11-28' };
    if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
    return withRetries<T | undefined>(
      async (): Promise<AttemptResult<T | undefined>> => {
        let response: HttpResponse;
        try {
          response = await this.options.http.request('GET', url, { headers });
        } catch (error) {
          if (error instanceof TransportError)
            return { retry: { kind: 'transient' }, failure: `GitHub ${what} failed (${error.message})` };
          throw error;
        }
        const { status } = response;
        if (status === 404) return { ok: undefined };
        if (status === 401 || status === 403) {
          throw new ActionError(
            `GitHub refused ${what} (HTTP ${status}). Check that github-token can read ${this.#fullName}: the default \${{ github.token }} needs 'permissions: contents: read' in the workflow.`,
          );
        }
        if (status >= 500 || status === 429) {
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
            `${failure}; gave up because ${reason}. Check https://www.githubstatus.com and re-run the job.`,
          ),
      },
    );
  }

  async #downloadWithoutCredentials(url: string, name: string, maxBytes: number): Promise<Buffer> {
    return withRetries<Buffer>(
      async (): Promise<AttemptResult<Buffer>> => {
        const response = await this.options.http.request('GET', url, { followRedirects: true });
        if (response.status === 200) return { ok: checkSize(Buffer.from(response.body), name, maxBytes) };
        if (response.status >= 500)
          return { retry: { kind: 'transient' }, failure: `asset storage answered HTTP ${response.status}` };
        throw new ActionError(
          `Downloading release asset ${name} failed: HTTP ${response.status} from its storage host (${bodyExcerpt(response.body)}).`,
        );
      },
      {
        what: `Download of ${name}`,
        budget: this.options.budget,
        giveUp: (failure, reason) =>
          new ActionError(`Downloading release asset ${name} failed: ${failure}; gave up because ${reason}.`),
      },
    );
  }
}

function checkSize(bytes: Buffer, name: string, maxBytes: number): Buffer {
  if (bytes.length > maxBytes) {
    throw new ActionError(
      `Release asset ${name} is ${(bytes.length / 1048576).toFixed(1)} MiB; a manifest is at most ${maxBytes / 1048576} MiB. Check manifest-asset names the manifest, not the package zip.`,
    );
  }
  return bytes;
}
