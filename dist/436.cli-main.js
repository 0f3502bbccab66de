export const id = 436;
export const ids = [436];
export const modules = {

/***/ 3436:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/problems/log.ts
var log = __webpack_require__(7234);
// EXTERNAL MODULE: ./src/problems/problem.ts
var problem = __webpack_require__(6147);
// EXTERNAL MODULE: ./node_modules/zod/v4/mini/schemas.js + 8 modules
var schemas = __webpack_require__(4539);
// EXTERNAL MODULE: ./src/network/http.ts + 4 modules
var http = __webpack_require__(5139);
// EXTERNAL MODULE: ./src/network/retry.ts + 1 modules
var retry = __webpack_require__(1647);
// EXTERNAL MODULE: ./src/problems/untrusted-text.ts
var untrusted_text = __webpack_require__(1924);
;// CONCATENATED MODULE: ./src/release/foundry-api.ts




const successSchema = schemas/* object */.Ikc({
    status: schemas/* literal */.euz('success'),
    page: schemas/* optional */.lqM(schemas/* string */.YjP()),
    message: schemas/* optional */.lqM(schemas/* string */.YjP()),
});
const errorsSchema = schemas/* object */.Ikc({
    errors: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* array */.YOg(schemas/* union */.KCZ([schemas/* object */.Ikc({ message: schemas/* string */.YjP(), code: schemas/* optional */.lqM(schemas/* string */.YjP()) }), schemas/* string */.YjP()]))),
});
/** Sorts a response per the Package Release API article and SPEC §4.5. Pure. */
function classifyFoundryResponse(status, retryAfter, body, now = Date.now()) {
    const json = (0,http/* parseJson */.qF)(body);
    if (status === 200) {
        const success = successSchema.safeParse(json);
        if (success.success)
            return { kind: 'success', page: success.data.page, message: success.data.message };
        return {
            kind: 'transient',
            failure: `Foundry answered 200 with an unreadable body (${(0,http/* bodyExcerpt */.kG)(body, 100)})`,
        };
    }
    if (status === 429)
        return { kind: 'rate-limited', retryAfterMs: (0,retry/* parseRetryAfter */.mu)(retryAfter, now) };
    if (status === 401 || status === 403)
        return { kind: 'token-rejected', status };
    if (status === 400) {
        const invalid = errorsSchema.safeParse(json);
        if (invalid.success) {
            const errors = Object.entries(invalid.data.errors).flatMap(([field, list]) => list.map((e) => (typeof e === 'string' ? { field, message: e } : { field, ...e })));
            return { kind: 'invalid', errors };
        }
    }
    if (status >= 500)
        return { kind: 'transient', failure: `Foundry answered HTTP ${status} (${(0,http/* bodyExcerpt */.kG)(body, 100)})` };
    return { kind: 'unexpected', failure: `Foundry answered HTTP ${status} (${(0,http/* bodyExcerpt */.kG)(body)})` };
}
class FoundryApi {
    url;
    token;
    http;
    constructor(url, token, http) {
        this.url = url;
        this.token = token;
        this.http = http;
    }
    async send(payload) {
        try {
            const response = await this.http.request('POST', this.url, {
                body: JSON.stringify(payload),
                headers: {
                    'Content-Type': 'application/json',
                    Accept: 'application/json',
                    // The Package Release API article: the bare token, no "Bearer" scheme.
                    Authorization: this.token,
                },
            });
            if (response.status >= 300 && response.status < 400) {
                return {
                    kind: 'unexpected',
                    failure: `Foundry answered with a redirect (HTTP ${response.status}) to ${(0,untrusted_text/* untrusted */.b)(String(response.headers.location))}; check foundry-api-url`,
                };
            }
            const retryAfter = response.headers['retry-after'];
            return classifyFoundryResponse(response.status, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, response.body);
        }
        catch (error) {
            if (error instanceof http/* TransportError */.wX)
                return { kind: 'transient', failure: `Foundry request failed: ${error.message}` };
            throw error;
        }
    }
}

;// CONCATENATED MODULE: ./src/network/github-rate-limit.ts


/** GitHub documents a wait of at least a minute for a secondary rate limit that names no time. */
const SECONDARY_LIMIT_WAIT_MS = 60_000;
/**
 * GitHub's limits reset within the hour. A reset further away than a day (`x-ratelimit-reset: 1e300`) is
 * not a time to show or wait for: the wait is clamped to a day (MAX_WAIT_MS), and the message quotes the
 * header instead of a date.
 */
