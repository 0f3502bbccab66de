import path from 'node:path';
import * as z from 'zod/mini';
import { ActionError } from '../problems/problem.js';
import { untrusted } from '../problems/untrusted-text.js';
import type { HostRelease, ReleaseHost } from '../hosts/release-host.js';
import type { Settings } from '../settings/inputs.js';
import {
  MANIFEST_FILE_NAMES,
  MAX_MANIFEST_BYTES,
  parseManifest,
  type PackageManifest,
} from '../manifest/manifest.js';
import { tagMatchesVersion, vTag, type ReleaseTarget } from './release-checks.js';
import { fetchManifestUrl } from './manifest-url-check.js';
import type { HttpTransport } from '../network/http.js';
import type { RetryBudget } from '../network/retry.js';
import { isTagName } from '../settings/git-ref-name.js';
import {
  findWorkspaceFile,
  readWorkspaceFile,
  resolveWorkspacePath,
  type WorkspacePath,
} from '../settings/workspace-path.js';
import { isPullRequest, type RunContext } from '../settings/run-context.js';

const releaseEventSchema = z.object({ release: z.object({ id: z.number(), tag_name: z.string() }) });
const pushEventSchema = z.object({ ref: z.string() });

/** What the release step works on, or why it has nothing to do. */
export type ReleaseLookup =
  | { kind: 'found'; target: ReleaseTarget }
  /** A GitHub prerelease with `prerelease: skip`: nothing is read or checked. */
  | { kind: 'skipped-prerelease'; tag: string };

