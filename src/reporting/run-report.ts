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

/** A line break for the runner, a Markdown reader or a JavaScript parser; no output may hold one. */
const BREAKS_A_LINE = /[\p{Cc}\u2028\u2029]/u;

/**
 * JSON on one line: JSON.stringify escapes control characters but leaves U+2028 and U+2029 as they are,
 * which some readers take for line breaks; they are written as `\u2028`/`\u2029`, which is still the same JSON.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/**
 * SPEC §3. Values are only present when known; the payload never holds a secret. Every value is one line
 * (SPEC §6b): values are parsed where they come in, and one that still holds a line break is left out
 * here, with a warning in the report, rather than handed to the steps that read the outputs.
 */
export function runOutputs(report: RunReport): Partial<Record<OutputName, string>> {
  const outputs: Partial<Record<OutputName, string>> = {
    status: statusOutput(report),
    page: report.page,
    'package-id': report.payload?.id,
    version: report.payload?.release.version,
    'manifest-url': report.payload?.release.manifest,
    'notes-url': report.payload?.release.notes,
    payload: report.payload ? jsonLine(report.payload) : undefined,
    'forge-result': forgeResultOutput(report),
  };
  for (const name of OUTPUT_NAMES) {
    const value = outputs[name];
    if (value === undefined) delete outputs[name];
    else if (BREAKS_A_LINE.test(value)) {
      delete outputs[name];
      report.warnings.push({
        message: `Output '${name}' was left empty: its value holds a line break or a control character, which a later step could read as more than a value.`,
      });
    }
  }
  return outputs;
}
