/**
 * Bundled in place of undici (tsconfig.json `paths`, which ncc honours). @actions/http-client imports undici
 * only for getAgentDispatcher(), a ProxyAgent for fetch(), which neither this action nor @actions/core
 * calls: HttpClient.request() goes through a proxy with the `tunnel` package. Leaving undici out takes
 * ~430 KiB off dist/ and ~25 ms off every run's start (README, Performance).
 */
export class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled with fvtt-release-action (getAgentDispatcher is unsupported)');
  }
}
