import busboy from 'busboy';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import yauzl from 'yauzl';
import { SimServer, sendJson, type RouteContext } from './sim-server.js';

export const FORGE_PERMISSIONS = ['read-data', 'write-data', 'manage-games'] as const;

/**
 * A Forge API key as the Forge hands them out: a signed JWT whose payload carries the user's `id` (the Forge's
 * module reads `id` and `exp` from it) and, for a key generated with an `expiration`, `exp` in epoch seconds.
 */
export function forgeApiKey(payload: { exp?: number } & Record<string, unknown> = {}): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ id: 'sim-user-7Qx2', iat: 1_760_000_000, ...payload })}`;
  return `${unsigned}.${createHmac('sha256', 'forge-sim-signing-secret').update(unsigned).digest('base64url')}`;
}

export interface ForgeGame {
  state: 'running' | 'idle' | 'stopped';
  /** The world The Forge launches next. */
  world?: string;
  playersLoggedIn: number;
}

export interface ForgeWorld {
  name: string;
  secret: string;
  /** Where its content came from, for assertions: "bazaar:<pkg>@<version>" or "zip:<sha256>". */
  origin: string;
}

/**
 * The Forge API of the seed article: game start/stop/idle (idle fails while players are logged in
 * unless forced), the worlds list with delete secrets, delete, Bazaar install and multipart zip import.
 * Like the real service, it refuses data changes while the game runs and never overwrites a world on
 * import. Errors come as { error, code }.
 */
export class ForgeSim {
  readonly server = new SimServer('Forge');
  /** Keys without expiry are the default (the article: an expiration is optional). */
  apiKey = forgeApiKey();
  permissions = new Set<string>(FORGE_PERMISSIONS);
  /** '' is the account's main table. */
  readonly games = new Map<string, ForgeGame>([
    ['', { state: 'running', world: 'demo-world', playersLoggedIn: 0 }],
  ]);
  readonly worlds = new Map<string, ForgeWorld>();
  /** Bazaar packages and their versions; the last one is "latest". */
  readonly bazaar = new Map<string, string[]>();
  /**
   * The Bazaar's lag behind Foundry: for this many requests of a package's public page, the newest version
   * is not there yet — the page lists the one before (or no package at all), and installing it is refused.
   * Infinity: it never arrives.
   */
  bazaarLag = 0;
  #bazaarPageRequests = 0;
  /** The list endpoint's shape: a bare array, or { worlds: [...] }. */
  worldListShape: 'array' | 'object' = 'array';
  /** How long the import stays silent after the upload's last byte, as the Forge does while it unpacks. */
  importAnswerDelayMs = 0;

  constructor() {
    const json = (
      method: string,
      route: string,
      handle: (c: RouteContext, body: Record<string, unknown>) => void,
    ) => ({
      method,
      pattern: new RegExp(`^${route}$`),
      handle: (c: RouteContext) => {
        if (!this.#authorized(c, route)) return;
        handle(c, (typeof c.json === 'object' && c.json !== null ? c.json : {}) as Record<string, unknown>);
      },
    });
    this.server.setRoutes([
      json('POST', '/api/game/start', (c, b) => this.#setState(c, b, 'running')),
      json('POST', '/api/game/stop', (c, b) => this.#setState(c, b, 'stopped')),
      json('POST', '/api/game/idle', (c, b) => this.#idle(c, b)),
      json('GET', '/api/data/worlds', (c) => this.#list(c)),
      json('POST', '/api/data/worlds/delete', (c, b) => this.#delete(c, b)),
      json('POST', '/api/data/worlds/install', (c, b) => this.#install(c, b)),
      // Public: badges and sites read it without a key.
      {
        method: 'GET',
        pattern: /^\/api\/bazaar\/package\/([^/]+)$/,
        handle: (c: RouteContext, name: string) => this.#bazaarPackage(c, decodeURIComponent(name)),
      },
      {
        method: 'POST',
        pattern: /^\/api\/data\/import$/,
        rawBody: true,
        handle: (c: RouteContext) => (this.#authorized(c, '/api/data/import') ? this.#import(c) : undefined),
      },
    ]);
  }

  get url(): string {
    return this.server.url;
  }

  async start(port = 0): Promise<this> {
    await this.server.start(port);
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  game(slug = ''): ForgeGame {
    const game = this.games.get(slug);
    if (!game) throw new Error(`no game ${slug}`);
    return game;
  }

  addWorld(name: string, origin = 'existing'): ForgeWorld {
    const world = { name, secret: `secret-${name}-${randomUUID()}`, origin };
    this.worlds.set(name, world);
    return world;
  }

  /** Every call the simulation received, as "METHOD /path", in order. */
  get calls(): string[] {
    return this.server.requests.map((r) => `${r.method} ${r.path}`);
  }

  #authorized({ request, response }: RouteContext, route: string): boolean {
    if (request.headers['access-key'] !== this.apiKey) {
      sendJson(response, 401, { error: 'Invalid API key', code: 401 });
      return false;
    }
    const needs = route.startsWith('/api/game')
      ? ['manage-games']
      : route === '/api/data/worlds'
        ? ['read-data']
        : ['read-data', 'write-data'];
    const missing = needs.filter((p) => !this.permissions.has(p));
    if (missing.length > 0) {
      sendJson(response, 403, {
        error: `API key is missing the ${missing.join(', ')} permission`,
        code: 403,
      });
      return false;
    }
    return true;
  }

  #findGame({ response }: RouteContext, body: Record<string, unknown>): ForgeGame | undefined {
    const slug = typeof body.game === 'string' ? body.game : '';
    const game = this.games.get(slug);
    if (!game) sendJson(response, 404, { error: `No game '${slug}' on this account`, code: 404 });
    return game;
  }

  #setState(context: RouteContext, body: Record<string, unknown>, state: ForgeGame['state']): void {
    const game = this.#findGame(context, body);
    if (!game) return;
    game.state = state;
    if (state === 'stopped') game.playersLoggedIn = 0;
    sendJson(context.response, 200, { success: true });
  }

  #idle(context: RouteContext, body: Record<string, unknown>): void {
    const game = this.#findGame(context, body);
    if (!game) return;
    if (game.playersLoggedIn > 0 && body.force !== true) {
      sendJson(context.response, 200, { success: false });
      return;
    }
    game.state = 'idle';
    game.playersLoggedIn = 0;
    if (typeof body.world === 'string') game.world = body.world;
    sendJson(context.response, 200, { success: true });
  }

  #list({ response }: RouteContext): void {
    const worlds = [...this.worlds.values()].map((w) => ({ name: w.name, title: w.name, secret: w.secret }));
    sendJson(response, 200, this.worldListShape === 'array' ? worlds : { worlds });
  }

  /**
   * The article: data must not change while Foundry runs, or it overwrites the files from memory. The
   * account's data is shared by its games, so any running game blocks a change.
   */
  #refuseWhileRunning({ response }: RouteContext): boolean {
    if (![...this.games.values()].some((g) => g.state === 'running')) return false;
    sendJson(response, 409, { error: 'Stop the game before changing its data', code: 409 });
    return true;
  }

  #delete(context: RouteContext, body: Record<string, unknown>): void {
    if (this.#refuseWhileRunning(context)) return;
    const world = typeof body.name === 'string' ? this.worlds.get(body.name) : undefined;
    if (!world) return sendJson(context.response, 404, { error: 'World not found', code: 404 });
    if (body.secret !== world.secret)
      return sendJson(context.response, 403, { error: 'Invalid secret', code: 403 });
    this.worlds.delete(world.name);
    sendJson(context.response, 200, { success: true });
  }

  /** The versions of a package the Bazaar has now, lag applied. */
  #bazaarVersions(name: string): string[] | undefined {
    const versions = this.bazaar.get(name);
    if (!versions || this.#bazaarPageRequests >= this.bazaarLag) return versions;
    return versions.length > 1 ? versions.slice(0, -1) : undefined;
  }

  /**
   * GET /api/bazaar/package/<name>: not in the article; its shape is what public code reads from it
   * (shields.io badges read package.installs, sites and scripts package.latest), and an unknown package is
   * { success: true, package: null }.
   */
  #bazaarPackage({ response }: RouteContext, name: string): void {
    const versions = this.#bazaarVersions(name);
    this.#bazaarPageRequests++;
    if (!versions) return sendJson(response, 200, { success: true, package: null });
    sendJson(response, 200, {
      success: true,
      package: {
        name,
        title: name,
        type: 'world',
        latest: versions.at(-1),
        installs: 0.42,
        authors: ['Sim Author'],
        description: 'A demo world.',
        url: `https://example.com/${name}`,
        media: [],
      },
    });
  }

  /**
   * Undocumented answer, assumed (README, The Forge reset): a version the Bazaar does not have is refused
   * with the article's error form and code 404, as an unknown package is.
   */
  #install(context: RouteContext, body: Record<string, unknown>): void {
    if (this.#refuseWhileRunning(context)) return;
    const name = typeof body.name === 'string' ? body.name : '';
    const versions = this.#bazaarVersions(name);
    if (!versions)
      return sendJson(context.response, 404, { error: `No package '${name}' in the Bazaar`, code: 404 });
    const version = typeof body.version === 'string' ? body.version : versions.at(-1);
    if (!version || !versions.includes(version)) {
      return sendJson(context.response, 404, {
        error: `No version ${String(body.version)} of '${name}'`,
        code: 404,
      });
    }
    const world = this.worlds.get(name) ?? this.addWorld(name);
    world.origin = `bazaar:${name}@${version}`;
    sendJson(context.response, 200, { success: true });
  }

  async #import(context: RouteContext): Promise<void> {
    const { request, response, recorded } = context;
    const upload: NonNullable<typeof recorded.upload> = { fields: {} };
    recorded.upload = upload;
    const stored = path.join(os.tmpdir(), `forge-sim-upload-${randomUUID()}.zip`);
    try {
      await new Promise<void>((resolve, reject) => {
        const parser = busboy({ headers: request.headers, limits: { fileSize: Number.MAX_SAFE_INTEGER } });
        const writes: Promise<void>[] = [];
        parser.on('field', (name, value) => (upload.fields[name] = value));
        parser.on('file', (name, stream, info) => {
          const hash = createHash('sha256');
          let size = 0;
          const tee = new PassThrough();
          tee.on('data', (chunk: Buffer) => {
            hash.update(chunk);
            size += chunk.length;
          });
          writes.push(
            pipeline(stream, tee, createWriteStream(stored)).then(() => {
              upload.file = { name: info.filename ?? name, size, sha256: hash.digest('hex') };
            }),
          );
        });
        parser.on('close', () => Promise.all(writes).then(() => resolve(), reject));
        parser.on('error', reject);
        request.pipe(parser);
      });
      if (this.importAnswerDelayMs > 0) await new Promise((r) => setTimeout(r, this.importAnswerDelayMs));
      if (this.#refuseWhileRunning(context)) return;
      if (upload.fields.type !== 'world' || !upload.file) {
        return sendJson(response, 400, { error: 'Expected type=world and a zip file', code: 400 });
      }
      const worldId = await readWorldId(stored);
      if (!worldId) return sendJson(response, 400, { error: 'The zip holds no world.json', code: 400 });
      if (this.worlds.has(worldId)) {
        return sendJson(response, 409, { error: `World '${worldId}' already exists`, code: 409 });
      }
      this.addWorld(worldId, `zip:${upload.file.sha256}`);
      sendJson(response, 200, { success: true });
    } finally {
      await rm(stored, { force: true });
    }
  }
}

/** The id of the world in an uploaded zip, read the way the Forge would: world.json at the root or one folder down. */
function readWorldId(zipPath: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    yauzl.open(zipPath, { lazyEntries: true }, (error, zip) => {
      if (error) return resolve(undefined);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!/^([^/]+\/)?world\.json$/.test(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err) return resolve(undefined);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            try {
              const world = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
                id?: string;
                name?: string;
              };
              resolve(world.id ?? world.name);
            } catch {
              resolve(undefined);
            }
          });
        });
      });
      zip.on('end', () => resolve(undefined));
      zip.on('error', () => resolve(undefined));
      zip.readEntry();
    });
  });
}
