import type { APIError, Attachment, Release, Repository, ServerVersion, User } from 'gitea-js';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assetContent,
  parseRange,
  resolveContent,
  sizeOf,
  type SimAsset,
  type SimAssetContent,
} from './github-sim.js';
import { SimServer, sendJson, type RouteContext } from './sim-server.js';

/**
 * Forgejo or Gitea, as their API documentation and source describe them. The bodies are typed by Gitea's
 * swagger (the `gitea-js` types are generated from it), so a field Gitea does not send cannot creep in:
 * - the releases API under `/api/v1` (by tag, by id, an attachment's metadata), answering GitHub's release
 *   shape but with Gitea's Attachment (`id`, `name`, `size`, `download_count`, `created_at`, `uuid`,
 *   `browser_download_url`; no `content_type`, `state`, `label` or API `url`);
 * - `GET /api/v1/version` (`ServerVersion`; Forgejo's reads `<forgejo>+gitea-<gitea>`);
 * - the web route `/<owner>/<repo>/releases/download/<tag>/<file>` (RedirectDownload: `latest` is the newest
 *   release when no release has that tag) and the old `/attachments/<uuid>`, which take
 *   `Authorization: token …` for a private repository and answer an HTML 404 otherwise. They serve the bytes
 *   with Range support (local storage), or, with `serveDirect` (`[attachment] SERVE_DIRECT` on object
 *   storage), a 303 See Other to a presigned URL on another host;
 * - 404 bodies as Forgejo (and Gitea ≤ 1.22) send them (`{"errors":[],"message":"The target couldn't be
 *   found.","url":"…/api/swagger"}`) or as current Gitea does (`{"message":"not found","url":…}`).
 */
export type GiteaFlavour = 'forgejo' | 'gitea';

export interface GiteaSimRelease {
  id: number;
  tag_name: string;
  draft: boolean;
  prerelease: boolean;
  assets: (SimAsset & { uuid: string })[];
}

const CREATED = '2026-11-20T10:00:00Z';

export class GiteaSim {
  /** API and web routes share one origin, as on a Forgejo or Gitea server. */
  readonly server: SimServer;
  /** Object storage behind SERVE_DIRECT: another host name (`localhost`), so a token that follows is caught. */
  readonly storage = new SimServer('object storage', 'localhost');
  readonly releases: GiteaSimRelease[] = [];
  owner = 'alice';
  repo = 'my-module';
  /** The token the server accepts; a private repository needs it on the API and the web downloads. */
  token?: string;
  /** Anonymous requests to the repository's API and downloads answer 404, as for a private repository. */
  private = false;
  /** SERVE_DIRECT with object storage: downloads answer 303 to a presigned URL on the storage host. */
  serveDirect = false;
  /** Answer Range requests with the whole file (200). */
  ignoreRanges = false;
  /** Body bytes served, by asset name. */
  readonly bytesServed = new Map<string, number>();
  #nextId = 50;