const MAX_RATE_LIMIT_WAIT_MS = retry/* MAX_WAIT_MS */.um;
function header(headers, name) {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
}
function limit(name, waitMs, now, headerLine) {
    const wait = Math.max(0, waitMs);
    if (wait <= MAX_RATE_LIMIT_WAIT_MS) {
        return { waitMs: wait, description: `${name} (resets at ${utcTime(now + wait)})` };
    }
    return {
        waitMs: MAX_RATE_LIMIT_WAIT_MS,
        description: `${name} (resets more than a day from now, ${(0,untrusted_text/* untrusted */.b)(headerLine, 60)})`,
    };
}
function utcTime(ms) {
    return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
/**
 * Whether a 403 or 429 from GitHub is one of its rate limits rather than a refusal, and how long to wait,
 * following GitHub's "Rate limits for the REST API" page: Retry-After first, then `x-ratelimit-remaining: 0`
 * with `x-ratelimit-reset` (epoch seconds), then a "secondary rate limit" message (wait at least a minute).
 * A 429 is always a rate limit. Pure.
 */
function gitHubRateLimit(status, headers, body, now = Date.now()) {
    if (status !== 403 && status !== 429)
        return undefined;
    const secondary = /secondary rate limit/i.test(body);
    const name = secondary ? "GitHub's secondary rate limit" : "GitHub's API rate limit";
    const retryAfter = header(headers, 'retry-after');
    const retryAfterMs = (0,retry/* parseRetryAfter */.mu)(retryAfter, now);
    if (retryAfterMs !== undefined)
        return limit(name, retryAfterMs, now, `Retry-After: ${retryAfter}`);
    const reset = header(headers, 'x-ratelimit-reset');
    if (header(headers, 'x-ratelimit-remaining') === '0' && reset !== undefined && Number(reset) > 0) {
        // Number.isFinite after the product: 1e300 seconds is a finite number but no date.
        const resetAt = Number(reset) * 1000;
        const waitMs = Number.isFinite(resetAt) ? resetAt - now : Infinity;
        return limit(name, waitMs, now, `x-ratelimit-reset: ${reset}`);
    }
    if (secondary || status === 429) {
        return {
            waitMs: SECONDARY_LIMIT_WAIT_MS,
            description: `${name} (GitHub asks to wait at least a minute)`,
        };
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/hosts/github/github-release-urls.ts
var github_release_urls = __webpack_require__(8447);
// EXTERNAL MODULE: ./src/network/url-policy.ts
var url_policy = __webpack_require__(6786);
;// CONCATENATED MODULE: ./src/hosts/github/github-api.ts








const releaseAssetSchema = schemas/* object */.Ikc({
    id: schemas/* number */.aig(),
    name: schemas/* string */.YjP(),
    size: schemas/* number */.aig(),
    browser_download_url: schemas/* string */.YjP(),
});
/** The fields of GitHub's release body the action reads; exported so tests hold it to recorded bodies. */
const releaseSchema = schemas/* object */.Ikc({
    id: schemas/* number */.aig(),
    tag_name: schemas/* string */.YjP(),
    html_url: schemas/* string */.YjP(),
    prerelease: schemas/* boolean */.zMY(),
    assets: schemas/* array */.YOg(releaseAssetSchema),
});
/** GitHub's release list: the fields the version-order check reads, from each release of the page. */
const releaseListSchema = schemas/* array */.YOg(schemas/* object */.Ikc({ tag_name: schemas/* string */.YjP(), draft: schemas/* boolean */.zMY(), prerelease: schemas/* boolean */.zMY() }));
/**
 * How many of the newest releases one list request reads: the version-order check needs this release and
 * the one before it, and a few drafts or other packages' tags (a monorepo) may sit between them.
 */
const RELEASE_LIST_PAGE = 20;
/**
 * GitHub's REST API for releases, through the action's one HTTP layer. The asset download's redirect to
 * object storage on another host is followed by hand, without the token.
 */
class GitHubApi {
    options;
    name = 'GitHub';
    urls;
    constructor(options) {
        this.options = options;
        const { owner, repo } = options.repository;
        this.urls = (0,github_release_urls/* gitHubReleaseUrls */.$)(`${options.serverUrl}/${owner}/${repo}`);
    }
    async releaseById(id) {
        const release = await this.#getRelease(`/releases/${id}`);
        if (!release) {
            throw new problem/* ActionError */.lZ(`GitHub has no release with id ${id} in ${this.#fullName}. If it was deleted after the event, publish it again; for a private repository, give the job 'contents: read' (or a github-token that can read it).`);
        }
        return hostRelease(release);
    }
    async releaseByTag(tag) {
        const release = await this.#getRelease(`/releases/tags/${encodeURIComponent(tag)}`);
        return release && hostRelease(release);
    }
    /** GET /releases (newest first, as GitHub lists them): one page, for the version-order check. */
    async listReleases() {
        const route = `/releases?per_page=${RELEASE_LIST_PAGE}`;
        const releases = await this.#call(`GET ${route}`, route, 'application/vnd.github+json', (response) => {
            const list = releaseListSchema.safeParse((0,http/* parseJson */.qF)(response.body));
            return list.success ? list.data : undefined;
        });
        // A 404 here is a repository the token cannot see; the release read before it would have failed first.
        return (releases ?? []).map((r) => ({ tag: r.tag_name, draft: r.draft, prerelease: r.prerelease }));
    }
    async readAsset(asset, maxBytes) {
        // The listing's size refuses a mistaken asset (the package zip named as the manifest) unread.
        if (asset.size !== undefined && asset.size > maxBytes)
            throw tooLarge(asset.name, asset.size, maxBytes);
        try {
            const response = await this.#call(`download of release asset ${(0,untrusted_text/* untrusted */.b)(asset.name)}`, `/releases/assets/${asset.id}`, 'application/octet-stream', (r) => r, maxBytes);
            if (!response) {
                throw new problem/* ActionError */.lZ(`Release asset ${(0,untrusted_text/* untrusted */.b)(asset.name)} (id ${asset.id}) is gone from ${this.#fullName}.`);
            }
            const location = response.headers.location;
            if (response.status >= 300 && response.status < 400 && location) {
                return await this.#downloadWithoutCredentials((0,url_policy/* redirectTarget */.ET)(this.#repoUrl(`/releases/assets/${asset.id}`), location), asset.name, maxBytes);
            }
            return Buffer.from(response.body);
        }
        catch (error) {
            // The listing's size can be stale or wrong; reading stops at the cap all the same.
            if (error instanceof http/* BodyTooLargeError */.Au)
                throw tooLarge(asset.name, undefined, maxBytes);
            throw error;
        }
    }
    #repoUrl(route) {
        const { owner, repo } = this.options.repository;
        return `${this.options.apiUrl}/repos/${owner}/${repo}${route}`;
    }
    get #fullName() {
        return `${this.options.repository.owner}/${this.options.repository.repo}`;
    }
    #getRelease(route) {
        return this.#call(`GET ${route}`, route, 'application/vnd.github+json', (response) => {
            const release = releaseSchema.safeParse((0,http/* parseJson */.qF)(response.body));
            return release.success ? release.data : undefined;
        });
    }
    /**
     * One GET below /repos/<owner>/<repo>, retried on 5xx, network trouble and unreadable answers; 404 is
     * undefined. `read` returns undefined when a 2xx/3xx body cannot be used, which is retried too.
     */
    async #call(what, route, accept, read, maxBodyBytes) {
        const url = this.#repoUrl(route);
        const headers = { Accept: accept, 'X-GitHub-Api-Version': '2022-11-28' };
        if (this.options.token)
            headers.Authorization = `Bearer ${this.options.token}`;
        let rateLimited = false;
        return (0,retry/* withRetries */.LH)(async () => {
            rateLimited = false;
            let response;
            try {
                response = await this.options.http.request('GET', url, { headers, maxBodyBytes });
            }
            catch (error) {
                if (error instanceof http/* TransportError */.wX)
                    return { retry: { kind: 'transient' }, failure: `GitHub ${what} failed (${error.message})` };
                throw error;
            }
            const { status } = response;
            if (status === 404)
                return { ok: undefined };
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
                throw new problem/* ActionError */.lZ(`GitHub refused ${what} (HTTP ${status}). Check that github-token can read ${this.#fullName}: the default \${{ github.token }} needs 'permissions: contents: read' in the workflow.`);
            }
            if (status >= 500) {
                return {
                    retry: { kind: 'transient' },
                    failure: `GitHub ${what} answered HTTP ${status} (${(0,http/* bodyExcerpt */.kG)(response.body, 100)})`,
                };
            }
            if (status >= 400)
                throw new problem/* ActionError */.lZ(`GitHub answered ${what} with HTTP ${status}: ${(0,http/* bodyExcerpt */.kG)(response.body)}`);
            const value = read(response);
            if (value === undefined) {
                return {
                    retry: { kind: 'transient' },
                    failure: `GitHub ${what} answered with an unreadable body (${(0,http/* bodyExcerpt */.kG)(response.body, 100)})`,
                };
            }
            return { ok: value };
        }, {
            what: 'GitHub',
            budget: this.options.budget,
            giveUp: (failure, reason) => new problem/* ActionError */.lZ(rateLimited
                ? `${failure}; gave up because ${reason}. Re-run the job after the reset, or raise max-retry-wait (jobs that share a token share its limit).`
                : `${failure}; gave up because ${reason}. Check https://www.githubstatus.com and re-run the job.`),
        });
    }
    async #downloadWithoutCredentials(url, name, maxBytes) {
        return (0,retry/* withRetries */.LH)(async () => {
            const response = await this.options.http.request('GET', url, {
                followRedirects: true,
                maxBodyBytes: maxBytes,
            });
            if (response.status === 200)
                return { ok: Buffer.from(response.body) };
            if (response.status >= 500)
                return { retry: { kind: 'transient' }, failure: `asset storage answered HTTP ${response.status}` };
            throw new problem/* ActionError */.lZ(`Downloading release asset ${(0,untrusted_text/* untrusted */.b)(name)} failed: HTTP ${response.status} from its storage host (${(0,http/* bodyExcerpt */.kG)(response.body)}).`);
        }, {
            what: `Download of ${(0,untrusted_text/* untrusted */.b)(name)}`,
            budget: this.options.budget,
            giveUp: (failure, reason) => new problem/* ActionError */.lZ(`Downloading release asset ${(0,untrusted_text/* untrusted */.b)(name)} failed: ${failure}; gave up because ${reason}.`),
        });
    }
}
/** GitHub's release body (and Forgejo's and Gitea's, which has its shape) as the core sees a release. */
function hostRelease(release) {
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
function tooLarge(name, size, maxBytes) {
    const actual = size === undefined ? `more than ${(0,http/* formatBytes */.z3)(maxBytes)}` : (0,http/* formatBytes */.z3)(size);
    return new problem/* ActionError */.lZ(`Release asset ${(0,untrusted_text/* untrusted */.b)(name)} is ${actual}; a manifest is at most ${(0,http/* formatBytes */.z3)(maxBytes)}. Check manifest-asset names the manifest, not the package zip.`);
}

// EXTERNAL MODULE: ./src/hosts/gitea/gitea-release-urls.ts
var gitea_release_urls = __webpack_require__(627);
;// CONCATENATED MODULE: ./src/hosts/gitea/gitea-api.ts








/** Redirects followed from a `browser_download_url`: an old Gitea's hop to /attachments/<uuid>, then storage. */
const MAX_REDIRECTS = 5;
/** Gitea's APIError (`{message, url}`, with `errors` on older versions); only for messages, never branched on. */
const apiErrorSchema = schemas/* object */.Ikc({ message: schemas/* string */.YjP() });
/**
 * Forgejo's and Gitea's releases API (`/api/v1`), which answers with GitHub's release shape. Asset bytes
 * come from `browser_download_url` (the API's asset endpoint is metadata only); the token goes only to the
 * server's own origin, never along a redirect to object storage or to an external asset's host.
 */
class GiteaApi {
    options;
    name;
    urls;
    #tokenOrigin;
    constructor(options) {
        this.options = options;
        const { owner, repo } = options.repository;
        this.name = options.family;
        this.urls = (0,gitea_release_urls/* giteaReleaseUrls */.K)(`${options.serverUrl}/${owner}/${repo}`);
        this.#tokenOrigin = new URL(options.apiUrl).origin;
    }
    async releaseById(id) {
        const release = await this.#getRelease(`/releases/${id}`);
        if (!release) {
            throw new problem/* ActionError */.lZ(`${this.name} has no release with id ${id} in ${this.#fullName}. If it was deleted after the event, publish it again; for a private repository, check github-token can read it.`);
        }
        return hostRelease(release);
    }
    async releaseByTag(tag) {
        const release = await this.#getRelease(`/releases/tags/${encodeURIComponent(tag)}`);
        return release && hostRelease(release);
    }
    /** Reads `browser_download_url` (Forgejo/Gitea serve asset bytes there, not from the API). */
    async readAsset(asset, maxBytes) {
        // The listing's size refuses a mistaken asset (the package zip named as the manifest) unread.
        if (asset.size !== undefined && asset.size > maxBytes)
            throw tooLarge(asset.name, asset.size, maxBytes);
        const what = `download of release asset ${(0,untrusted_text/* untrusted */.b)(asset.name)}`;
        try {
            return await this.#retried(what, async () => {
                let url = asset.url;
                for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
                    const response = await this.options.http.requestBytes('GET', url, {
                        headers: this.#credentialsFor(url),
                        maxBodyBytes: maxBytes,
                    });
                    const location = gitea_api_header(response, 'location');
                    if (response.status >= 300 && response.status < 400 && location) {
                        url = (0,url_policy/* redirectTarget */.ET)(url, location);
                        continue;
                    }
                    if (response.status === 200)
                        return { ok: response.bytes };
                    if (response.status === 404) {
                        throw new problem/* ActionError */.lZ(`${this.name} answered HTTP 404 to the ${what} (${(0,untrusted_text/* untrusted */.b)(url)}): the asset is gone, or github-token cannot read ${this.#fullName}.`);
                    }
                    return this.#failure(what, response);
                }
                throw new problem/* ActionError */.lZ(`The ${what} was redirected more than ${MAX_REDIRECTS} times; check the server's storage setup.`);
            });
        }
        catch (error) {
            // The listing's size can be stale or wrong; reading stops at the cap all the same.
            if (error instanceof http/* BodyTooLargeError */.Au)
                throw tooLarge(asset.name, undefined, maxBytes);
            throw error;
        }
    }
    get #fullName() {
        return `${this.options.repository.owner}/${this.options.repository.repo}`;
    }
    /** `Authorization: token …` (Gitea's documented form) for the server's own origin; nothing anywhere else. */
    #credentialsFor(url) {
        const sameOrigin = (0,url_policy/* originOf */.yv)(url) === this.#tokenOrigin;
        return this.options.token && sameOrigin ? { Authorization: `token ${this.options.token}` } : {};
    }
    /**
     * `repoListReleases` (newest first, GitHub's shape; Gitea pages with `limit`): one page, for the
     * version-order check. A 404 is a repository the token cannot see, which the release read reports first.
     */
    async listReleases() {
        const releases = await this.#get(`/releases?limit=${RELEASE_LIST_PAGE}`, releaseListSchema);
        return (releases ?? []).map((r) => ({ tag: r.tag_name, draft: r.draft, prerelease: r.prerelease }));
    }
    #getRelease(route) {
        return this.#get(route, releaseSchema);
    }
    /** One GET below /repos/<owner>/<repo>; 404 is undefined (Gitea's 404 bodies differ by version). */
    #get(route, schema) {
        const { owner, repo } = this.options.repository;
        const url = `${this.options.apiUrl}/repos/${owner}/${repo}${route}`;
        const what = `GET ${route}`;
        return this.#retried(what, async () => {
            const response = await this.options.http.requestBytes('GET', url, {
                headers: { Accept: 'application/json', ...this.#credentialsFor(url) },
            });
            if (response.status === 404)
                return { ok: undefined };
            if (response.status !== 200)
                return this.#failure(what, response);
            const body = schema.safeParse((0,http/* parseJson */.qF)(response.bytes.toString('utf8')));
            if (body.success)
                return { ok: body.data };
            return {
                retry: { kind: 'transient' },
                failure: `${this.name} ${what} answered with an unreadable body (${(0,http/* bodyExcerpt */.kG)(response.bytes.toString('utf8'), 100)})`,
            };
        });
    }
    /** An answer that is neither the thing asked for nor a 404: a wait, a retry, or the run's end. */
    #failure(what, response) {
        const { status } = response;
        const said = errorText(response.bytes.toString('utf8'));
        if (status === 429) {
            return {
                retry: {
                    kind: 'rate-limited',
                    retryAfterMs: (0,retry/* parseRetryAfter */.mu)(gitea_api_header(response, 'retry-after')),
                    askedBy: this.name,
                },
                failure: `${this.name} ${what} was rate-limited (HTTP 429)`,
            };
        }
        if (status === 401 || status === 403) {
            throw new problem/* ActionError */.lZ(`${this.name} refused the ${what} (HTTP ${status}: ${said}). Check that github-token can read ${this.#fullName}: the default \${{ github.token }} of a Forgejo or Gitea Actions job can; an access token needs the read:repository scope.`);
        }
        if (status >= 500) {
            return { retry: { kind: 'transient' }, failure: `${this.name} ${what} answered HTTP ${status}` };
        }
        throw new problem/* ActionError */.lZ(`${this.name} answered the ${what} with HTTP ${status}: ${said}`);
    }
    #retried(what, attempt) {
        return (0,retry/* withRetries */.LH)(attempt, {
            what: `${this.name} ${what}`,
            budget: this.options.budget,
            giveUp: (failure, reason) => new problem/* ActionError */.lZ(`${failure}; gave up because ${reason}. Check that ${this.options.serverUrl} is up and re-run the job.`),
        });
    }
}
function gitea_api_header(response, name) {
    const value = response.headers[name];
    return Array.isArray(value) ? value[0] : value;
}
/** Gitea's `message` when the body is its APIError, else a short excerpt (web routes answer HTML). */
function errorText(body) {
    const error = apiErrorSchema.safeParse((0,http/* parseJson */.qF)(body));
    return error.success && error.data.message ? (0,untrusted_text/* untrusted */.b)(error.data.message) : (0,http/* bodyExcerpt */.kG)(body);
}

