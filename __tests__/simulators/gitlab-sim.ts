import { SimServer, sendJson, type RouteContext } from './sim-server.js';

/**
 * GitLab's Releases API and the web routes around release links, built from GitLab's documentation
 * (doc/api/releases/index.md "Get a release by a tag name", doc/api/releases/links.md, doc/api/rest
 * "Namespaced paths" and authentication, doc/ci/jobs/ci_job_token.md, doc/user/project/releases/
 * release_fields.md "Permanent links to latest release assets"), never from what our code sends:
 *
 * - `GET /api/v4/projects/:id/releases` (newest first by released_at, `per_page` default 20, `x-next-page`).
 * - `GET /api/v4/projects/:id/releases/:tag_name`, `:id` numeric or the URL-encoded `group/project` path,
 *   a tag with a slash sent as `%2F`; the body is the docs' example with the Link entity's fields
 *   (`direct_asset_url`, `external`, `link_type`) and `_links.self`.
 * - Errors as GitLab renders them: `404 {"message":"404 Not Found"}` (no release),
 *   `404 {"message":"404 Project Not Found"}`, `401 {"message":"401 Unauthorized"}`.
 * - Auth by `JOB-TOKEN` (the job token is allowed on the Releases API) or `PRIVATE-TOKEN`; a public
 *   project's releases and packages are readable without one.
 * - `<project>/-/releases/:tag/downloads/<filepath>` answers `302` to the link's `url`;
 *   `<project>/-/releases/permalink/latest/downloads/<filepath>` answers `302` to the newest release's
 *   direct asset URL (two redirects in a row).
 * - Link URLs in the generic package registry (`/api/v4/projects/:id/packages/generic/:name/:version/:file`,
 *   as SWADE's pipeline uploads them; whole files, no Range), or external on another host (`localhost`).
 */
export interface GitLabLink {
  name: string;
  content: Buffer;
  /** The direct asset path (`/module.zip`); none: `direct_asset_url` is the link's `url`. */
  filepath?: string;
  /** Stored on another host (an external link), not in the project's package registry. */
  external?: boolean;
}

export interface GitLabRelease {
  tag: string;
  links: GitLabLink[];
  releasedAt: string;
}

export class GitLabSim {
  /** GitLab itself: the API under /api/v4 and the project's web routes, on one origin as on gitlab.com. */
  readonly server = new SimServer('GitLab');
  /** Another host, for external links: a credential seen here leaked across a redirect. */
  readonly storage = new SimServer('external storage', 'localhost');
  readonly releases: GitLabRelease[] = [];
  projectId = 24;
  projectPath = 'my-group/hello-module';
  packageName = 'hello-module';
  readonly jobToken = 'glcbt-64_SimulatedJobToken0123456789';
  readonly privateToken = 'glpat-SimulatedAccessToken0123456789';
  /** A private project: the API and the package registry answer 404 to anonymous requests. */
  private = false;

  constructor() {
    this.server.setRoutes([
      {
        method: 'GET',
        pattern: /^\/api\/v4\/projects\/([^/]+)\/releases$/,
        handle: (c, id) => this.#list(c, id),
      },
      {
        method: 'GET',
        pattern: /^\/api\/v4\/projects\/([^/]+)\/releases\/([^/]+)$/,
        handle: (c, id, tag) => this.#release(c, id, tag),
      },
      {
        method: 'GET',
        pattern: /^\/api\/v4\/projects\/([^/]+)\/packages\/generic\/([^/]+)\/([^/]+)\/([^/]+)$/,
        handle: (c, id, _name, version, file) => this.#package(c, id, version, file),
      },
      {
        method: 'GET',
        pattern: /^\/(.+)\/-\/releases\/permalink\/latest\/downloads\/(.+)$/,
        handle: (c, project, filepath) => this.#latest(c, project, filepath),
      },
      {
        method: 'GET',
        pattern: /^\/(.+)\/-\/releases\/([^/]+)\/downloads\/(.+)$/,
        handle: (c, project, tag, filepath) => this.#directAsset(c, project, tag, filepath),
      },
    ]);
    this.storage.setRoutes([
      {
        method: 'GET',
        pattern: /^\/files\/([^/]+)\/([^/]+)$/,
        handle: ({ response }, tag, name) => {
          const link = this.#link(tag, name);
          if (!link) return sendJson(response, 404, { message: 'Not Found' });
          response.writeHead(200, { 'Content-Type': 'application/octet-stream' });
          response.end(link.content);
        },
      },
    ]);
  }

