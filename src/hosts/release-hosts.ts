import type { HttpTransport } from '../network/http.js';
import type { RetryBudget } from '../network/retry.js';
import type { RunContext } from '../settings/run-context.js';
import { GitHubApi } from './github/github-api.js';
import type { HostRelease, ReleaseHost } from './release-host.js';

/** The one place that knows every host: picks the adapter for where this run's release lives. */
export function releaseHostFor(
  run: RunContext,
  hostToken: string | undefined,
  services: { http: HttpTransport; budget: RetryBudget },
): ReleaseHost & { releaseById?(id: number): Promise<HostRelease> } {
  return new GitHubApi({
    token: hostToken,
    apiUrl: run.apiUrl,
    serverUrl: run.serverUrl,
    repository: run.repository,
    ...services,
  });
}
