/** The JSON body of Foundry's release_version endpoint, as the Package Release API article shows it. */
export interface ReleasePayload {
  id: string;
  release: {
    version: string;
    manifest: string;
    notes?: string;
    compatibility: { minimum: string; verified: string; maximum?: string };
  };
  'dry-run'?: true;
}

/** What the release will send, once every check has passed. */
export interface CheckedRelease {
  packageId: string;
  version: string;
  manifestUrl: string;
  notesUrl?: string;
  compatibility: { minimum: string; verified: string; maximum?: string };
}

/** SPEC §4.3: `notes`, `maximum` and `dry-run` are left out when they have no value. */
export function buildPayload(release: CheckedRelease, dryRun: boolean): ReleasePayload {
  const { minimum, verified, maximum } = release.compatibility;
  return {
    id: release.packageId,
    release: {
      version: release.version,
      manifest: release.manifestUrl,
      ...(release.notesUrl ? { notes: release.notesUrl } : {}),
      compatibility: { minimum, verified, ...(maximum ? { maximum } : {}) },
    },
    ...(dryRun ? { 'dry-run': true as const } : {}),
  };
}