/** SPEC §4.1–4.2: the release to publish and its manifest, or, on a pull request, the local manifest. */
export async function findReleaseTarget(
  settings: Settings,
  run: RunContext,
  github: ReleaseHost,
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
    assetNames: release.assets.flatMap((a) =>
      a.fileInUrl && a.fileInUrl !== a.name ? [a.name, a.fileInUrl] : [a.name],
    ),
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

async function findRelease(settings: Settings, run: RunContext, github: ReleaseHost): Promise<HostRelease> {
  const fullName = `${run.repository.owner}/${run.repository.repo}`;
  if (run.eventName === 'release') {
    const event = releaseEventSchema.safeParse(run.payload);
    if (!event.success)
      throw new ActionError('The release event payload has no release id; re-run the workflow.');
    const { id, tag_name: tag } = event.data.release;
    if (!isTagName(tag)) throw notATag('release event', tag);
    if (settings.tag && settings.tag !== tag) {
      throw new ActionError(
        `Input 'tag' is '${settings.tag}' but this release event is for tag '${untrusted(tag)}'. Drop the input on release events.`,
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
      `No published ${github.name} release has tag '${tag}' in ${fullName}. Create the release first (this step runs after it), or fix the 'tag' input; a draft cannot be read by tag, so publish it or run on the release event.`,
    );
  }
  return release;
}

function eventTag(run: RunContext): string | undefined {
  if (run.tag) {
    if (!isTagName(run.tag)) throw notATag('pipeline', run.tag);
    return run.tag;
  }
  if (run.eventName !== 'push') return undefined;
  const ref = pushEventSchema.safeParse(run.payload);
  if (!ref.success || !ref.data.ref.startsWith('refs/tags/')) return undefined;
  const tag = ref.data.ref.slice('refs/tags/'.length);
  if (!isTagName(tag)) throw notATag('push event', tag);
  return tag;
}

/** SPEC §6b: a tag from the event is parsed like any outside value; git itself never makes such a tag. */
function notATag(event: string, tag: string): ActionError {
  return new ActionError(
    `The ${event}'s tag '${untrusted(tag)}' is not a name git accepts for a tag (git check-ref-format), so it cannot be this release's. Check the workflow's trigger and re-run it.`,
  );
}

function pickManifestAsset(settings: Settings, release: HostRelease) {
  const names = settings.manifestAsset ? [settings.manifestAsset] : MANIFEST_FILE_NAMES;
  for (const name of names) {
    const asset = release.assets.find((a) => a.name === name);
    if (asset) return asset;
  }
  // Asset names and the tag come from the host's answer: quoted as data (SPEC §6b).
  const found = untrusted(release.assets.map((a) => a.name).join(', '), 500) || 'none';
  const tag = untrusted(release.tag);
  throw new ActionError(
    settings.manifestAsset
      ? `Input 'manifest-asset' is '${settings.manifestAsset}', but release '${tag}' has no such asset (assets: ${found}). Upload it before this step runs, or fix the name.`
      : `Release '${tag}' has no module.json, system.json or world.json asset (assets: ${found}). Upload the manifest as a release asset before this step runs, or name it with 'manifest-asset'.`,
  );
}

/** SPEC §4.1, pull requests: no release yet, so the local manifest and the URL its asset will have. */
export async function localReleaseTarget(
  settings: Settings,
  run: Pick<RunContext, 'workspace'>,
  host: Pick<ReleaseHost, 'urls'>,
): Promise<ReleaseTarget> {
  const file = await findLocalManifest(settings, run.workspace);
  const manifest = parseManifest({
    label: file.relative,
    file: file.relative,
    // One byte over the limit is enough for parseManifest to say the file is too large.
    bytes: await readWorkspaceFile(file, MAX_MANIFEST_BYTES),
  });
  const assetName = settings.manifestAsset ?? path.basename(file.relative);
  return sourceTreeTarget(settings, manifest, assetName, host);
}

/**
 * A release that does not exist yet, for a manifest read from the source tree or a zip on disk: the tag
 * from the input, else from the manifest's `download` when it fits the version, else `v<version>`.
 */
export function sourceTreeTarget(
  settings: Settings,
  manifest: PackageManifest,
  assetName: string,
  host: Pick<ReleaseHost, 'urls'>,
): ReleaseTarget {
  const tag =
    settings.tag ??
    tagFromDownload(manifest, settings.version ?? manifest.version, host) ??
    vTag(settings.version ?? manifest.version ?? '');
  return {
    tag,
    manifest,
    defaultManifestUrl: host.urls.assetUrl(tag, assetName),
    defaultNotesUrl: host.urls.pageUrl(tag),
    urls: host.urls,
    prerelease: false,
  };
}

/**
 * The manifest's `download` names the tag the release will have, when it fits the version and is a tag
 * git could create (SPEC §6b): a `%0A` there would otherwise carry a line break into every URL built on it.
 */
function tagFromDownload(
  manifest: PackageManifest,
  version: string | undefined,
  host: Pick<ReleaseHost, 'urls'>,
): string | undefined {
  if (!manifest.download || !version) return undefined;
  const link = host.urls.parseAssetUrl(manifest.download);
  return link && isTagName(link.tag) && tagMatchesVersion(link.tag, version) ? link.tag : undefined;
}

const LOCAL_MANIFEST_DIRS = ['', 'src', 'static', 'public'];

/**
 * SPEC §6b: the manifest is a file of the workspace, symlinks included: `manifest-path: ../..` or a
 * committed module.json that links out of the workspace is refused, so a pull request cannot make the
 * action read (and send to Foundry, and quote in the log) the runner's files.
 */
async function findLocalManifest(settings: Settings, workspace: string): Promise<WorkspacePath> {
  if (settings.manifestPath) {
    return resolveWorkspacePath(
      workspace,
      'manifest-path',
      settings.manifestPath,
      'Check out the repository first (actions/checkout) and give the path from its root.',
    );
  }
  for (const dir of LOCAL_MANIFEST_DIRS) {
    for (const name of MANIFEST_FILE_NAMES) {
      const file = await findWorkspaceFile(workspace, dir ? `${dir}/${name}` : name);
      if (file) return file;
    }
  }
  throw new ActionError(
    "No manifest in the workspace (looked for module.json, system.json and world.json at the root and in src/, static/ and public/). Run actions/checkout before this step, or set 'manifest-path'.",
  );
}
