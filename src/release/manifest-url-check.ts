import { ActionError } from '../problems/problem.js';
import { bodyExcerpt, type HttpTransport } from '../network/http.js';
import { MAX_MANIFEST_BYTES, parseManifest, type PackageManifest } from '../manifest/manifest.js';
import { untrusted } from '../problems/untrusted-text.js';
import { RetryBudget, withRetries, type AttemptResult } from '../network/retry.js';
import type { CheckedRelease } from './release-payload.js';

/** SPEC §4.4: a just-uploaded asset may take a moment to be served. */
const MAX_APPEAR_WAIT_MS = 30_000;

/**
 * Fetches the manifest URL the way Foundry will (no credentials, following redirects) and checks it
 * serves this package and version, so a private repository or a wrong URL is caught before Foundry
 * registers a broken version.
 */
export async function checkManifestUrl(
  release: CheckedRelease,
  http: HttpTransport,
  budget: RetryBudget,
): Promise<void> {
  const url = release.manifestUrl;
  const appearBudget = new RetryBudget(Math.min(MAX_APPEAR_WAIT_MS, budget.remainingMs), budget.signal);
  const startedWith = appearBudget.remainingMs;
  const body = await withRetries<string>(
    async (): Promise<AttemptResult<string>> => {
      const response = await http.request('GET', url, {
        followRedirects: true,
        headers: { Accept: 'application/json' },
        maxBodyBytes: MAX_MANIFEST_BYTES,
      });
      if (response.status === 200) return { ok: response.body };
      const failure = `the manifest URL answered HTTP ${response.status}`;
      if (response.status === 404 || response.status >= 500) return { retry: { kind: 'transient' }, failure };
      throw notServed(url, failure);
    },
    { what: 'Manifest URL check', budget: appearBudget, giveUp: (failure) => notServed(url, failure) },
  );
  budget.spend(startedWith - appearBudget.remainingMs);

  // Read with the parser the release's own manifest went through, so both are trimmed alike.
  let served: PackageManifest;
  try {
    served = parseManifest({ label: `the manifest at ${url}`, bytes: Buffer.from(body) });
  } catch {
    throw new ActionError(
      `The manifest URL ${url} does not serve a JSON manifest (${bodyExcerpt(body, 100)}). Foundry would register a version users cannot install: point manifest-url at the manifest file of this release.`,
    );
  }
  if (served.id !== release.packageId || served.version !== release.version) {
    throw new ActionError(
      `The manifest URL ${url} serves id '${untrusted(served.id ?? '(none)')}' version '${untrusted(served.version ?? '(none)')}', but this release is id '${release.packageId}' version '${release.version}'. Upload this version's manifest to the release, or fix manifest-url.`,
    );
  }
}

function notServed(url: string, failure: string): ActionError {
  return new ActionError(
    `The manifest URL ${url} cannot be fetched the way Foundry fetches it: ${failure}. Foundry reads it without credentials, so a private repository's assets fail here; make the release public (or host the manifest publicly) and check the URL names an uploaded asset.`,
  );
}
