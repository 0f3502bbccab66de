import webhookExamples from '@octokit/webhooks-examples/api.github.com/index.json' with { type: 'json' };
import { packageZipBytes } from '../fixtures/package-zip.js';
import { ForgeSim } from '../simulators/forge-sim.js';
import { FoundrySim } from '../simulators/foundry-sim.js';
import { GitHubSim, type SimRelease } from '../simulators/github-sim.js';
import { runAction, RUNNER_GITHUB_TOKEN, type ActionResult, type ActionRun } from '../runner/run-action.js';

export const PACKAGE_ID = 'hello-module';
export const FOUNDRY_TOKEN = 'fvttp_SimulatedReleaseToken0123456789';

export interface Apis {
  foundry: FoundrySim;
  github: GitHubSim;
  forge: ForgeSim;
  stop(): Promise<void>;
}

/** Fixed ports, for runs configured by a file (npm run local-action); tests take free ones. */
export interface SimPorts {
  foundry: number;
  github: number;
  storage: number;
  forge: number;
}

export async function startApis(ports?: SimPorts): Promise<Apis> {
  const [foundry, github, forge] = await Promise.all([
    new FoundrySim().start(ports?.foundry),
    new GitHubSim().start(ports?.github, ports?.storage),
    new ForgeSim().start(ports?.forge),
  ]);
  foundry.addPackage(PACKAGE_ID, FOUNDRY_TOKEN);
  return {
    foundry,
    github,
    forge,
    stop: async () => {
      await Promise.all([foundry.stop(), github.stop(), forge.stop()]);
    },
  };
}

interface WebhookExample {
  name: string;
  examples: Record<string, unknown>[];
}

/** A real payload from @octokit/webhooks-examples, deep-copied so a test may adjust it. */
export function realEvent(name: string, pick: (example: Record<string, unknown>) => boolean = () => true) {
  const group = (webhookExamples as WebhookExample[]).find((e) => e.name === name);
  const example = group?.examples.find(pick);
  if (!example) throw new Error(`no ${name} example`);
  return structuredClone(example) as Record<string, unknown> & { release?: Record<string, unknown> };
}

/**
 * The real `release.published` example, pointed at a simulated release. Its asset list stays as the
 * example has it (empty): the stale list a workflow that uploads assets after publishing would see.
 */
export function releasePublishedEvent(release: SimRelease) {
  const payload = realEvent('release', (e) => e.action === 'published');
  Object.assign(payload.release as object, { id: release.id, tag_name: release.tag_name });
  return { name: 'release', payload };
}

export function pushTagEvent(tag: string) {
  const payload = realEvent('push', (e) => String(e.ref).startsWith('refs/tags/'));
  payload.ref = `refs/tags/${tag}`;
  return { name: 'push', payload };
}

export function pullRequestEvent(name: 'pull_request' | 'pull_request_target' = 'pull_request') {
  return { name, payload: realEvent('pull_request', (e) => e.action === 'opened') };
}

export function dispatchEvent() {
  return { name: 'workflow_dispatch', payload: realEvent('workflow_dispatch') };
}

/** A manifest as a package author writes it; `overrides` replace or (with undefined) remove fields. */
export function moduleManifest(apis: Apis, version: string, overrides: Record<string, unknown> = {}): string {
  const manifest: Record<string, unknown> = {
    id: PACKAGE_ID,
    title: 'Hello Module',
    version,
    compatibility: { minimum: '12', verified: '13.345' },
    manifest: `${apis.github.releasesUrl()}/latest/download/module.json`,
    download: apis.github.downloadUrl(`v${version}`, 'module.zip'),
    ...overrides,
  };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete manifest[key];
  return JSON.stringify(manifest, null, 2);
}

/** A package zip holding `manifest` as `name`, built (with yazl) when the simulation first serves it. */
export function zipHolding(manifest: string, name = 'module.json'): () => Promise<Buffer> {
  return () => packageZipBytes({ manifest, manifestName: name });
}

/**
 * A published GitHub release v<version> with module.json and module.zip (holding that manifest), as a
 * release workflow leaves it.
 */
export function publishRelease(
  apis: Apis,
  version: string,
  manifest = moduleManifest(apis, version),
  tag = `v${version}`,
) {
  return apis.github.addRelease({
    tag,
    assets: { 'module.json': manifest, 'module.zip': zipHolding(manifest) },
  });
}

export const DEMO_WORLD = 'demo-world';

/** Inputs of a workflow that only resets the Forge world (release: false), with the simulated key. */
export function resetOnlyInputs(apis: Apis, extra: Record<string, string> = {}): Record<string, string> {
  return {
    release: 'false',
    'forge-reset': 'true',
    'forge-api-key': apis.forge.apiKey,
    'forge-world': DEMO_WORLD,
    ...extra,
  };
}

/** A scheduled run's event: no release, no tag. */
export const SCHEDULE_EVENT = { name: 'schedule', payload: { schedule: '0 4 * * *' } as object };

/** Runs the bundle against the simulations, with the Foundry endpoint, token and GitHub wired in. */
export function runAgainst(apis: Apis, run: Omit<ActionRun, 'githubUrl'>): Promise<ActionResult> {
  return runAction({
    githubUrl: apis.github.url,
    ...run,
    inputs: {
      token: FOUNDRY_TOKEN,
      'foundry-api-url': apis.foundry.endpoint,
      'forge-api-url': apis.forge.url,
      ...run.inputs,
    },
  });
}

/** Every secret a run may hold; none may appear in what users see. */
export function secretsOf(apis: Apis): string[] {
  return [
    FOUNDRY_TOKEN,
    RUNNER_GITHUB_TOKEN,
    apis.forge.apiKey,
    ...[...apis.forge.worlds.values()].map((w) => w.secret),
  ];
}

/** Fails with the leaking place when a secret shows in the visible log, stderr, outputs or summary. */
export function leakedSecrets(result: ActionResult, secrets: string[]): string[] {
  const places = {
    log: result.visibleLog,
    stderr: result.stderr,
    outputs: JSON.stringify(result.outputs),
    summary: result.summary,
  };
  return secrets.flatMap((secret) =>
    Object.entries(places)
      .filter(([, text]) => text.includes(secret))
      .map(([place]) => `${secret.slice(0, 6)}… in ${place}`),
  );
}

/**
 * Credentials seen by a host they were not meant for: Foundry gets only its token, GitHub only the
 * GitHub token, the Forge only its key, and asset storage (another host behind a redirect) nothing.
 */
export function credentialLeaks(apis: Apis): string[] {
  const found: string[] = [];
  const check = (host: string, requests: { headers: Record<string, unknown> }[], forbidden: string[]) => {
    for (const request of requests) {
      const headers = JSON.stringify(request.headers);
      for (const secret of forbidden)
        if (headers.includes(secret)) found.push(`${secret.slice(0, 6)}… sent to ${host}`);
    }
  };
  check('Foundry', apis.foundry.server.requests, [RUNNER_GITHUB_TOKEN, apis.forge.apiKey]);
  check('GitHub', apis.github.api.requests, [FOUNDRY_TOKEN, apis.forge.apiKey]);
  check('asset storage', apis.github.storage.requests, [
    FOUNDRY_TOKEN,
    RUNNER_GITHUB_TOKEN,
    apis.forge.apiKey,
  ]);
  check('the Forge', apis.forge.server.requests, [FOUNDRY_TOKEN, RUNNER_GITHUB_TOKEN]);
  return found;
}
