import { SimServer, sendJson, type RouteContext } from './sim-server.js';

export const FOUNDRY_PATH = '/_api/packages/release_version/';

interface FoundryPackage {
  token: string;
  versions: Map<string, unknown>;
  lastReleaseAt?: number;
}

type FieldErrors = Record<string, { message: string; code: string }[]>;

/**
 * Foundry's Package Release API as the article describes it: the bare token in Authorization, the
 * JSON body, success and dry-run answers, 400 errors in Django's format (unique_together for an
 * existing version), and 429 with Retry-After for releases of one package within the rate window.
 */
export class FoundrySim {
  readonly server = new SimServer('Foundry');
  readonly packages = new Map<string, FoundryPackage>();
  /** The article says 60 s; tests shorten it. 0 turns rate limiting off. */
  rateLimitSeconds = 0;

  constructor() {
    this.server.setRoutes([
      { method: 'POST', pattern: /^\/_api\/packages\/release_version\/$/, handle: (c) => this.#release(c) },
    ]);
  }

  get endpoint(): string {
    return `${this.server.url}${FOUNDRY_PATH}`;
  }

  async start(port = 0): Promise<this> {
    await this.server.start(port);
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  addPackage(id: string, token: string, existingVersions: string[] = []): void {
    this.packages.set(id, { token, versions: new Map(existingVersions.map((v) => [v, {}])) });
  }

  /** The release bodies Foundry received, in order. */
  get releaseRequests() {
    return this.server.received('POST', FOUNDRY_PATH);
  }

  #release({ request, response, json }: RouteContext): void {
    const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
    const id = typeof body.id === 'string' ? body.id : undefined;
    const pkg = id ? this.packages.get(id) : undefined;
    const authorization = request.headers.authorization;
    if (!authorization || !pkg || authorization !== pkg.token) {
      // Foundry answers an unknown or wrong token without saying which.
      sendJson(response, 401, { status: 'error', message: 'Invalid or missing package release token.' });
      return;
    }
    const errors = validate(body);
    if (Object.keys(errors).length > 0) {
      sendJson(response, 400, { status: 'error', errors });
      return;
    }
    const release = body.release as { version: string };
    const dryRun = body['dry-run'] === true;
    const now = Date.now();
    if (!dryRun && this.rateLimitSeconds > 0 && pkg.lastReleaseAt !== undefined) {
      const waitMs = pkg.lastReleaseAt + this.rateLimitSeconds * 1000 - now;
      if (waitMs > 0) {
        response.writeHead(429, {
          'Retry-After': String(Math.ceil(waitMs / 1000)),
          'Content-Type': 'text/plain',
        });
        response.end('Too Many Requests');
        return;
      }
    }
    if (pkg.versions.has(release.version)) {
      sendJson(response, 400, {
        status: 'error',
        errors: {
          __all__: [
            {
              message: 'Package Version with this Package and Version Number already exists.',
              code: 'unique_together',
            },
          ],
        },
      });
      return;
    }
    const page = `https://foundryvtt.com/packages/${id}/edit/`;
    if (dryRun) {
      sendJson(response, 200, {
        status: 'success',
        page,
        message: 'Dry run completed successfully. To save, submit the request again without dry-run',
      });
      return;
    }
    pkg.versions.set(release.version, release);
    pkg.lastReleaseAt = now;
    sendJson(response, 200, { status: 'success', page });
  }
}

function validate(body: Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  const required = (field: string, value: unknown) => {
    if (typeof value !== 'string' || value === '')
      errors[field] = [{ message: 'This field is required.', code: 'required' }];
  };
  const release = (typeof body.release === 'object' && body.release !== null ? body.release : {}) as Record<
    string,
    unknown
  >;
  const compatibility = (
    typeof release.compatibility === 'object' && release.compatibility !== null ? release.compatibility : {}
  ) as Record<string, unknown>;
  required('version', release.version);
  required('manifest', release.manifest);
  required('minimum', compatibility.minimum);
  required('verified', compatibility.verified);
  if (
    typeof release.manifest === 'string' &&
    release.manifest !== '' &&
    !/^https?:\/\/\S+$/.test(release.manifest)
  ) {
    errors.manifest = [{ message: 'Enter a valid URL.', code: 'invalid' }];
  }
  return errors;
}
