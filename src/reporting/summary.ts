import type { Problem } from '../problems/problem.js';
import { blocks, element, link, preformatted, text, type SafeHtml } from './safe-html.js';
import { forgeResultOutput, statusOutput, type RunReport, type StatusOutput } from './run-report.js';

const STATUS_TEXT: Record<StatusOutput, string> = {
  published: '✅ published',
  'dry-run': '✅ dry run passed (nothing saved)',
  validated: '✅ validated locally (no token, nothing sent)',
  exists: '⏭️ version already exists (if-exists: skip)',
  skipped: '⏭️ skipped',
  failed: '❌ failed',
};

/**
 * The job summary: the same facts as the outputs, with links, and every error. Built only from SafeHtml
 * (src/reporting/safe-html.ts), so no value from a manifest or a server can write Markdown into it.
 */
export function renderSummary(report: RunReport): string {
  const parts: SafeHtml[] = [element('h2', 'Foundry VTT release')];
  const rows: [string, SafeHtml][] = [];
  const failed = report.problems.length > 0;
  const status = STATUS_TEXT[statusOutput(report)];
  rows.push(['Status', text(report.skippedBecause ? `${status} (${report.skippedBecause})` : status)]);
  if (report.payload) {
    const { id, release } = report.payload;
    rows.push(['Package', code(id)]);
    rows.push(['Version', code(release.version)]);
    rows.push(['Manifest', link(release.manifest)]);
    if (release.notes) rows.push(['Release notes', link(release.notes)]);
    const { minimum, verified, maximum } = release.compatibility;
    rows.push([
      'Compatibility',
      fragment([
        'minimum ',
        code(minimum),
        ', verified ',
        code(verified),
        ...(maximum ? [', maximum ', code(maximum)] : []),
      ]),
    ]);
  }
  if (report.packageZip) rows.push(['Package zip', text(report.packageZip)]);
  if (report.versionOrder) rows.push(['Version order', text(report.versionOrder)]);
  if (report.page) rows.push(['Package page', link(report.page)]);
  if (report.foundryMessage) rows.push(['Foundry says', text(report.foundryMessage)]);
  parts.push(table(undefined, rows));
  if (report.payload) {
    parts.push(
      element('details', [
        element('summary', 'Payload sent to Foundry'),
        preformatted(JSON.stringify(report.payload, null, 2).split('\n'), 'json'),
      ]),
    );
  }
  if (report.forgeRequested) {
    parts.push(element('h2', 'Forge demo world'));
    parts.push(element('p', ['Result: ', element('strong', forgeResultOutput(report))]));
    if (report.forgeSteps.length > 0) {
      parts.push(
        table(
          ['Call', 'Answer'],
          report.forgeSteps.map((s) => [s.call, text(s.answer)]),
          true,
        ),
      );
    }
  }
  if (report.warnings.length > 0) parts.push(element('h2', 'Warnings'), problemList(report.warnings));
  if (failed) parts.push(element('h2', 'Errors'), problemList(report.problems));
  return blocks(parts).toString();
}

function problemList(problems: readonly Problem[]): SafeHtml {
  const items = problems.map((p) => {
    const where = p.location
      ? [' (', code(`${p.location.file}${p.location.line ? `:${p.location.line}` : ''}`), ')']
      : [];
    return element('li', [p.message, ...where]);
  });
  return element('ul', items);
}

/** A two-column table; the first column's cells are our own labels (or, with codeKeys, code). */
function table(header: [string, string] | undefined, rows: [string, SafeHtml][], codeKeys = false): SafeHtml {
  const head = header ? [element('tr', [element('th', header[0]), element('th', header[1])])] : [];
  const body = rows.map(([key, value]) =>
    element('tr', [element('td', codeKeys ? code(key) : key), element('td', value)]),
  );
  return element('table', [...head, ...body]);
}

function code(value: string): SafeHtml {
  return element('code', value);
}

/** Inline pieces side by side, strings escaped as text. */
function fragment(pieces: readonly (SafeHtml | string)[]): SafeHtml {
  return element('span', pieces);
}