// EXTERNAL MODULE: ./src/hosts/gitlab/gitlab-release-urls.ts
var gitlab_release_urls = __webpack_require__(7679);
;// CONCATENATED MODULE: ./src/hosts/gitlab/gitlab-api.ts







const linkSchema = schemas/* object */.Ikc({
    id: schemas/* number */.aig(),
    name: schemas/* string */.YjP(),
    url: schemas/* string */.YjP(),
    // The docs' examples leave it out; the API's Link entity always has it (equal to url without a direct path).
    direct_asset_url: schemas/* optional */.lqM(schemas/* string */.YjP()),
});
/** The fields of GitLab's Release entity the release step reads (GET /projects/:id/releases/:tag_name). */
const gitLabReleaseSchema = schemas/* object */.Ikc({
    tag_name: schemas/* string */.YjP(),
    assets: schemas/* object */.Ikc({ links: schemas/* array */.YOg(linkSchema) }),
    _links: schemas/* optional */.lqM(schemas/* object */.Ikc({ self: schemas/* optional */.lqM(schemas/* string */.YjP()) })),
});
/** GET /projects/:id/releases: newest first by released_at (the default order_by and sort). */
const gitlab_api_releaseListSchema = schemas/* array */.YOg(schemas/* object */.Ikc({ tag_name: schemas/* string */.YjP() }));
/** One page of the release list, as GitHub's host reads it: this release, the one before, and a few more. */
const gitlab_api_RELEASE_LIST_PAGE = 20;
const errorSchema = schemas/* object */.Ikc({ message: schemas/* unknown */.L5J() });
/** Redirects followed when reading an asset: the direct asset URL, then the link's URL, then storage. */
const gitlab_api_MAX_REDIRECTS = 5;
/**
 * GitLab's Releases API: a release's assets are its links, and the URL users (and Foundry) download from is a
 * link's version-specific `direct_asset_url`. The token goes only to the GitLab API's origin; a redirect to
 * another host (object storage, an external link) is followed without it.
 */
