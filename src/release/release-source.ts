import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ActionError } from '../problems/problem.js';
import type { HostRelease, ReleaseHost } from '../hosts/release-host.js';
import type { Settings } from '../settings/inputs.js';
import {
  MANIFEST_FILE_NAMES,
  MAX_MANIFEST_BYTES,
  parseManifest,
  type PackageManifest,
} from '../manifest/manifest.js';
import { tagMatchesVersion, type ReleaseTarget } from './release-checks.js';
import { fetchManifestUrl } from './manifest-url-check.js';
import type { HttpTransport } from '../network/http.js';
import type { RetryBudget } from '../network/retry.js';
import { isPullRequest, type RunContext } from '../settings/run-context.js';

const releaseEventSchema = z.object({ release: z.object({ id: z.number(), tag_name: z.string() }) });
const pushEventSchema = z.object({ ref: z.string() });

/** What the release step works on, or why it has nothing to do. */
export type ReleaseLookup =
  | { kind: 'found'; target: ReleaseTarget }
  /** A GitHub prerelease with `prerelease: skip`: nothing is read or checked. */
  | { kind: 'skipped-prerelease'; tag: string };

/** A host that can also read a release by the id a release event carries (GitHub, Forgejo/Gitea). */
export type ReleaseSource = ReleaseHost & { releaseById?(id: number): Promise<HostRelease> };

/** SPEC §4.1–4.2: the release to publish and its manifest, or, on a pull request, the local manifest. */
export async function findReleaseTarget(
  settings: Settings,
  run: RunContext,
  github: ReleaseSource,
  services: { http: HttpTransport; budget: RetryBudget },
): Promise<ReleaseLookup> {
  if (!run.repository.owner || !run.repository.repo) {
    throw new ActionError(
      'GITHUB_REPOSITORY is not set, so there is no repository to read releases from. Run the action in a GitHub workflow.',
    );
  }
  if (isPullRequest(run.eventName)) {
    return { kind: 'found', target: await localReleaseTarget(settings, run, github) };
  }
  const release = await findRelease(settings, run, github);
  if (release.prerelease && settings.prerelease === 'skip') {
    return { kind: 'skipped-prerelease', tag: release.tag };
  }
  return { kind: 'found', target: await releaseTarget(settings, github, release, services) };
}

async function releaseTarget(
  settings: Settings,
  host: ReleaseHost,
  release: HostRelease,
  services: { http: HttpTransport; budget: RetryBudget },
): Promise<ReleaseTarget> {
  const asset = pickManifestAsset(settings, release);
  const label = `release asset ${asset.name}`;
  // One round trip chain fewer: when the manifest URL sent to Foundry is the asset's own (the default),
  // the public fetch that checks it also reads the manifest. A private repository's asset is not served
  // publicly: it is read through the host's API, and the check reports the failure as before.
  const servedManifest =
    (settings.manifestUrl ?? asset.url) === asset.url &&
    !(asset.size !== undefined && asset.size > MAX_MANIFEST_BYTES)
      ? await fetchManifestUrl(asset.url, services.http, services.budget)
      : undefined;
  const manifest =
    (servedManifest && 'bytes' in servedManifest && tryParseManifest(label, servedManifest.bytes)) ||
    parseManifest({ label, bytes: await host.readAsset(asset, MAX_MANIFEST_BYTES) });
  return {
    tag: release.tag,
    manifest,
    defaultManifestUrl: asset.url,
    defaultNotesUrl: release.pageUrl,
    urls: host.urls,
    assetNames: release.assets.map((a) => a.name),
    prerelease: release.prerelease,
    servedManifest,
  };
}

/** The manifest the public URL served, or undefined when it is not one (the API's copy is read then). */
function tryParseManifest(label: string, bytes: Buffer): PackageManifest | undefined {
  try {
    return parseManifest({ label, bytes });
  } catch {
    return undefined;
  }
}