  constructor(readonly flavour: GiteaFlavour = 'forgejo') {
    this.server = new SimServer(flavour === 'forgejo' ? 'Forgejo' : 'Gitea');
    const repoApi = '^/api/v1/repos/([^/]+)/([^/]+)/releases';
    this.server.setRoutes([
      {
        method: 'GET',
        pattern: /^\/api\/v1\/version$/,
        handle: ({ response }) => sendJson(response, 200, this.version),
      },
      {
        method: 'GET',
        pattern: new RegExp(`${repoApi}$`),
        handle: (c, o, r) => this.#releaseList(c, o, r),
      },
      {
        method: 'GET',
        pattern: new RegExp(`${repoApi}/tags/(.+)$`),
        // A draft is not served by tag to a token without write access to releases.
        handle: (c, o, r, tag) => this.#releaseBy(c, o, r, (x) => x.tag_name === tag && !x.draft),
      },
      {
        method: 'GET',
        pattern: new RegExp(`${repoApi}/(\\d+)$`),
        handle: (c, o, r, id) => this.#releaseBy(c, o, r, (x) => x.id === Number(id)),
      },
      {
        method: 'GET',
        pattern: new RegExp(`${repoApi}/(\\d+)/assets/(\\d+)$`),
        handle: (c, o, r, id, assetId) => this.#attachmentMetadata(c, o, r, Number(id), Number(assetId)),
      },
      {
        method: 'GET',
        pattern: /^\/([^/]+)\/([^/]+)\/releases\/download\/([^/]+)\/([^/]+)$/,
        handle: (c, o, r, tag, name) => this.#redirectDownload(c, o, r, tag, name),
      },
      {
        method: 'GET',
        pattern: /^\/attachments\/([0-9a-f-]+)$/,
        handle: (c, uuid) => this.#attachmentByUuid(c, uuid),
      },
    ]);
    this.storage.setRoutes([
      {
        method: 'GET',
        pattern: /^\/gitea\/attachments\/([0-9a-f-]+)$/,
        handle: (c, uuid) => {
          const asset = this.#assetByUuid(uuid);
          if (!asset) return sendStorageNotFound(c);
          return this.#serveBytes(c, asset);
        },
      },
    ]);
  }

  /** GITHUB_SERVER_URL on the runner. */
  get url(): string {
    return this.server.url;
  }

  /** GITHUB_API_URL on the runner: `<server>/api/v1`. */
  get apiUrl(): string {
    return `${this.server.url}/api/v1`;
  }

  get version(): ServerVersion {
    return { version: this.flavour === 'forgejo' ? '11.0.7+gitea-1.22.0' : '1.23.8' };
  }

  async start(): Promise<this> {
    await Promise.all([this.server.start(), this.storage.start()]);
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all([this.server.stop(), this.storage.stop()]);
  }

  addRelease(release: {
    tag: string;
    draft?: boolean;
    prerelease?: boolean;
    assets?: Record<string, SimAssetContent>;
  }): GiteaSimRelease {
    const created: GiteaSimRelease = {
      id: this.#nextId++,
      tag_name: release.tag,
      draft: release.draft ?? false,
      prerelease: release.prerelease ?? false,
      assets: Object.entries(release.assets ?? {}).map(([name, content]) => {
        const id = this.#nextId++;
        return {
          id,
          uuid: uuidFor(id),
          name,
          ...assetContent(content),
        };
      }),
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

  /** The ReleasePayload of a `release` event (modules/structs/hook.go): action, release, repository, sender. */
  releaseEvent(release: GiteaSimRelease, action: 'published' | 'updated' = 'published') {
    return { action, release: this.releaseJson(release), repository: this.#repositoryJson(), sender: ALICE };
  }

  /** The PushPayload of a tag push (modules/structs/hook.go). */
  pushEvent(tag: string) {
    return {
      ref: `refs/tags/${tag}`,
      before: '0000000000000000000000000000000000000000',
      after: 'a1b2c3d4e5f60718293a4b5c6d7e8f9011223344',
      compare_url: '',
      commits: [],
      total_commits: 0,
      head_commit: null,
      repository: this.#repositoryJson(),
      pusher: ALICE,
      sender: ALICE,
    };
  }

  attachmentJson(release: GiteaSimRelease, asset: GiteaSimRelease['assets'][number]): Attachment {
    return {
      id: asset.id,
      name: asset.name,
      size: sizeOf(asset),
      download_count: 0,
      created_at: CREATED,
      uuid: asset.uuid,
      browser_download_url: this.downloadUrl(release.tag_name, asset.name),
    } satisfies Attachment;
  }

  releaseJson(release: GiteaSimRelease): Release {
    const repoUrl = `${this.url}/${this.owner}/${this.repo}`;
    return {
      id: release.id,
      tag_name: release.tag_name,
      target_commitish: 'main',
      name: release.tag_name,
      body: 'Changelog …',
      url: `${this.apiUrl}/repos/${this.owner}/${this.repo}/releases/${release.id}`,
      html_url: `${repoUrl}/releases/tag/${release.tag_name}`,
      tarball_url: `${repoUrl}/archive/${release.tag_name}.tar.gz`,
      zipball_url: `${repoUrl}/archive/${release.tag_name}.zip`,
      upload_url: `${this.apiUrl}/repos/${this.owner}/${this.repo}/releases/${release.id}/assets`,
      draft: release.draft,
      prerelease: release.prerelease,
      created_at: CREATED,
      published_at: CREATED,
      author: ALICE,
      assets: release.assets.map((a) => this.attachmentJson(release, a)),
    } satisfies Release;
  }

  /** The APIError of a 404: its text differs by version, so clients branch on the status only. */
  notFoundBody(): APIError & { errors?: string[] } {
    const url = `${this.url}/api/swagger`;
    return this.flavour === 'forgejo'
      ? { errors: [], message: "The target couldn't be found.", url }
      : { message: 'not found', url };
  }

  #repositoryJson(): Repository {
    return {
      id: 7,
      owner: ALICE,
      name: this.repo,
      full_name: `${this.owner}/${this.repo}`,
      private: this.private,
      html_url: `${this.url}/${this.owner}/${this.repo}`,
      clone_url: `${this.url}/${this.owner}/${this.repo}.git`,
      default_branch: 'main',
    } satisfies Repository;
  }

  /** A private repository is invisible (404) without the token: `token …` or `Bearer …`. */
  #canRead({ request }: RouteContext): boolean {
    if (!this.private) return true;
    const auth = request.headers.authorization ?? '';
    return this.token !== undefined && (auth === `token ${this.token}` || auth === `Bearer ${this.token}`);
  }

  #isThisRepository(owner: string, repo: string): boolean {
    return owner === this.owner && repo === this.repo;
  }