class GitLabApi {
    options;
    name = 'GitLab';
    urls;
    #apiOrigin;
    constructor(options) {
        this.options = options;
        const { owner, repo } = options.repository;
        this.urls = (0,gitlab_release_urls/* gitLabReleaseUrls */.z)(`${options.serverUrl}/${owner ? `${owner}/` : ''}${repo}`);
        this.#apiOrigin = new URL(options.apiUrl).origin;
    }
    async releaseByTag(tag) {
        const project = encodeURIComponent(this.options.projectId);
        // The tag is one path segment: a tag with a slash must be sent as %2F, or the route does not match.
        const url = `${this.options.apiUrl}/projects/${project}/releases/${encodeURIComponent(tag)}`;
        const response = await this.#get(`GET /projects/:id/releases/${(0,untrusted_text/* untrusted */.b)(tag)}`, url);
        const body = response.bytes.toString('utf8');
        if (response.status === 404) {
            const message = errorSchema.safeParse((0,http/* parseJson */.qF)(body));
            if (message.success && /project not found/i.test(String(message.data.message))) {
                throw new problem/* ActionError */.lZ(`GitLab has no project ${(0,untrusted_text/* untrusted */.b)(this.options.projectId)} that this token can read (404 Project Not Found). Check CI_PROJECT_ID (or --repository), and for a private project give a token that can read its releases.`);
            }
            return undefined;
        }
        const release = gitLabReleaseSchema.safeParse((0,http/* parseJson */.qF)(body));
        if (!release.success) {
            throw new problem/* ActionError */.lZ(`GitLab answered the release '${(0,untrusted_text/* untrusted */.b)(tag)}' with HTTP ${response.status} and a body that is not a release: ${(0,http/* bodyExcerpt */.kG)(body)}.`);
        }
        return this.#hostRelease(release.data);
    }
    /** The newest releases; GitLab has neither drafts nor prereleases (an upcoming release is listed as is). */
    async listReleases() {
        const project = encodeURIComponent(this.options.projectId);
        const url = `${this.options.apiUrl}/projects/${project}/releases?per_page=${gitlab_api_RELEASE_LIST_PAGE}`;
        const response = await this.#get('GET /projects/:id/releases', url);
        const list = gitlab_api_releaseListSchema.safeParse((0,http/* parseJson */.qF)(response.bytes.toString('utf8')));
        if (response.status !== 200 || !list.success) {
            throw new problem/* ActionError */.lZ(`GitLab answered the release list with HTTP ${response.status}: ${(0,http/* bodyExcerpt */.kG)(response.bytes.toString('utf8'))}.`);
        }
        return list.data.map((r) => ({ tag: r.tag_name, draft: false, prerelease: false }));
    }
    async readAsset(asset, maxBytes) {
        let url = asset.url;
        try {
            for (let hop = 0; hop <= gitlab_api_MAX_REDIRECTS; hop++) {
                const response = await this.#get(`download of release link ${(0,untrusted_text/* untrusted */.b)(asset.name)}`, url, maxBytes);
                const location = response.headers.location;
                if (response.status >= 300 && response.status < 400 && location) {
                    url = (0,url_policy/* redirectTarget */.ET)(url, location);
                    continue;
                }
                if (response.status === 200)
                    return response.bytes;
                throw new problem/* ActionError */.lZ(`Downloading release link ${(0,untrusted_text/* untrusted */.b)(asset.name)} failed: HTTP ${response.status} from ${(0,untrusted_text/* untrusted */.b)(url)} (${(0,http/* bodyExcerpt */.kG)(response.bytes.toString('utf8'))}). Check the link's URL answers with the file.`);
            }
        }
        catch (error) {
            if (error instanceof http/* BodyTooLargeError */.Au) {
                throw new problem/* ActionError */.lZ(`Release link ${(0,untrusted_text/* untrusted */.b)(asset.name)} is more than ${(0,http/* formatBytes */.z3)(maxBytes)}; a manifest is at most ${(0,http/* formatBytes */.z3)(maxBytes)}. Check manifest-asset names the manifest, not the package zip.`);
            }
            throw error;
        }
        throw new problem/* ActionError */.lZ(`Downloading release link ${(0,untrusted_text/* untrusted */.b)(asset.name)} was redirected more than ${gitlab_api_MAX_REDIRECTS} times; check the link's URL.`);
    }
    #hostRelease(release) {
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
    #headers(url) {
        const { token, tokenKind } = this.options;
        if (!token || (0,url_policy/* originOf */.yv)(url) !== this.#apiOrigin)
            return {};
        return tokenKind === 'job' ? { 'JOB-TOKEN': token } : { 'PRIVATE-TOKEN': token };
    }
    /** One GET (no redirect followed), retried on 5xx, 429 and network trouble; 401/403 stop the run. */
    #get(what, url, maxBodyBytes) {
        return (0,retry/* withRetries */.LH)(async () => {
            let answer;
            try {
                answer = await this.options.http.requestBytes('GET', url, {
                    headers: { Accept: 'application/json', ...this.#headers(url) },
                    maxBodyBytes,
                });
            }
            catch (error) {
                if (error instanceof http/* TransportError */.wX)
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
                throw new problem/* ActionError */.lZ(`GitLab refused ${what} (HTTP ${status}: ${(0,http/* bodyExcerpt */.kG)(body)}). In GitLab CI the job token (CI_JOB_TOKEN) reads releases of its own project; outside a pipeline set GITLAB_TOKEN to an access token with the read_api scope.`);
            }
            if (status >= 500) {
                return {
                    retry: { kind: 'transient' },
                    failure: `GitLab ${what} answered HTTP ${status} (${(0,http/* bodyExcerpt */.kG)(body, 100)})`,
                };
            }
            return { ok: answer };
        }, {
            what: 'GitLab',
            budget: this.options.budget,
            giveUp: (failure, reason) => new problem/* ActionError */.lZ(`${failure}; gave up because ${reason}. Check https://status.gitlab.com (or your instance) and re-run the job.`),
        });
    }
}
/**
 * GitLab's rate-limit answers (docs: "User and IP rate limits", response headers): Retry-After in seconds,
 * else RateLimit-Reset as a Unix epoch, else RateLimit-ResetTime as an HTTP date.
 */
