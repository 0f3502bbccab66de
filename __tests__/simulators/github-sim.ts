import type { components } from '@octokit/openapi-types';
import branchProtection from '@octokit/fixtures/scenarios/api.github.com/branch-protection/normalized-fixture.json' with { type: 'json' };
import releaseAssets from '@octokit/fixtures/scenarios/api.github.com/release-assets/normalized-fixture.json' with { type: 'json' };
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SimServer, sendJson, type RouteContext } from './sim-server.js';

type GitHubReleaseBody = components['schemas']['release'];
type GitHubAssetBody = components['schemas']['release-asset'];
type GitHubErrorBody = components['schemas']['basic-error'];

/**
 * Bodies GitHub really sent, from @octokit/fixtures' recordings of api.github.com: the release read by tag
 * and one of its assets (scenario `release-assets`), and a 404 (scenario `branch-protection`). The simulation
 * serves copies with ids, names and URLs rewritten. What it sets itself is typed by GitHub's published
 * OpenAPI schema (@octokit/openapi-types), and its tests check every recorded field is still served.
 */
export const RECORDED = {
  release: recordedResponse(releaseAssets, 'get', '/releases/tags/v1.0.0') as GitHubReleaseBody,
  asset: recordedResponse(releaseAssets, 'get', '/releases/assets/1000') as GitHubAssetBody,
  error: recordedResponse(branchProtection, 'get', '/branches/main/protection') as GitHubErrorBody,
  repository: 'octokit-fixture-org/release-assets',
};

interface RecordedExchange {
  method: string;
  path: string;
  status: number;
  response: unknown;
}

function recordedResponse(exchanges: RecordedExchange[], method: string, pathEnd: string): unknown {
  const exchange = exchanges.find((r) => r.method === method && r.path.endsWith(pathEnd));
  if (!exchange) throw new Error(`@octokit/fixtures has no recorded ${method} …${pathEnd}`);
  return structuredClone(exchange.response);
}

/** GitHub's 404 for a release, tag or asset that does not exist (or that the token cannot see). */
const NOT_FOUND = {
  ...RECORDED.error,
  message: 'Not Found',
  documentation_url: 'https://docs.github.com/rest/releases/releases',
} satisfies GitHubErrorBody;

/** An asset's bytes: in memory, built on first use (a zip made with yazl), or a file (large zips). */
export type SimAssetContent = Buffer | string | (() => Promise<Buffer>) | { file: string };

export interface SimAsset {
  id: number;
  name: string;
  content: Buffer | { file: string };
  /** Builds the content on first use; the listing and every download wait for it. */
  pending?: () => Promise<Buffer>;
}

export interface SimRelease {
  id: number;
  tag_name: string;
  draft: boolean;
  prerelease: boolean;
  assets: SimAsset[];
}

/**
 * The parts of GitHub the release step touches: the releases API (by id, by tag, asset metadata and
 * the octet-stream download answered with a 302 to storage on another host) and the public
 * `releases/download/<tag>/<file>` web path Foundry fetches. Storage runs on `localhost`, the API on
 * `127.0.0.1`: different host names, so a credential that follows the redirect is caught.
 */
export class GitHubSim {
  readonly api = new SimServer('GitHub');
  readonly storage = new SimServer('GitHub asset storage', 'localhost');
  readonly releases: SimRelease[] = [];
  owner = 'Codertocat';
  repo = 'Hello-World';
  /** When set, API calls without this token answer 404, as GitHub does for a private repository. */
  token?: string;
  /** A private repository's web download answers 404 to anonymous requests. */
  private = false;
  /** When set, the release listing states this size for every asset (a listing that understates it). */
  listedSizeOverride?: number;
  /** Answer Range requests with the whole file (200), as some hosts and proxies do. */
  ignoreRanges = false;
  /** Body bytes storage sent, by asset name: what a check transferred. */
  readonly bytesServed = new Map<string, number>();
  /** Replaces an asset's bytes after it was read `reads` times, as a workflow re-uploading it would. */
  reuploadAfterReads?: { assetId: number; reads: number; content: Buffer };
  #nextId = 1000;