  async #releaseBy(
    context: RouteContext,
    owner: string,
    repo: string,
    match: (r: GiteaSimRelease) => boolean,
  ): Promise<void> {
    const release = this.releases.find(match);
    if (!this.#isThisRepository(owner, repo) || !this.#canRead(context) || !release) {
      return sendJson(context.response, 404, this.notFoundBody());
    }
    await Promise.all(release.assets.map((a) => resolveContent(a)));
    sendJson(context.response, 200, this.releaseJson(release));
  }

  /**
   * `repoListReleases`: newest first, `limit` per page (Gitea's default page size is its MAX_RESPONSE_ITEMS,
   * 50); drafts are listed to a token that can write the repository, as the runner's token can.
   */
  async #releaseList(context: RouteContext, owner: string, repo: string): Promise<void> {
    if (!this.#isThisRepository(owner, repo) || !this.#canRead(context)) {
      return sendJson(context.response, 404, this.notFoundBody());
    }
    const limit = Number(context.url.searchParams.get('limit') ?? 50) || 50;
    const newestFirst = [...this.releases].reverse().slice(0, limit);
    await Promise.all(newestFirst.flatMap((r) => r.assets.map((a) => resolveContent(a))));
    sendJson(
      context.response,
      200,
      newestFirst.map((r) => this.releaseJson(r)),
    );
  }

  /** `repoGetReleaseAttachment`: metadata only, whatever the Accept header asks for. */
  async #attachmentMetadata(
    context: RouteContext,
    owner: string,
    repo: string,
    releaseId: number,
    assetId: number,
  ): Promise<void> {
    const release = this.releases.find((r) => r.id === releaseId);
    const asset = release?.assets.find((a) => a.id === assetId);
    if (!this.#isThisRepository(owner, repo) || !this.#canRead(context) || !release || !asset) {
      return sendJson(context.response, 404, this.notFoundBody());
    }
    await resolveContent(asset);
    sendJson(context.response, 200, this.attachmentJson(release, asset));
  }

  async #redirectDownload(
    context: RouteContext,
    owner: string,
    repo: string,
    tag: string,
    name: string,
  ): Promise<void> {
    const published = this.releases.filter((r) => !r.draft);
    let release = published.find((r) => r.tag_name === tag);
    // GitHub's alias: the newest non-prerelease, when no release is tagged `latest`.
    if (!release && tag === 'latest') release = published.filter((r) => !r.prerelease).at(-1);
    const asset = release?.assets.find((a) => a.name === name);
    if (!this.#isThisRepository(owner, repo) || !this.#canRead(context) || !asset) {
      return sendHtmlNotFound(context);
    }
    await this.#serveAttachment(context, asset);
  }

  async #attachmentByUuid(context: RouteContext, uuid: string): Promise<void> {
    const asset = this.#assetByUuid(uuid);
    if (!asset || !this.#canRead(context)) return sendHtmlNotFound(context);
    await this.#serveAttachment(context, asset);
  }

  /** ServeAttachment: a 303 to a presigned storage URL (SERVE_DIRECT), or the bytes. */
  async #serveAttachment(context: RouteContext, asset: SimAsset & { uuid: string }): Promise<void> {
    if (this.serveDirect) {
      const presigned = `${this.storage.url}/gitea/attachments/${asset.uuid}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=sim`;
      context.response.writeHead(303, { Location: presigned });
      context.response.end();
      return;
    }
    await this.#serveBytes(context, asset, { ETag: `"${asset.uuid}"` });
  }

  #assetByUuid(uuid: string) {
    return this.releases.flatMap((r) => r.assets).find((a) => a.uuid === uuid);
  }

  /** The whole file, or one byte range of it (206, suffix ranges, 416), as Go's http.ServeContent does. */
  async #serveBytes(
    { request, response }: RouteContext,
    asset: SimAsset,
    headers: Record<string, string> = {},
  ): Promise<void> {
    await resolveContent(asset);
    const total = sizeOf(asset);
    const range = this.ignoreRanges ? undefined : parseRange(request.headers.range, total);
    if (range === 'unsatisfiable') {
      response.writeHead(416, { 'Content-Range': `bytes */${total}` });
      response.end();
      return;
    }
    const { start, end } = range ?? { start: 0, end: total - 1 };
    response.writeHead(range ? 206 : 200, {
      'Content-Type': asset.name.endsWith('.json') ? 'application/json' : 'application/zip',
      'Content-Length': String(Math.max(0, end - start + 1)),
      'Accept-Ranges': 'bytes',
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${total}` } : {}),
      ...headers,
    });
    const { content } = asset;
    const body = Buffer.isBuffer(content)
      ? Readable.from([content.subarray(start, end + 1)])
      : createReadStream(content.file, { start, end });
    body.on('data', (chunk: Buffer) =>
      this.bytesServed.set(asset.name, (this.bytesServed.get(asset.name) ?? 0) + chunk.length),
    );
    await pipeline(body, response).catch(() => undefined);
  }
}

const ALICE: User = {
  id: 7,
  login: 'alice',
  full_name: '',
  email: 'alice@noreply.codeberg.org',
  avatar_url: 'https://codeberg.org/avatars/abc',
};

/** A stable UUID per attachment id, as Gitea gives every attachment one. */
function uuidFor(id: number): string {
  const hex = createHash('sha256').update(String(id)).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Web routes answer an HTML page, not JSON, for a missing tag or file (and for a hidden private repository). */
function sendHtmlNotFound({ response }: RouteContext): void {
  response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
  response.end(
    '<!DOCTYPE html><html><head><title>Page Not Found</title></head><body>404 Not Found</body></html>',
  );
}

function sendStorageNotFound({ response }: RouteContext): void {
  response.writeHead(404, { 'Content-Type': 'application/xml' });
  response.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code></Error>');
}