function gitLabRetryAfterMs(headers, now = Date.now()) {
    const one = (name) => {
        const value = headers[name];
        return Array.isArray(value) ? value[0] : value;
    };
    const retryAfter = (0,retry/* parseRetryAfter */.mu)(one('retry-after'), now);
    if (retryAfter !== undefined)
        return retryAfter;
    const reset = one('ratelimit-reset');
    if (reset && /^\d+$/.test(reset.trim()))
        return Math.max(0, Number(reset) * 1000 - now);
    return (0,retry/* parseRetryAfter */.mu)(one('ratelimit-resettime'), now);
}

;// CONCATENATED MODULE: ./src/hosts/release-hosts.ts



/** The one place that knows every host: picks the adapter for where this run's release lives. */
function releaseHostFor(run, hostToken, services) {
    switch (run.hostKind) {
        case 'gitlab':
            return new GitLabApi({
                token: hostToken,
                tokenKind: run.hostTokenKind ?? 'job',
                apiUrl: run.apiUrl,
                serverUrl: run.serverUrl,
                projectId: run.projectId ?? `${run.repository.owner}/${run.repository.repo}`,
                repository: run.repository,
                ...services,
            });
        case 'github':
            // Forgejo and Gitea runners present themselves as GitHub's; run.gitea says which they are.
            if (run.gitea) {
                const { apiUrl, serverUrl, repository } = run;
                return new GiteaApi({
                    family: run.gitea,
                    token: hostToken,
                    apiUrl,
                    serverUrl,
                    repository,
                    ...services,
                });
            }
            return new GitHubApi({
                token: hostToken,
                apiUrl: run.apiUrl,
                serverUrl: run.serverUrl,
                repository: run.repository,
                ...services,
            });
    }
}

// EXTERNAL MODULE: ./src/settings/inputs.ts
var inputs = __webpack_require__(7428);
// EXTERNAL MODULE: ./src/release/manifest-url-check.ts
var manifest_url_check = __webpack_require__(4921);
// EXTERNAL MODULE: ./src/manifest/foundry-version.ts
var foundry_version = __webpack_require__(517);
// EXTERNAL MODULE: ./src/release/release-checks.ts
var release_checks = __webpack_require__(3756);
;// CONCATENATED MODULE: ./src/release/version-order.ts





/**
 * SPEC §4 step 4c: the version is newer, by Foundry's order, than the newest earlier release that is not a
 * draft. Installed copies are offered an update only when it is, so a release that is not newer gets a
 * warning naming that release (a maintenance release for an older line is legitimate). On a pull request
 * the same comparison with the newest release says whether the version was bumped: a line in the log and
 * summary, not a warning (most pull requests are not releases).
 *
 * One list request, independent of every other check: the release step starts it early and awaits it
 * before publishing. It never rejects: a list that cannot be read leaves the order unchecked, and says so.
 */