  async start(): Promise<this> {
    await Promise.all([this.server.start(), this.storage.start()]);
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all([this.server.stop(), this.storage.stop()]);
  }

  /** CI_SERVER_URL. */
  get url(): string {
    return this.server.url;
  }

  /** CI_API_V4_URL. */
  get apiUrl(): string {
    return `${this.server.url}/api/v4`;
  }

  /** CI_PROJECT_URL. */
  get projectUrl(): string {
    return `${this.server.url}/${this.projectPath}`;
  }

  /** A link's direct asset URL, as GitLab builds it from the direct asset path. */
  directAssetUrl(tag: string, filepath: string): string {
    return `${this.projectUrl}/-/releases/${encodeURIComponent(tag)}/downloads${filepath}`;
  }

  /** A release whose links have direct asset paths `/<name>`, as SWADE's pipeline creates them. */
  addRelease(tag: string, files: Record<string, Buffer | string>, options: { external?: boolean } = {}) {
    const release: GitLabRelease = {
      tag,
      releasedAt: new Date(Date.UTC(2026, 0, 1) + this.releases.length * 86_400_000).toISOString(),
      links: Object.entries(files).map(([name, content]) => ({
        name,
        content: Buffer.from(content),
        filepath: `/${name}`,
        external: options.external,
      })),
    };
    this.releases.push(release);
    return release;
  }

