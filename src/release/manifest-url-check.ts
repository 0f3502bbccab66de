import { ActionError } from '../problems/problem.js';
import { bodyExcerpt, type HttpTransport } from '../network/http.js';
import { MAX_MANIFEST_BYTES, parseManifest, type PackageManifest } from '../manifest/manifest.js';
import { untrusted } from '../problems/untrusted-text.js';
import { RetryBudget, withRetries, type AttemptResult } from '../network/retry.js';
import type { CheckedRelease } from './release-payload.js';

/** SPEC §4.4: a just-uploaded asset may take a moment to be served. */
const MAX_APPEAR_WAIT_MS = 30_000;

/** What a manifest URL served when fetched the way Foundry fetches it: its bytes, or why it could not. */
export type ServedManifest = { url: string; bytes: Buffer } | { url: string; failure: ActionError };

/**
 * Fetches the manifest URL the way Foundry will (no credentials, following redirects), waiting a while
 * for a just-uploaded asset. A failure is returned, not thrown: the release step reports it after the
 * manifest's own problems, as it always has.
 */
export async function fetchManifestUrl(
  url: string,
  http: HttpTransport,
  budget: RetryBudget,
): Promise<ServedManifest> {
  const appearBudget = new RetryBudget(Math.min(MAX_APPEAR_WAIT_MS, budget.remainingMs), budget.signal);
  const startedWith = appearBudget.remainingMs;
  try {
    const bytes = await withRetries<Buffer>(
      async (): Promise<AttemptResult<Buffer>> => {
        const response = await http.requestBytes('GET', url, {
          followRedirects: true,
          headers: { Accept: 'application/json' },
          maxBodyBytes: MAX_MANIFEST_BYTES,
        });
        if (response.status === 200) return { ok: response.bytes };
        const failure = `the manifest URL answered HTTP ${response.status}`;
        if (response.status === 404 || response.status >= 500)
          return { retry: { kind: 'transient' }, failure };
        throw notServed(url, failure);
      },
      { what: 'Manifest URL check', budget: appearBudget, giveUp: (failure) => notServed(url, failure) },
    );
    return { url, bytes };
  } catch (error) {
    if (error instanceof ActionError) return { url, failure: error };
    throw error;
  } finally {
    budget.spend(startedWith - appearBudget.remainingMs);
  }
}

/**
 * Checks the manifest URL serves this package and version, so a private repository or a wrong URL is
 * caught before Foundry registers a broken version. Uses what the release step already fetched from that
 * URL (the manifest itself, usually) and fetches only when it has nothing for it.
 */
export async function checkManifestUrl(
  release: CheckedRelease,
  http: HttpTransport,
  budget: RetryBudget,
  fetched?: ServedManifest,
): Promise<void> {
  const url = release.manifestUrl;
  const served = fetched?.url === url ? fetched : await fetchManifestUrl(url, http, budget);
  if ('failure' in served) throw served.failure;

  // Read with the parser the release's own manifest went through, so both are trimmed alike.
  let manifest: PackageManifest;
  try {
    manifest = parseManifest({ label: `the manifest at ${url}`, bytes: served.bytes });
  } catch {
    throw new ActionError(
      `The manifest URL ${url} does not serve a JSON manifest (${bodyExcerpt(served.bytes.toString('utf8'), 100)}). Foundry would register a version users cannot install: point manifest-url at the manifest file of this release.`,
    );
  }
  if (manifest.id !== release.packageId || manifest.version !== release.version) {
    throw new ActionError(
      `The manifest URL ${url} serves id '${untrusted(manifest.id ?? '(none)')}' version '${untrusted(manifest.version ?? '(none)')}', but this release is id '${release.packageId}' version '${release.version}'. Upload this version's manifest to the release, or fix manifest-url.`,
    );
  }
}

function notServed(url: string, failure: string): ActionError {
  return new ActionError(
    `The manifest URL ${url} cannot be fetched the way Foundry fetches it: ${failure}. Foundry reads it without credentials, so a private repository's assets fail here; make the release public (or host the manifest publicly) and check the URL names an uploaded asset.`,
  );
}