  constructor() {
    const repoPath = '^/repos/([^/]+)/([^/]+)/releases';
    this.api.setRoutes([
      {
        method: 'GET',
        pattern: new RegExp(`${repoPath}/assets/(\\d+)$`),
        handle: (c, _o, _r, id) => this.#asset(c, Number(id)),
      },
      {
        method: 'GET',
        pattern: new RegExp(`${repoPath}$`),
        handle: (c) => this.#list(c),
      },
      {
        method: 'GET',
        pattern: new RegExp(`${repoPath}/tags/(.+)$`),
        handle: (c, _o, _r, tag) => this.#releaseBy(c, (r) => r.tag_name === tag && !r.draft),
      },
      {
        method: 'GET',
        pattern: new RegExp(`${repoPath}/(\\d+)$`),
        handle: (c, _o, _r, id) => this.#releaseBy(c, (r) => r.id === Number(id)),
      },
      {
        method: 'GET',
        pattern: /^\/([^/]+)\/([^/]+)\/releases\/download\/(.+)\/([^/]+)$/,
        handle: (c, _o, _r, tag, name) => this.#webDownload(c, tag, name),
      },
    ]);
    this.storage.setRoutes([
      { method: 'GET', pattern: /^\/assets\/(\d+)$/, handle: (c, id) => this.#stored(c, Number(id)) },
    ]);
  }

  /** GITHUB_API_URL and GITHUB_SERVER_URL both point here. */
  get url(): string {
    return this.api.url;
  }

  async start(port = 0, storagePort = 0): Promise<this> {
    await Promise.all([this.api.start(port), this.storage.start(storagePort)]);
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all([this.api.stop(), this.storage.stop()]);
  }

  addRelease(release: {
    id?: number;
    tag: string;
    draft?: boolean;
    prerelease?: boolean;
    assets?: Record<string, SimAssetContent>;
  }): SimRelease {
    const created: SimRelease = {
      id: release.id ?? this.#nextId++,
      tag_name: release.tag,
      draft: release.draft ?? false,
      prerelease: release.prerelease ?? false,
      assets: Object.entries(release.assets ?? {}).map(([name, content]) => ({
        id: this.#nextId++,
        name,
        ...assetContent(content),
      })),
    };
    this.releases.push(created);
    return created;
  }

  releasesUrl(): string {
    return `${this.url}/${this.owner}/${this.repo}/releases`;
  }

  downloadUrl(tag: string, name: string): string {
    return `${this.releasesUrl()}/download/${tag}/${name}`;
  }

  #authorized({ request, response }: RouteContext): boolean {
    if (!this.token) return true;
    const auth = request.headers.authorization ?? '';
    if (auth === `token ${this.token}` || auth === `Bearer ${this.token}`) return true;
    sendJson(response, 404, NOT_FOUND);
    return false;
  }

  /** The recorded body with the recording's repository replaced by this one, on this simulation's hosts. */
  #rewritten<T>(body: T): T {
    const repository = `${this.owner}/${this.repo}`;
    const text = JSON.stringify(body)
      .replaceAll(`/repos/${RECORDED.repository}/`, `/repos/${repository}/`)
      .replaceAll(`github.com/${RECORDED.repository}/`, `github.com/${repository}/`)
      .replaceAll(/https:\/\/(api\.|uploads\.)?github\.com\//g, `${this.url}/`);
    return JSON.parse(text) as T;
  }

