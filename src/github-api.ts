import { getOctokit } from '@actions/github';
import { z } from 'zod';
import { ActionError } from './action-error.js';
import { bodyExcerpt, HttpTransport, TransportError } from './http.js';
import { withRetries, type AttemptResult, type RetryBudget } from './retry.js';

const releaseAssetSchema = z.object({
  id: z.number(),
  name: z.string(),
  browser_download_url: z.string(),
  state: z.string().optional(),
});

const releaseSchema = z.object({
  id: z.number(),
  tag_name: z.string(),
  html_url: z.string(),
  draft: z.boolean().optional(),
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

type Octokit = ReturnType<typeof getOctokit>;

/** Octokit (from @actions/github) for the API; the asset's storage redirect is followed without credentials. */
export class GitHubApi implements GitHubReleases {
  readonly #octokit: Octokit;
  readonly #options: GitHubApiOptions;

  constructor(options: GitHubApiOptions) {
    this.#options = options;
    // Octokit needs some token string; an empty one sends no Authorization header.
    this.#octokit = getOctokit(options.token ?? '', { baseUrl: options.apiUrl });
  }

  async releaseById(id: number): Promise<GitHubRelease> {
    const release = await this.#get(`GET /repos/{owner}/{repo}/releases/{release_id}`, { release_id: id });
    if (release === undefined) {
      throw new ActionError(
        `GitHub has no release with id ${id} in ${this.#fullName}. If it was deleted after the event, publish it again; for a private repository, give the job 'contents: read' (or a github-token that can read it).`,
      );
    }
    return releaseSchema.parse(release);
  }

  async releaseByTag(tag: string): Promise<GitHubRelease | undefined> {
    const release = await this.#get(`GET /repos/{owner}/{repo}/releases/tags/{tag}`, { tag });
    return release === undefined ? undefined : releaseSchema.parse(release);
  }

  async downloadAsset(asset: ReleaseAsset, maxBytes: number): Promise<Buffer> {
    const response = await this.#call(`download of release asset ${asset.name}`, async () => {
      return this.#octokit.request('GET /repos/{owner}/{repo}/releases/assets/{asset_id}', {
        ...this.#options.repository,
        asset_id: asset.id,
        headers: { accept: 'application/octet-stream' },
        // The asset lives on another host (object storage): follow that hop ourselves, without the token.
        request: { redirect: 'manual', signal: AbortSignal.timeout(this.#options.http.timeoutMs) },
      });
    });
    if (response === undefined) {
      throw new ActionError(`Release asset ${asset.name} (id ${asset.id}) is gone from ${this.#fullName}.`);
    }
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && location) {
      return this.#downloadWithoutCredentials(location, asset.name, maxBytes);
    }
    const data = response.data as unknown;
    const bytes =
      data instanceof ArrayBuffer
        ? Buffer.from(data)
        : Buffer.from(typeof data === 'string' ? data : JSON.stringify(data));
    return checkSize(bytes, asset.name, maxBytes);
  }

  get #fullName(): string {
    return `${this.#options.repository.owner}/${this.#options.repository.repo}`;
  }

  async #get(route: string, params: Record<string, unknown>): Promise<unknown> {
    const response = await this.#call(route.replace('GET ', ''), () =>
      this.#octokit.request(route, {
        ...this.#options.repository,
        ...params,
        request: { signal: AbortSignal.timeout(this.#options.http.timeoutMs) },
      }),
    );
    return response?.data;
  }

  /** Runs one GitHub call with retries on 5xx and network trouble; 404 becomes undefined. */
  async #call<T>(what: string, send: () => Promise<T>): Promise<T | undefined> {
    return withRetries<T | undefined>(
      async (): Promise<AttemptResult<T | undefined>> => {
        try {
          return { ok: await send() };
        } catch (error) {
          const status = (error as { status?: unknown }).status;
          if (status === 404) return { ok: undefined };
          if (status === 401 || status === 403) {
            throw new ActionError(
              `GitHub refused ${what} (HTTP ${status}). Check that github-token can read ${this.#fullName}: the default \${{ github.token }} needs 'permissions: contents: read' in the workflow.`,
            );
          }
          if (typeof status === 'number' && status < 500 && status !== 429) {
            throw new ActionError(`GitHub answered ${what} with HTTP ${status}: ${errorText(error)}`);
          }
          return {
            retry: { kind: 'transient' },
            failure: `GitHub ${what} failed (${typeof status === 'number' ? `HTTP ${status}` : 'no answer'}: ${errorText(error)})`,
          };
        }
      },
      {
        what: 'GitHub',
        budget: this.#options.budget,
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
        try {
          const response = await this.#options.http.request('GET', url, { followRedirects: true });
          if (response.status === 200) return { ok: checkSize(Buffer.from(response.body), name, maxBytes) };
          if (response.status < 500) {
            throw new ActionError(
              `Downloading release asset ${name} failed: HTTP ${response.status} from its storage host (${bodyExcerpt(response.body)}).`,
            );
          }
          return { retry: { kind: 'transient' }, failure: `asset storage answered HTTP ${response.status}` };
        } catch (error) {
          if (error instanceof TransportError)
            return { retry: { kind: 'transient' }, failure: error.message };
          throw error;
        }
      },
      {
        what: `Download of ${name}`,
        budget: this.#options.budget,
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

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return bodyExcerpt(message, 160);
}