async function checkVersionOrder(host, tag, version, pullRequest) {
    try {
        return versionOrder(await host.listReleases(), tag, version, pullRequest);
    }
    catch (error) {
        if (!(error instanceof problem/* ActionError */.lZ)) {
            log/* log */.R.debug(error instanceof Error ? (error.stack ?? error.message) : String(error));
        }
        const reason = error instanceof problem/* ActionError */.lZ ? error.message : 'an unexpected error';
        return {
            line: `not checked: the ${host.name} release list could not be read (${(0,untrusted_text/* untrusted */.b)(reason)})`,
            warnings: [],
        };
    }
}
/** The comparison itself, on the host's release list (newest first). */
function versionOrder(releases, tag, version, pullRequest) {
    const prefix = tagPrefix(tag, version);
    const position = releases.findIndex((r) => r.tag === tag);
    // A pull request has no release yet: a release with its tag means the version was not bumped. On a
    // release, those listed after it are older; a release missing from the page compares with the whole page.
    const earlier = pullRequest
        ? releases
        : position >= 0
            ? releases.slice(position + 1)
            : releases.filter((r) => r.tag !== tag);
    const previous = earlier
        .filter((r) => !r.draft)
        .map((r) => ({ tag: r.tag, version: versionOfTag(r.tag, prefix) }))
        .find((r) => r.version !== undefined);
    if (!previous) {
        return { line: `${version} is the first release${prefix ? ` tagged '${prefix}…'` : ''}`, warnings: [] };
    }
    const shownTag = (0,untrusted_text/* untrusted */.b)(previous.tag, 100);
    const shownVersion = (0,untrusted_text/* untrusted */.b)(previous.version, 60);
    if ((0,foundry_version/* isNewerVersion */.M)(version, previous.version)) {
        return {
            line: `${version} is newer than ${shownVersion} (release '${shownTag}')${pullRequest ? ': the version was bumped' : ''}`,
            warnings: [],
        };
    }
    if (pullRequest) {
        return {
            line: `${version} is not newer than ${shownVersion} (release '${shownTag}'): the version was not bumped; a release from this tree needs a higher version`,
            warnings: [],
        };
    }
    return {
        line: `${version} is not newer than ${shownVersion} (release '${shownTag}')`,
        warnings: [
            {
                message: `Version ${version} is not newer than ${shownVersion}, the version of release '${shownTag}' before it. Foundry compares versions part by part as numbers (1.10.0 is newer than 1.9.0), so users who have ${shownVersion} are never offered ${version}. That is right for a maintenance release of an older line; otherwise publish a version above ${shownVersion}.`,
            },
        ],
    };
}
/** What comes before the version in this release's tag: '' for `v1.2.3`, `my-module@` for `my-module@1.2.3`. */
function tagPrefix(tag, version) {
    if (tag.endsWith((0,release_checks/* vTag */.J$)(version)))
        return tag.slice(0, -(0,release_checks/* vTag */.J$)(version).length);
    if (tag.endsWith(version))
        return tag.slice(0, -version.length);
    return tag;
}
/**
 * The version an earlier tag names, when it has this release's prefix (in a monorepo, other packages'
 * tags have other prefixes and are not compared): `v1.9.0` → `1.9.0`, `release-1.9.0` → `1.9.0`.
 */
function versionOfTag(tag, prefix) {
    if (!tag.startsWith(prefix))
        return undefined;
    const rest = tag.slice(prefix.length).replace(/^v(?=\d)/, '');
    return /^\d[0-9A-Za-z.+_-]*$/.test(rest) ? rest : undefined;
}

;// CONCATENATED MODULE: ./src/release/publish.ts




const UNIQUE_TOGETHER = 'unique_together';
/** SPEC §4.5: send the payload, retrying only what is safe to retry, and interpret the answer. */
async function publishRelease(api, payload, ifExists, budget, warnings) {
    const dryRun = payload['dry-run'] === true;
    // Set once an attempt may have reached Foundry without us seeing its answer.
    let earlierAttemptMayHaveSaved = false;
    return (0,retry/* withRetries */.LH)(async () => {
        const answer = await api.send(payload);
        switch (answer.kind) {
            case 'success':
                return {
                    ok: {
                        status: dryRun ? 'dry-run' : 'published',
                        page: packagePage(answer.page, warnings),
                        message: answer.message === undefined ? undefined : (0,untrusted_text/* untrusted */.b)(answer.message),
                    },
                };
            case 'rate-limited':
                return {
                    retry: { kind: 'rate-limited', retryAfterMs: answer.retryAfterMs },
                    failure: 'Foundry answered 429 Too Many Requests',
                };
            case 'transient':
                earlierAttemptMayHaveSaved = true;
                return { retry: { kind: 'transient' }, failure: answer.failure };
            case 'invalid':
                return {
                    ok: onInvalid(answer.errors, payload, ifExists, dryRun, earlierAttemptMayHaveSaved, warnings),
                };
            case 'token-rejected':
                throw new problem/* ActionError */.lZ(`Foundry rejected the package release token (HTTP ${answer.status}). Copy the "Package Release Token" from https://foundryvtt.com/packages/${payload.id}/edit/ (above "Save Package") into the secret passed as 'token'; if the token was refreshed there, update the secret.`);
            case 'unexpected':
                throw new problem/* ActionError */.lZ(`${answer.failure}. Check foundry-api-url; the default is https://foundryvtt.com/_api/packages/release_version/.`);
        }
    }, {
        what: 'Foundry',
        budget,
        giveUp: (failure, reason) => new problem/* ActionError */.lZ(`Publishing to Foundry failed: ${failure}; gave up because ${reason}. Nothing is known to be saved: re-run the job later, or raise max-retry-wait.`),
    });
}
function onInvalid(errors, payload, ifExists, dryRun, earlierAttemptMayHaveSaved, warnings) {
    const exists = errors.length > 0 && errors.every((e) => e.code === UNIQUE_TOGETHER);
    if (!exists)
        throw new problem/* ActionError */.lZ(errors.map(describeFoundryError));
    const what = `version ${payload.release.version} of ${(0,untrusted_text/* untrusted */.b)(payload.id)}`;
    if (earlierAttemptMayHaveSaved && !dryRun) {
        warnings.push({
            message: `Foundry says ${what} already exists. An earlier attempt's answer was lost, so that attempt saved it: treating the release as published.`,
        });
        return { status: 'published' };
    }
    if (ifExists === 'skip') {
        log/* log */.R.notice(`Foundry already has ${what}; if-exists is skip, so nothing was changed.`);
        return { status: 'exists' };
    }
    throw new problem/* ActionError */.lZ(`Foundry already has ${what}. Bump the version in the manifest and tag a new release, or set if-exists: skip to pass when it exists.`);
}
function describeFoundryError(error) {
    const code = error.code ? ` (${(0,untrusted_text/* untrusted */.b)(error.code, 60)})` : '';
    const message = (0,untrusted_text/* untrusted */.b)(error.message);
    if (error.field === '__all__')
        return { message: `Foundry rejected the release: ${message}${code}` };
    return { message: `Foundry rejected '${(0,untrusted_text/* untrusted */.b)(error.field, 60)}': ${message}${code}` };
}
/**
 * SPEC §6b: the `page` output is an https: URL or empty. Workflows link to it, so anything else Foundry
 * might send (javascript:, plain http:, a line break) is dropped with a warning.
 */