async function findRelease(settings: Settings, run: RunContext, github: ReleaseSource): Promise<HostRelease> {
  const fullName = `${run.repository.owner}/${run.repository.repo}`;
  if (run.eventName === 'release') {
    const event = releaseEventSchema.safeParse(run.payload);
    if (!event.success)
      throw new ActionError('The release event payload has no release id; re-run the workflow.');
    const { id, tag_name: tag } = event.data.release;
    if (settings.tag && settings.tag !== tag) {
      throw new ActionError(
        `Input 'tag' is '${settings.tag}' but this release event is for tag '${tag}'. Drop the input on release events.`,
      );
    }
    // Re-read by id: the event's asset list is stale when assets are uploaded after publishing, and a
    // draft cannot be read by tag.
    if (!github.releaseById) throw new ActionError(`${github.name} has no release events.`);
    return github.releaseById(id);
  }
  const tag = eventTag(run) ?? settings.tag;
  if (!tag) {
    throw new ActionError(
      `Input 'tag' is required on '${run.eventName}' events, which carry no release tag: pass the tag of the release to publish (e.g. tag: v1.2.3).`,
    );
  }
  const release = await github.releaseByTag(tag);
  if (!release) {
    throw new ActionError(
      `No published GitHub release has tag '${tag}' in ${fullName}. Create the release first (this step runs after it), or fix the 'tag' input; a draft cannot be read by tag, so publish it or run on the release event.`,
    );
  }
  return release;
}

function eventTag(run: RunContext): string | undefined {
  if (run.eventName !== 'push') return undefined;
  const ref = pushEventSchema.safeParse(run.payload);
  return ref.success && ref.data.ref.startsWith('refs/tags/')
    ? ref.data.ref.slice('refs/tags/'.length)
    : undefined;
}

function pickManifestAsset(settings: Settings, release: HostRelease) {
  const names = settings.manifestAsset ? [settings.manifestAsset] : MANIFEST_FILE_NAMES;
  for (const name of names) {
    const asset = release.assets.find((a) => a.name === name);
    if (asset) return asset;
  }
  const found = release.assets.map((a) => a.name).join(', ') || 'none';
  throw new ActionError(
    settings.manifestAsset
      ? `Input 'manifest-asset' is '${settings.manifestAsset}', but release '${release.tag}' has no such asset (assets: ${found}). Upload it before this step runs, or fix the name.`
      : `Release '${release.tag}' has no module.json, system.json or world.json asset (assets: ${found}). Upload the manifest as a release asset before this step runs, or name it with 'manifest-asset'.`,
  );
}

/** SPEC §4.1, pull requests: no release yet, so the local manifest and the URL its asset will have. */
async function localReleaseTarget(
  settings: Settings,
  run: RunContext,
  host: ReleaseHost,
): Promise<ReleaseTarget> {
  const file = await findLocalManifest(settings, run.workspace);
  const manifest = parseManifest({
    label: file,
    file,
    bytes: await readFile(path.resolve(run.workspace, file)),
  });
  const tag =
    settings.tag ??
    tagFromDownload(manifest, settings.version ?? manifest.version, host) ??
    `v${settings.version ?? manifest.version ?? ''}`;
  const assetName = settings.manifestAsset ?? path.basename(file);
  return {
    tag,
    manifest,
    defaultManifestUrl: host.urls.assetUrl(tag, assetName),
    defaultNotesUrl: host.urls.pageUrl(tag),
    urls: host.urls,
    prerelease: false,
  };
}

/** The manifest's `download` names the tag the release will have, when it fits the version. */
function tagFromDownload(
  manifest: PackageManifest,
  version: string | undefined,
  host: ReleaseHost,
): string | undefined {
  if (!manifest.download || !version) return undefined;
  const link = host.urls.parseAssetUrl(manifest.download);
  return link && tagMatchesVersion(link.tag, version) ? link.tag : undefined;
}

const LOCAL_MANIFEST_DIRS = ['', 'src', 'static', 'public'];

async function findLocalManifest(settings: Settings, workspace: string): Promise<string> {
  if (settings.manifestPath) {
    const file =
      path.relative(workspace, path.resolve(workspace, settings.manifestPath)) || settings.manifestPath;
    if (!(await isFile(path.resolve(workspace, file)))) {
      throw new ActionError(
        `Input 'manifest-path' is '${settings.manifestPath}', but there is no such file in the workspace. Check out the repository first (actions/checkout) and give the path from its root.`,
      );
    }
    return file;
  }
  for (const dir of LOCAL_MANIFEST_DIRS) {
    for (const name of MANIFEST_FILE_NAMES) {
      const file = dir ? `${dir}/${name}` : name;
      if (await isFile(path.resolve(workspace, file))) return file;
    }
  }
  throw new ActionError(
    "No manifest in the workspace (looked for module.json, system.json and world.json at the root and in src/, static/ and public/). Run actions/checkout before this step, or set 'manifest-path'.",
  );
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
