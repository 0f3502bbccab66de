import { describe, expect, it } from 'vitest';
import { element, link, preformatted, SafeHtml, text } from '../../src/reporting/safe-html.js';

describe('SafeHtml', () => {
  it('is made only by its builders: a forged key is refused', () => {
    const Forged = SafeHtml as unknown as new (key: symbol, html: string) => SafeHtml;
    expect(() => new Forged(Symbol('SafeHtml builder'), '<img src=x>')).toThrow(/only by src\/reporting/);
  });

  it('writes text as one line, with every character that could open a tag or form Markdown escaped', () => {
    expect(text('a\n\n## b [c](d) ![](e)\u2028f\u200bg').toString()).toBe(
      'a &#35;&#35; b &#91;c&#93;&#40;d&#41; &#33;&#91;&#93;&#40;e&#41; f g',
    );
    expect(element('td', ['<b>', text('x')]).toString()).toBe('<td>&#60;b&#62;x</td>');
  });

  it('links only https: (or loopback http:) URLs, and shows the URL it links to', () => {
    expect(link('https://foundryvtt.com/packages/x/').toString()).toBe(
      '<a href="https://foundryvtt.com/packages/x/">https&#58;//foundryvtt.com/packages/x/</a>',
    );
    expect(link('javascript:alert(1)').toString()).not.toContain('<a');
    expect(link('https://x/\n\n# h').toString()).not.toContain('<a');
  });

  it('keeps preformatted lines and their indentation, never a blank line', () => {
    expect(preformatted(['{', '  "a": 1', '', '}'], 'json').toString()).toBe(
      '<pre lang="json">&#123;\n  &#34;a&#34;&#58; 1\n&#32;\n&#125;</pre>',
    );
  });
});