function packagePage(page, warnings) {
    if (page === undefined)
        return undefined;
    if (URL.canParse(page) && new URL(page).protocol === 'https:' && !/[\s\p{Cc}]/u.test(page))
        return page;
    warnings.push({
        message: `Foundry answered with a package page that is not an https: URL ('${(0,untrusted_text/* untrusted */.b)(page, 100)}'); the page output is left empty.`,
    });
    return undefined;
}

// EXTERNAL MODULE: ./src/release/release-payload.ts
var release_payload = __webpack_require__(3859);
// EXTERNAL MODULE: ./src/release/release-source.ts
var release_source = __webpack_require__(5920);
// EXTERNAL MODULE: ./src/reporting/run-report.ts
var run_report = __webpack_require__(6090);
// EXTERNAL MODULE: ./src/settings/run-context.ts
var run_context = __webpack_require__(6058);
;// CONCATENATED MODULE: ./src/main.ts
















/**
 * The run, start to end: read inputs → find the release → read the manifest → build and check the
 * payload → publish → reset the Forge world → report. Returns the report; a run with problems failed.
 */
async function run({ raw, runContext: readRunContext, reporter, signal }) {
    const report = (0,run_report/* newRunReport */.IR)();
    let forgePlan;
    try {
        const runContext = readRunContext();
        const settings = (0,inputs/* parseSettings */.P$)(raw, runContext.eventName, runContext.apiUrl);
        const services = {
            http: new http/* HttpTransport */.G5(settings.requestTimeoutMs, signal),
            budget: new retry/* RetryBudget */.Km(settings.maxRetryWaitMs, signal),
        };
        report.forgeRequested = settings.forge !== undefined;
        // Validate the Forge reset locally before anything is published, so every input problem shows at once.
        const forge = settings.forge;
        forgePlan = forge
            ? await forgeStage(report, async () => {
                // Loaded when a reset is asked for: the zip reader and the multipart encoder stay out of other runs.
                const { prepareForgeReset } = await Promise.all(/* import() */[__webpack_require__.e(663), __webpack_require__.e(960)]).then(__webpack_require__.bind(__webpack_require__, 3960));
                return prepareForgeReset(forge, runContext.workspace, services.http, services.budget, report.warnings);
            })
            : undefined;
        let published;
        if (settings.release)
            published = await releaseStep(settings, runContext, services, report);
        else {
            report.releaseStatus = 'skipped';
            report.skippedBecause = 'release: false';
        }
        const plan = forgePlan;
        if (plan)
            await forgeStage(report, () => forgeStep({ ...plan, published }, services, report));
    }
    catch (error) {
        report.problems.push(...problemsOf(error));
    }
    finally {
        if (forgePlan)
            await (await Promise.all(/* import() */[__webpack_require__.e(663), __webpack_require__.e(960)]).then(__webpack_require__.bind(__webpack_require__, 3960))).discardForgeResetPlan(forgePlan);
        // First: an output left out for holding a line break adds a warning.
        const outputs = (0,run_report/* runOutputs */.MR)(report);
        for (const warning of report.warnings)
            reporter.warning(warning);
        for (const problem of report.problems)
            reporter.error(problem);
        reporter.setOutputs(outputs);
        await reporter
            .writeSummary(report)
            .catch((error) => reporter.warning({ message: `Could not write the summary: ${(0,untrusted_text/* untrusted */.b)(String(error))}` }));
    }
    return report;
}
/** Returns the package and version when Foundry saved a new version in this run (status published). */
async function releaseStep(settings, runContext, services, report) {
    if (runContext.eventName === 'pull_request_target')
        report.warnings.push(PULL_REQUEST_TARGET_WARNING);
    const host = releaseHostFor(runContext, settings.githubToken, services);
    // The zip reader compiles while the release is read: on a runner that wait is idle time anyway. Started on
    // the next turn of the event loop, once the release request is on its way, so it never delays that.
    if (settings.checkZip && !(0,run_context/* isPullRequest */.r)(runContext.eventName))
        setImmediate(() => void loadZipStep());
    const lookup = await (0,release_source/* findReleaseTarget */.ok)(settings, runContext, host, services);
    if (lookup.kind === 'skipped-prerelease') {
        report.releaseStatus = 'skipped';
        report.skippedBecause = `'${(0,untrusted_text/* untrusted */.b)(lookup.tag)}' is a ${host.name} prerelease and prerelease is skip`;
        log/* log */.R.notice(`Release '${(0,untrusted_text/* untrusted */.b)(lookup.tag)}' is a ${host.name} prerelease; prerelease is skip, so nothing was sent.`);
        return;
    }
    const { target } = lookup;
    const merged = (0,release_checks/* mergeInputsWithManifest */.js)(settings, target);
    const checked = (0,release_checks/* checkRelease */.me)(merged.candidate, target);
    report.warnings.push(...checked.warnings);
    const pullRequest = (0,run_context/* isPullRequest */.r)(runContext.eventName);
    // SPEC §4 step 4c: a zip built earlier in a pull request's job is checked locally, with the manifest.
    const localZip = await pullRequestZipStep(settings, runContext, merged.candidate, target, report);
    report.warnings.push(...localZip.warnings);
    (0,problem/* throwIfAny */.MI)([...merged.problems, ...checked.problems, ...localZip.problems]);
    const { release } = checked;
    if (!release) {
        // Only a pull request whose manifest still holds a version placeholder gets here; a warning says so.
        report.releaseStatus = 'validated';
        return;
    }
    // One list request, independent of the other checks: started now, awaited before anything is sent.
    const versionOrder = checkVersionOrder(host, target.tag, release.version, pullRequest);
    // prerelease: dry-run holds whatever dry-run says: the author asked for prereleases never to be saved.
    const dryRun = (target.prerelease && settings.prerelease === 'dry-run') ||
        (settings.dryRun === 'auto' ? pullRequest : settings.dryRun);
    const payload = (0,release_payload/* buildPayload */.n)(release, dryRun);
    report.payload = payload;
    log/* log */.R.info(`Release payload: ${(0,run_report/* jsonLine */.rF)(payload)}`);
    if (!settings.token) {
        reportVersionOrder(await versionOrder, report);
        // parseSettings only lets a missing token through on a pull request: a fork's PR cannot read secrets.
        log/* log */.R.notice('No token on this pull (or merge) request, as on a fork, which cannot read secrets: the release was checked locally only.');
        report.releaseStatus = 'validated';
        return;
    }
    // On a pull request the release does not exist yet: neither its zip nor its manifest URL can answer.
    if (!pullRequest) {
        // The manifest URL first: its failure explains a private repository, which would fail the zip too.
        // It costs no request when the manifest was read from that URL (the default).
        await (0,manifest_url_check/* checkManifestUrl */.z)(release, services.http, services.budget, target.servedManifest);
    }
    // Independent reads of the host, run together; every problem they find is reported, in this order.
    const [zip, order] = await (0,problem/* allChecks */.fZ)(pullRequest ? Promise.resolve(undefined) : releaseZipStep(settings, release, target, services), versionOrder);
    if (zip) {
        report.packageZip = zip.line;
        report.warnings.push(...zip.warnings);
        log/* log */.R.info(`Package zip: ${zip.line}`);
    }
    reportVersionOrder(order, report);
    (0,problem/* throwIfAny */.MI)(zip?.problems ?? []);
    const foundry = new FoundryApi(settings.foundryApiUrl, settings.token, services.http);
    const outcome = await publishRelease(foundry, payload, settings.ifExists, services.budget, report.warnings);
    report.releaseStatus = outcome.status;
    report.page = outcome.page;
    report.foundryMessage = outcome.message;
    // publishRelease made message and page safe to log (SPEC §6b).
    log/* log */.R.info(`Foundry: ${outcome.status}${outcome.message ? ` (${outcome.message})` : ''}${outcome.page ? ` ${outcome.page}` : ''}`);
    return outcome.status === 'published' ? { id: payload.id, version: payload.release.version } : undefined;
}
async function pullRequestZipStep(settings, runContext, candidate, target, report) {
    if (!settings.packageZip)
        return { problems: [], warnings: [] };
    if (!(0,run_context/* isPullRequest */.r)(runContext.eventName)) {
        log/* log */.R.notice("Input 'package-zip' is for pull requests; on a release, the release's own zip asset is checked.");
        return { problems: [], warnings: [] };
    }
    const { checkPullRequestZip } = await loadZipStep();
    const zip = await checkPullRequestZip(settings.packageZip, runContext.workspace, candidate, target);
    report.packageZip = zip.line;
    log/* log */.R.info(`Package zip: ${zip.line}`);
    return zip;
}
async function releaseZipStep(settings, release, target, services) {
    if (!settings.checkZip)
        return { line: 'not checked: check-zip is false', problems: [], warnings: [] };
    const { checkReleaseZip } = await loadZipStep();
    return checkReleaseZip(release, target, services.http, services.budget);
}
let zipStep;
/**
 * The zip step's chunk (the zip reader), loaded once, only by runs that check a zip. Its promise is marked
 * handled: a run that fails before it awaits the step must not die of an unhandled rejection.
 */
