import { SimServer, sendJson, type RouteContext } from './sim-server.js';

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
    sendJson(response, 404, { message: 'Not Found' });
    return false;
  }

  #toJson(release: SimRelease) {
    return {
      id: release.id,
      tag_name: release.tag_name,
      draft: release.draft,
      prerelease: release.prerelease,
      html_url: `${this.releasesUrl()}/tag/${release.tag_name}`,
      assets: release.assets.map((a) => ({
        id: a.id,
        name: a.name,
        state: 'uploaded',
        size: this.listedSizeOverride ?? a.content.length,
        url: `${this.url}/repos/${this.owner}/${this.repo}/releases/assets/${a.id}`,
        browser_download_url: this.downloadUrl(release.tag_name, a.name),
      })),
    };
  }

  #releaseBy(context: RouteContext, match: (r: SimRelease) => boolean): void {
    if (!this.#authorized(context)) return;
    const release = this.releases.find(match);
    if (!release) return sendJson(context.response, 404, { message: 'Not Found' });
    sendJson(context.response, 200, this.#toJson(release));
  }

  #findAsset(id: number): SimAsset | undefined {
    return this.releases.flatMap((r) => r.assets).find((a) => a.id === id);
  }

  #asset(context: RouteContext, id: number): void {
    if (!this.#authorized(context)) return;
    const asset = this.#findAsset(id);
    if (!asset) return sendJson(context.response, 404, { message: 'Not Found' });
    if (context.request.headers.accept === 'application/octet-stream') {
      context.response.writeHead(302, { Location: `${this.storage.url}/assets/${id}?signature=sim` });
      context.response.end();
      return;
    }
    sendJson(context.response, 200, { id: asset.id, name: asset.name });
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
    if (!asset) return sendJson(response, 404, { message: 'Not Found' });
    response.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(asset.content.length),
    });
    response.end(asset.content);
  }
}
