/**
 * What the release step needs from wherever the release lives (GitHub, GitLab, Forgejo/Gitea): the
 * release of a tag, its assets and their bytes, and the shape of its URLs. The core never knows which host
 * it talks to; a new host is a new folder beside github/.
 */

/** One file attached to a release, as users download it. */
export interface HostAsset {
  /** The host's own id of the asset (GitHub's asset id, GitLab's link id). */
  id: number | string;
  name: string;
  /** Bytes, when the host lists them; used to refuse a mistaken asset unread. */
  size?: number;
  /** The version-specific public URL users and Foundry download it from. */
  url: string;
  /** The file part of `url` when it is not `name` (a GitLab link's direct asset path, e.g. `dist/module.zip`). */
  fileInUrl?: string;
}

export interface HostRelease {
  tag: string;
  /** The release's page: the default release notes URL. */
  pageUrl: string;
  prerelease: boolean;
  assets: readonly HostAsset[];
}

/** The shape of one repository's release URLs, as the host builds them. */
export interface ReleaseUrls {
  /** The URL an asset named `file` of release `tag` has (or will have, on a pull request). */
  assetUrl(tag: string, file: string): string;
  /** The release page of `tag`, before the release exists. */
  pageUrl(tag: string): string;
  /** Splits a URL of an asset of one of this repository's releases into its tag and file name. */
  parseAssetUrl(url: string): { tag: string; file: string } | undefined;
  /** A URL in the host's "latest release" form: it serves another version as soon as a newer one exists. */
  isLatestUrl(url: string): boolean;
  /** The "latest" form as users would recognise it in a message, e.g. `/releases/latest/`. */
  readonly latestForm: string;
}

/** One earlier release, for the version-order check. */
export interface ReleaseSummary {
  tag: string;
  draft: boolean;
  prerelease: boolean;
}

export interface ReleaseHost {
  /** The host's name in messages: "GitHub", "GitLab", "Forgejo/Gitea". */
  readonly name: string;
  readonly urls: ReleaseUrls;
  /** undefined when no release has that tag. */
  releaseByTag(tag: string): Promise<HostRelease | undefined>;
  /** The release a release event names by id (GitHub, Forgejo/Gitea); GitLab has no such event. */
  releaseById?(id: number): Promise<HostRelease>;
  /** The bytes of an asset, at most `maxBytes`, read with the host's credentials where it needs them. */
  readAsset(asset: HostAsset, maxBytes: number): Promise<Buffer>;
  /**
   * The repository's most recent releases, newest first (one page, one request; drafts only where the
   * credentials may see them). For the version-order check.
   */
  listReleases(): Promise<ReleaseSummary[]>;
}
