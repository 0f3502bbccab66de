import type { Problem } from '../problems/problem.js';
import type { ForgeResult, ForgeStep } from '../forge/forge-reset.js';
import type { ReleasePayload } from '../release/release-payload.js';

export type ReleaseStatus = 'published' | 'dry-run' | 'validated' | 'exists' | 'skipped';
/** SPEC §3 `status`: a release status, or `failed` when the release step was asked for and did not finish. */
export type StatusOutput = ReleaseStatus | 'failed';
/** SPEC §3 `forge-result`: what the reset did, or `failed` when it (or its local checks) failed. */
export type ForgeResultOutput = ForgeResult | 'failed';

/** Everything the run did or found, gathered as it goes and turned into outputs and a summary at the end. */
export interface RunReport {
  releaseStatus?: ReleaseStatus;
  /** Why the release step was skipped, for the summary. */
  skippedBecause?: string;
  /** What the package zip check found, e.g. "module.zip holds demo 1.2.3 (read 52 KiB of 256 MiB)". */
  packageZip?: string;
  /** How the version compares with the newest earlier release, e.g. "1.2.3 is newer than 1.2.2 (release 'v1.2.2')". */
  versionOrder?: string;
  /** The body sent to Foundry, or that would be sent (validated), once it was built. */
  payload?: ReleasePayload;
  page?: string;
  foundryMessage?: string;
  forgeRequested: boolean;
  forgeResult?: ForgeResultOutput;
  forgeSteps: ForgeStep[];
  /** What works but is risky: annotated as it is found, and listed in the summary. */
  warnings: Problem[];
  problems: Problem[];
}

export function newRunReport(): RunReport {
  return { forgeRequested: false, forgeSteps: [], warnings: [], problems: [] };
}

/** The `status` output: what the release step did, or `failed` when the run failed before it finished. */
export function statusOutput(report: RunReport): StatusOutput {
  return report.releaseStatus ?? 'failed';
}

/** The `forge-result` output: `skipped` when no reset ran (not requested, or the release step failed). */
export function forgeResultOutput(report: RunReport): ForgeResultOutput {
  return report.forgeResult ?? 'skipped';
}

export const OUTPUT_NAMES = [
  'status',
  'page',
  'package-id',
  'version',
  'manifest-url',
  'notes-url',
  'payload',
  'forge-result',
] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

/** SPEC §3. Values are only present when known; the payload never holds a secret. */
export function runOutputs(report: RunReport): Partial<Record<OutputName, string>> {
  const outputs: Partial<Record<OutputName, string>> = {
    status: statusOutput(report),
    page: report.page,
    'package-id': report.payload?.id,
    version: report.payload?.release.version,
    'manifest-url': report.payload?.release.manifest,
    'notes-url': report.payload?.release.notes,
    payload: report.payload ? JSON.stringify(report.payload) : undefined,
    'forge-result': forgeResultOutput(report),
  };
  for (const name of OUTPUT_NAMES) if (outputs[name] === undefined) delete outputs[name];
  return outputs;
}