  #assetJson(release: SimRelease, asset: SimAsset): GitHubAssetBody {
    return {
      ...this.#rewritten(RECORDED.asset),
      url: `${this.url}/repos/${this.owner}/${this.repo}/releases/assets/${asset.id}`,
      id: asset.id,
      name: asset.name,
      label: '',
      content_type: asset.name.endsWith('.json') ? 'application/json' : 'application/zip',
      state: 'uploaded',
      size: this.listedSizeOverride ?? sizeOf(asset),
      // Recorded in 2017, before GitHub added the asset digest; the schema requires the field.
      digest: null,
      browser_download_url: this.downloadUrl(release.tag_name, asset.name),
    } satisfies GitHubAssetBody;
  }

  #toJson(release: SimRelease): GitHubReleaseBody {
    const base = `${this.url}/repos/${this.owner}/${this.repo}/releases/${release.id}`;
    return {
      ...this.#rewritten(RECORDED.release),
      url: base,
      assets_url: `${base}/assets`,
      upload_url: `${base}/assets{?name,label}`,
      tarball_url: `${this.url}/repos/${this.owner}/${this.repo}/tarball/${release.tag_name}`,
      zipball_url: `${this.url}/repos/${this.owner}/${this.repo}/zipball/${release.tag_name}`,
      id: release.id,
      tag_name: release.tag_name,
      name: release.tag_name,
      draft: release.draft,
      prerelease: release.prerelease,
      html_url: `${this.releasesUrl()}/tag/${release.tag_name}`,
      assets: release.assets.map((a) => this.#assetJson(release, a)),
    } satisfies GitHubReleaseBody;
  }

  async #releaseBy(context: RouteContext, match: (r: SimRelease) => boolean): Promise<void> {
    if (!this.#authorized(context)) return;
    const release = this.releases.find(match);
    if (!release) return sendJson(context.response, 404, NOT_FOUND);
    await Promise.all(release.assets.map((a) => resolveContent(a)));
    sendJson(context.response, 200, this.#toJson(release));
  }

  /**
   * GET /repos/{owner}/{repo}/releases, as GitHub's REST docs describe "List releases": an array of release
   * objects (the same schema as one release), newest first, `per_page` (default 30, max 100) and `page`.
   * Drafts are listed: the runner's token has push access, and "only users with push access will receive
   * listings for draft releases".
   */
  async #list(context: RouteContext): Promise<void> {
    if (!this.#authorized(context)) return;
    const query = context.url.searchParams;
    const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
    const newestFirst = [...this.releases].reverse().slice((page - 1) * perPage, page * perPage);
    await Promise.all(newestFirst.flatMap((r) => r.assets.map((a) => resolveContent(a))));
    sendJson(
      context.response,
      200,
      newestFirst.map((r) => this.#toJson(r)),
    );
  }

  #findAsset(id: number): SimAsset | undefined {
    return this.releases.flatMap((r) => r.assets).find((a) => a.id === id);
  }

  async #asset(context: RouteContext, id: number): Promise<void> {
    if (!this.#authorized(context)) return;
    const asset = this.#findAsset(id);
    if (!asset) return sendJson(context.response, 404, NOT_FOUND);
    await resolveContent(asset);
    if (context.request.headers.accept === 'application/octet-stream') {
      context.response.writeHead(302, { Location: `${this.storage.url}/assets/${id}?signature=sim` });
      context.response.end();
      return;
    }
    const release = this.releases.find((r) => r.assets.includes(asset));
    if (release) sendJson(context.response, 200, this.#assetJson(release, asset));
  }

  #webDownload({ response }: RouteContext, tag: string, name: string): void {
    const release = this.releases.find((r) => r.tag_name === tag && !r.draft);
    const asset = release?.assets.find((a) => a.name === name);
    if (!asset || this.private) {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('Not Found');
      return;
    }
    response.writeHead(302, { Location: `${this.storage.url}/assets/${asset.id}?signature=public` });
    response.end();
  }

  /** Object storage: the whole asset, or one byte range of it (206, suffix ranges, 416), as S3 serves them. */
  async #stored({ request, response }: RouteContext, id: number): Promise<void> {
    const asset = this.#findAsset(id);
    if (!asset) return sendJson(response, 404, NOT_FOUND);
    await resolveContent(asset);
    const total = sizeOf(asset);
    const range = this.ignoreRanges ? undefined : parseRange(request.headers.range, total);
    if (range === 'unsatisfiable') {
      response.writeHead(416, { 'Content-Range': `bytes */${total}` });
      response.end();
      return;
    }
    const { start, end } = range ?? { start: 0, end: total - 1 };
    const length = Math.max(0, end - start + 1);
    response.writeHead(range ? 206 : 200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(length),
      'Accept-Ranges': 'bytes',
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${total}` } : {}),
    });
    const { content } = asset;
    const body = Buffer.isBuffer(content)
      ? Readable.from([content.subarray(start, end + 1)])
      : createReadStream(content.file, { start, end });
    body.on('data', (chunk: Buffer) =>
      this.bytesServed.set(asset.name, (this.bytesServed.get(asset.name) ?? 0) + chunk.length),
    );
    // A client that has what it needs closes early; that is not the simulation's failure.
    await pipeline(body, response).catch(() => undefined);
    const reupload = this.reuploadAfterReads;
    if (reupload?.assetId === asset.id && --reupload.reads === 0) {
      asset.content = reupload.content;
      this.reuploadAfterReads = undefined;
    }
  }
}

/** An asset's bytes as the simulations keep them; a function builds them on the first read (resolveContent). */
export function assetContent(content: SimAssetContent): Pick<SimAsset, 'content' | 'pending'> {
  if (typeof content === 'function') return { content: Buffer.alloc(0), pending: content };
  return { content: typeof content === 'string' ? Buffer.from(content) : content };
}

export async function resolveContent(asset: SimAsset): Promise<void> {
  if (!asset.pending) return;
  const build = asset.pending;
  asset.pending = undefined;
  asset.content = await build();
}

export function sizeOf(asset: SimAsset): number {
  const { content } = asset;
  return Buffer.isBuffer(content) ? content.length : statSync(content.file).size;
}

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; anything else is served whole, as object storage does. */
export function parseRange(
  header: string | undefined,
  total: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || total === 0) return 'unsatisfiable';
    return { start: Math.max(0, total - suffix), end: total - 1 };
  }
  const start = Number(match[1]);
  if (start >= total) return 'unsatisfiable';
  const end = match[2] === '' ? total - 1 : Math.min(Number(match[2]), total - 1);
  return end < start ? undefined : { start, end };
}