  #linkUrl(release: GitLabRelease, link: GitLabLink): string {
    if (link.external) return `${this.storage.url}/files/${encodeURIComponent(release.tag)}/${link.name}`;
    return `${this.apiUrl}/projects/${this.projectId}/packages/generic/${this.packageName}/${encodeURIComponent(release.tag)}/${link.name}`;
  }

  #link(tag: string, name: string): GitLabLink | undefined {
    return this.releases.find((r) => r.tag === tag)?.links.find((l) => l.name === name);
  }

  #isProject(id: string): boolean {
    return id === String(this.projectId) || id === this.projectPath;
  }

  /** JOB-TOKEN or PRIVATE-TOKEN; a wrong token is 401 even on a public project, as GitLab answers. */
  #authorized({ request, response }: RouteContext): boolean {
    const job = request.headers['job-token'];
    const personal = request.headers['private-token'];
    if (job !== undefined || personal !== undefined) {
      if (job === this.jobToken || personal === this.privateToken) return true;
      sendJson(response, 401, { message: '401 Unauthorized' });
      return false;
    }
    if (!this.private) return true;
    sendJson(response, 404, { message: '404 Project Not Found' });
    return false;
  }

  #release(context: RouteContext, id: string, tag: string): void {
    if (!this.#authorized(context)) return;
    if (!this.#isProject(id)) return sendJson(context.response, 404, { message: '404 Project Not Found' });
    const release = this.releases.find((r) => r.tag === tag);
    if (!release) return sendJson(context.response, 404, { message: '404 Not Found' });
    sendJson(context.response, 200, this.#toJson(release));
  }

  /** The list, newest first by released_at (GitLab's default order), one page of `per_page` (default 20). */
  #list(context: RouteContext, id: string): void {
    if (!this.#authorized(context)) return;
    if (!this.#isProject(id)) return sendJson(context.response, 404, { message: '404 Project Not Found' });
    const perPage = Math.min(100, Number(context.url.searchParams.get('per_page') ?? 20) || 20);
    const newestFirst = [...this.releases].sort((a, b) => b.releasedAt.localeCompare(a.releasedAt));
    const page = newestFirst.slice(0, perPage);
    sendJson(
      context.response,
      200,
      page.map((r) => this.#toJson(r)),
      {
        'x-page': '1',
        'x-per-page': String(perPage),
        'x-next-page': newestFirst.length > perPage ? '2' : '',
      },
    );
  }

  #package(context: RouteContext, id: string, version: string, file: string): void {
    if (!this.#authorized(context)) return;
    const link = this.#isProject(id) ? this.#link(version, file) : undefined;
    if (!link) return sendJson(context.response, 404, { message: '404 Package Not Found' });
    context.response.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    context.response.end(link.content);
  }

  /** The web route redirects to the link's URL (Rails' redirect_to: 302), or an HTML 404. */
  #directAsset({ response }: RouteContext, project: string, tag: string, filepath: string): void {
    const release = project === this.projectPath ? this.releases.find((r) => r.tag === tag) : undefined;
    const link = release?.links.find((l) => l.filepath === `/${filepath}`);
    if (!release || !link) {
      response.writeHead(404, { 'Content-Type': 'text/html' });
      response.end('<html><body>The page could not be found</body></html>');
      return;
    }
    response.writeHead(302, { Location: this.#linkUrl(release, link) });
    response.end();
  }

  /** "Latest" is the newest release by released_at; the permalink redirects to its direct asset URL. */
  #latest({ response }: RouteContext, project: string, filepath: string): void {
    const newest = [...this.releases].sort((a, b) => b.releasedAt.localeCompare(a.releasedAt))[0];
    if (project !== this.projectPath || !newest) {
      response.writeHead(404, { 'Content-Type': 'text/html' });
      response.end('<html><body>The page could not be found</body></html>');
      return;
    }
    response.writeHead(302, { Location: this.directAssetUrl(newest.tag, `/${filepath}`) });
    response.end();
  }

  /** The docs' example body, with this release's tag, links and URLs. */
  #toJson(release: GitLabRelease) {
    const tag = encodeURIComponent(release.tag);
    const links = release.links.map((link, index) => ({
      id: index + 1,
      name: link.name,
      url: this.#linkUrl(release, link),
      direct_asset_url: link.filepath
        ? this.directAssetUrl(release.tag, link.filepath)
        : this.#linkUrl(release, link),
      external: link.external ?? false,
      link_type: link.name.endsWith('.zip') ? 'package' : 'other',
    }));
    const archive = (format: string) => ({
      format,
      url: `${this.projectUrl}/-/archive/${tag}/hello-module-${tag}.${format}`,
    });
    return {
      tag_name: release.tag,
      description: '## CHANGELOG\r\n\r\n- Remove limit of 100 when searching repository code. !8671',
      name: `Hello Module ${release.tag}`,
      created_at: release.releasedAt,
      released_at: release.releasedAt,
      upcoming_release: false,
      author: {
        id: 1,
        name: 'Administrator',
        username: 'root',
        state: 'active',
        avatar_url: 'https://www.gravatar.com/avatar/e64c7d89f26bd1972efa854d13d7dd61?s=80&d=identicon',
        web_url: `${this.url}/root`,
      },
      commit: {
        id: 'f8d3d94cbd347e924aa7b715845e439d00e80ca4',
        short_id: 'f8d3d94c',
        title: 'Initial commit',
        created_at: '2019-01-03T01:53:28.000Z',
        parent_ids: [],
        message: 'Initial commit',
        author_name: 'Administrator',
        author_email: 'admin@example.com',
        authored_date: '2019-01-03T01:53:28.000Z',
        committer_name: 'Administrator',
        committer_email: 'admin@example.com',
        committed_date: '2019-01-03T01:53:28.000Z',
      },
      commit_path: `/${this.projectPath}/commit/f8d3d94cbd347e924aa7b715845e439d00e80ca4`,
      tag_path: `/${this.projectPath}/-/tags/${tag}`,
      assets: {
        count: 4 + links.length,
        sources: ['zip', 'tar.gz', 'tar.bz2', 'tar'].map(archive),
        links,
      },
      evidences: [
        {
          sha: '760d6cdfb0879c3ffedec13af470e0f71cf52c6cde4d',
          filepath: `${this.projectUrl}/-/releases/${tag}/evidence.json`,
          collected_at: release.releasedAt,
        },
      ],
      _links: {
        self: `${this.projectUrl}/-/releases/${tag}`,
        edit_url: `${this.projectUrl}/-/releases/${tag}/edit`,
      },
    };
  }
}
