import type { components } from '@octokit/openapi-types';
import branchProtection from '@octokit/fixtures/scenarios/api.github.com/branch-protection/normalized-fixture.json' with { type: 'json' };
import releaseAssets from '@octokit/fixtures/scenarios/api.github.com/release-assets/normalized-fixture.json' with { type: 'json' };
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

export interface SimAsset {
  id: number;
  name: string;
  content: Buffer;
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
    assets?: Record<string, string | Buffer>;
  }): SimRelease {
    const created: SimRelease = {
      id: release.id ?? this.#nextId++,
      tag_name: release.tag,
      draft: release.draft ?? false,
      prerelease: release.prerelease ?? false,
      assets: Object.entries(release.assets ?? {}).map(([name, content]) => ({
        id: this.#nextId++,
        name,
        content: Buffer.from(content),
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
      size: this.listedSizeOverride ?? asset.content.length,
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

  #releaseBy(context: RouteContext, match: (r: SimRelease) => boolean): void {
    if (!this.#authorized(context)) return;
    const release = this.releases.find(match);
    if (!release) return sendJson(context.response, 404, NOT_FOUND);
    sendJson(context.response, 200, this.#toJson(release));
  }

  #findAsset(id: number): SimAsset | undefined {
    return this.releases.flatMap((r) => r.assets).find((a) => a.id === id);
  }

  #asset(context: RouteContext, id: number): void {
    if (!this.#authorized(context)) return;
    const asset = this.#findAsset(id);
    if (!asset) return sendJson(context.response, 404, NOT_FOUND);
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

  #stored({ response }: RouteContext, id: number): void {
    const asset = this.#findAsset(id);
    if (!asset) return sendJson(response, 404, NOT_FOUND);
    response.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(asset.content.length),
    });
    response.end(asset.content);
  }
}
