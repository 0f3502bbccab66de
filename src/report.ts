import * as core from '@actions/core';
import type { Problem } from './action-error.js';
import type { ForgeResult, ForgeStep } from './forge-reset.js';
import type { ReleasePayload } from './release-payload.js';

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

function annotationOf(problem: Problem) {
  return problem.location ? { file: problem.location.file, startLine: problem.location.line } : {};
}

/** SPEC §4.4: a warning is a `::warning` annotation (on the manifest's line when local) and a summary line. */
export function warn(warnings: Problem[], problem: Problem): void {
  core.warning(problem.message, annotationOf(problem));
  warnings.push(problem);
}

/** The `status` output: what the release step did, or `failed` when the run failed before it finished. */
export function statusOutput(report: RunReport): StatusOutput {
  return report.releaseStatus ?? 'failed';
}

/** The `forge-result` output: `skipped` when no reset ran (not requested, or the release step failed). */
export function forgeResultOutput(report: RunReport): ForgeResultOutput {
  return report.forgeResult ?? 'skipped';
}

/** SPEC §3. Values are only set when known; the payload never holds a secret. */
export function setOutputs(report: RunReport): void {
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined) core.setOutput(name, value);
  };
  set('status', statusOutput(report));
  set('page', report.page);
  set('package-id', report.payload?.id);
  set('version', report.payload?.release.version);
  set('manifest-url', report.payload?.release.manifest);
  set('notes-url', report.payload?.release.notes);
  set('payload', report.payload ? JSON.stringify(report.payload) : undefined);
  set('forge-result', forgeResultOutput(report));
}

/** SPEC §3: errors are ::error:: annotations, on the manifest's line when the problem is in a local file. */
export function annotate(problems: readonly Problem[]): void {
  for (const problem of problems) core.error(problem.message, annotationOf(problem));
}

const STATUS_TEXT: Record<StatusOutput, string> = {
  published: '✅ published',
  'dry-run': '✅ dry run passed (nothing saved)',
  validated: '✅ validated locally (no token, nothing sent)',
  exists: '⏭️ version already exists (if-exists: skip)',
  skipped: '⏭️ skipped',
  failed: '❌ failed',
};

/** The job summary: the same facts as the outputs, with links, and every error. */
export function renderSummary(report: RunReport): string {
  const parts: string[] = ['<h2>Foundry VTT release</h2>'];
  const rows: [string, string][] = [];
  const failed = report.problems.length > 0;
  const status = STATUS_TEXT[statusOutput(report)];
  rows.push(['Status', report.skippedBecause ? `${status} (${escapeHtml(report.skippedBecause)})` : status]);
  if (report.payload) {
    const { id, release } = report.payload;
    rows.push(['Package', code(id)]);
    rows.push(['Version', code(release.version)]);
    rows.push(['Manifest', link(release.manifest)]);
    if (release.notes) rows.push(['Release notes', link(release.notes)]);
    const { minimum, verified, maximum } = release.compatibility;
    rows.push([
      'Compatibility',
      `minimum ${code(minimum)}, verified ${code(verified)}${maximum ? `, maximum ${code(maximum)}` : ''}`,
    ]);
  }
  if (report.packageZip) rows.push(['Package zip', escapeHtml(report.packageZip)]);
  if (report.page) rows.push(['Package page', link(report.page)]);
  if (report.foundryMessage) rows.push(['Foundry says', escapeHtml(report.foundryMessage)]);
  parts.push(table(['', ''], rows));
  if (report.payload) {
    parts.push(
      `<details><summary>Payload sent to Foundry</summary><pre lang="json">${escapeHtml(JSON.stringify(report.payload, null, 2))}</pre></details>`,
    );
  }
  if (report.forgeRequested) {
    parts.push('<h2>Forge demo world</h2>');
    parts.push(`<p>Result: <strong>${escapeHtml(forgeResultOutput(report))}</strong></p>`);
    if (report.forgeSteps.length > 0) {
      parts.push(
        table(
          ['Call', 'Answer'],
          report.forgeSteps.map((s) => [code(s.call), escapeHtml(s.answer)]),
        ),
      );
    }
  }
  if (report.warnings.length > 0) parts.push('<h2>Warnings</h2>', problemList(report.warnings));
  if (failed) parts.push('<h2>Errors</h2>', problemList(report.problems));
  return parts.join('\n');
}

function problemList(problems: readonly Problem[]): string {
  const items = problems.map((p) => {
    const where = p.location
      ? ` (${code(`${p.location.file}${p.location.line ? `:${p.location.line}` : ''}`)})`
      : '';
    return `<li>${escapeHtml(p.message)}${where}</li>`;
  });
  return `<ul>${items.join('')}</ul>`;
}

export async function writeSummary(report: RunReport): Promise<void> {
  // Outside a runner (no GITHUB_STEP_SUMMARY) there is nowhere to write; the log already has it all.
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(renderSummary(report), true).write();
}

function table(header: [string, string], rows: [string, string][]): string {
  const head = header.some((h) => h !== '') ? `<tr><th>${header[0]}</th><th>${header[1]}</th></tr>` : '';
  const body = rows.map(([k, v]) => `<tr><td>${k}</td><td>${v}</td></tr>`).join('');
  return `<table>${head}${body}</table>`;
}

function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}

function link(url: string): string {
  return `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
