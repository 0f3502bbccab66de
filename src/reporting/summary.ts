import type { Problem } from '../problems/problem.js';
import { forgeResultOutput, statusOutput, type RunReport, type StatusOutput } from './run-report.js';

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
  if (report.versionOrder) rows.push(['Version order', escapeHtml(report.versionOrder)]);
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
