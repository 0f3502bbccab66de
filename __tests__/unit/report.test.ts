import { describe, expect, it } from 'vitest';
import { injectedMarkup, summaryText } from '../e2e/rendered-summary.js';

const { newRunReport, runOutputs } = await import('../../src/reporting/run-report.js');
const { renderSummary } = await import('../../src/reporting/summary.js');

const MARKDOWN = '\n\n## Approve here [x](https://evil.example/a)\n\n![](https://evil.example/p.png)\n\n';

function hostileReport() {
  const report = newRunReport();
  report.releaseStatus = 'validated';
  report.payload = {
    id: `mod${MARKDOWN}`,
    release: {
      version: `1.0.0${MARKDOWN}`,
      manifest: `https://m/x.json${MARKDOWN}`,
      notes: 'javascript:alert(1)',
      compatibility: { minimum: `12\u2028# h`, verified: `13${MARKDOWN}`, maximum: '<img src=x>' },
    },
  };
  report.packageZip = `module.zip holds ${MARKDOWN}`;
  report.foundryMessage = MARKDOWN;
  report.forgeRequested = true;
  report.forgeSteps.push({ call: `stop${MARKDOWN}`, answer: MARKDOWN });
  report.warnings.push({ message: `w${MARKDOWN}`, location: { file: `f${MARKDOWN}`, line: 2 } });
  report.problems.push({ message: `e${MARKDOWN}` });
  return report;
}

describe('renderSummary', () => {
  it('shows the release with links and escapes what came from the manifest', () => {
    const report = newRunReport();
    report.releaseStatus = 'published';
    report.payload = {
      id: 'mod<script>',
      release: {
        version: '1.0.0',
        manifest: 'https://m/x.json',
        compatibility: { minimum: '12', verified: '13' },
      },
    };
    report.page = 'https://foundryvtt.com/packages/mod/edit/';
    const html = renderSummary(report);
    expect(html).toContain('✅ published');
    expect(html).toContain('<a href="https://m/x.json">');
    expect(html).toContain('mod&#60;script&#62;');
    expect(html).not.toContain('<script>');
    expect(summaryText(html)).toContain('Compatibility minimum 12, verified 13');
  });

  it('lists every error with its file and line', () => {
    const report = newRunReport();
    report.problems.push(
      { message: 'Bad version', location: { file: 'module.json', line: 3 } },
      { message: 'Other' },
    );
    const html = renderSummary(report);
    expect(html).toContain('❌ failed');
    expect(summaryText(html)).toContain('Errors Bad version (module.json:3) Other');
  });

  it('shows each Forge call when a reset was requested', () => {
    const report = newRunReport();
    report.forgeRequested = true;
    report.forgeResult = 'reset';
    report.forgeSteps.push({ call: 'stop', answer: 'success' });
    expect(renderSummary(report)).toContain('<tr><td><code>stop</code></td><td>success</td></tr>');
  });

  it('renders no heading, link or image of anyone else, whatever every field holds', () => {
    const html = renderSummary(hostileReport());
    expect(injectedMarkup(html, [])).toEqual([]);
    expect(html).not.toMatch(/\n\s*\n/);
    // Shown as text, on one line each.
    expect(summaryText(html)).toContain('Package mod ## Approve here [x](https://evil.example/a) ![]');
  });
});

describe('runOutputs', () => {
  it('leaves out a value holding a line break, with a warning, and keeps the payload JSON on one line', () => {
    const report = hostileReport();
    report.payload = {
      id: 'mod\u2028x',
      release: {
        version: '1.0.0',
        manifest: 'https://m/x\n.json',
        compatibility: { minimum: '12', verified: '13' },
      },
    };
    const outputs = runOutputs(report);
    expect(outputs['package-id']).toBeUndefined();
    expect(outputs['manifest-url']).toBeUndefined();
    expect(outputs.version).toBe('1.0.0');
    expect(outputs.payload).toBe(
      '{"id":"mod\\u2028x","release":{"version":"1.0.0","manifest":"https://m/x\\n.json","compatibility":{"minimum":"12","verified":"13"}}}',
    );
    expect(JSON.parse(outputs.payload ?? '')).toEqual(report.payload);
    expect(report.warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Output 'package-id' was left empty/),
        expect.stringMatching(/^Output 'manifest-url' was left empty/),
      ]),
    );
  });
});