function loadZipStep() {
    if (!zipStep) {
        zipStep = Promise.all(/* import() */[__webpack_require__.e(663), __webpack_require__.e(215)]).then(__webpack_require__.bind(__webpack_require__, 9215));
        zipStep.catch(() => { });
    }
    return zipStep;
}
function reportVersionOrder(order, report) {
    report.versionOrder = order.line;
    report.warnings.push(...order.warnings);
    log/* log */.R.info(`Version order: ${order.line}`);
}
/**
 * pull_request_target runs the base branch's workflow with secrets, in a workspace of the base branch: the
 * dry run checks the base branch. Checking out the pull request's head there runs its code with the
 * secrets (GitHub Security Lab's "pwn request"); README's Security section says what to do instead.
 */
const PULL_REQUEST_TARGET_WARNING = {
    message: "This run is on pull_request_target: the workspace holds the base branch, so this dry run checks the base branch's manifest, not the pull request's. Run the dry run on: pull_request instead; do not check out the pull request's head under pull_request_target, which would run its code with your secrets (see the action's README, Security).",
};
/** A Forge stage that throws sets forge-result to failed; a reset that never ran stays skipped. */
async function forgeStage(report, stage) {
    try {
        return await stage();
    }
    catch (error) {
        report.forgeResult = 'failed';
        throw error;
    }
}
async function forgeStep(plan, services, report) {
    const [{ ForgeApi }, { resetForgeWorld }] = await Promise.all([
        __webpack_require__.e(/* import() */ 334).then(__webpack_require__.bind(__webpack_require__, 1334)),
        Promise.all(/* import() */[__webpack_require__.e(663), __webpack_require__.e(960)]).then(__webpack_require__.bind(__webpack_require__, 3960)),
    ]);
    const forge = new ForgeApi({ apiUrl: plan.settings.apiUrl, apiKey: plan.settings.apiKey, ...services });
    report.forgeResult = await resetForgeWorld(plan, forge, report.forgeSteps, report.warnings, services.budget.signal);
}
/** ActionErrors carry user-facing problems; anything else is a bug, reported without a stack trace in the log. */
function problemsOf(error) {
    if (error instanceof problem/* ActionError */.lZ)
        return error.problems;
    log/* log */.R.debug(error instanceof Error ? (error.stack ?? error.message) : String(error));
    const message = (0,untrusted_text/* untrusted */.b)(error instanceof Error ? error.message : String(error), 500);
    return [
        {
            message: `Unexpected error: ${message}. This is a bug in fvtt-release-action; please report it with the log.`,
        },
    ];
}


/***/ }),

/***/ 517:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ isNewerVersion)
/* harmony export */ });
/**
 * Foundry's version order (`foundry.utils.isNewerVersion`): versions are split at dots and compared part by
 * part, numerically where both parts are numbers (`1.10.0` is newer than `1.9.0`), as text otherwise; a
 * version with more parts is newer than its prefix (`1.2.1` > `1.2`). Installed packages are offered an
 * update only when the new version is newer by this order.
 */
function isNewerVersion(candidate, reference) {
    const next = candidate.split('.');
    const previous = reference.split('.');
    for (const [i, part] of next.entries()) {
        const before = previous[i];
        if (before === undefined)
            return true;
        if (isNumeric(part) && isNumeric(before)) {
            if (Number(part) !== Number(before))
                return Number(part) > Number(before);
        }
        else if (part !== before) {
            return part > before;
        }
    }
    // Foundry's last step: a longer reference is not older; otherwise "newer" unless the text is the same.
    if (previous.length > next.length)
        return false;
    return candidate !== reference;
}
/** Foundry's `Number.isNumeric`: a non-empty string that reads as a number. */
function isNumeric(part) {
    return part.trim() !== '' && !Number.isNaN(Number(part));
}


/***/ })

};
