import { describe, expect, it } from 'vitest';

const { newRunReport } = await import('../../src/reporting/run-report.js');
const { renderSummary } = await import('../../src/reporting/summary.js');

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
  });

  it('lists every error with its file and line', () => {
    const report = newRunReport();
    report.problems.push(
      { message: 'Bad version', location: { file: 'module.json', line: 3 } },
      { message: 'Other' },
    );
    const html = renderSummary(report);
    expect(html).toContain('❌ failed');
    expect(html).toContain('<li>Bad version (<code>module.json:3</code>)</li><li>Other</li>');
  });

  it('shows each Forge call when a reset was requested', () => {
    const report = newRunReport();
    report.forgeRequested = true;
    report.forgeResult = 'reset';
    report.forgeSteps.push({ call: 'stop', answer: 'success' });
    expect(renderSummary(report)).toContain('<tr><td><code>stop</code></td><td>success</td></tr>');
  });
});
