import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/**
 * The job summary as GitHub shows it: the file is GitHub Flavored Markdown (raw HTML allowed), rendered
 * here by micromark with its GFM extension, a CommonMark- and GFM-conformant parser.
 */
export function renderedSummary(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
  });
}

/** Our own headings; any other heading in the rendered summary was written by someone else. */
const OWN_HEADINGS = new Set(['Foundry VTT release', 'Forge demo world', 'Warnings', 'Errors']);

/**
 * What a hostile value could make of the summary once it is rendered: headings we did not write, links to
 * anywhere but `allowedLinkPrefixes` (our own manifest, notes and page links), and images of any kind.
 */
export function injectedMarkup(markdown: string, allowedLinkPrefixes: readonly string[]): string[] {
  const html = renderedSummary(markdown);
  const found: string[] = [];
  for (const [, , text = ''] of html.matchAll(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/g)) {
    if (!OWN_HEADINGS.has(text)) found.push(`heading: ${text}`);
  }
  for (const [, href = ''] of html.matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
    if (!allowedLinkPrefixes.some((prefix) => href.startsWith(prefix))) found.push(`link: ${href}`);
  }
  for (const [tag] of html.matchAll(/<img\b[^>]*>/g)) found.push(`image: ${tag}`);
  return found;
}

/** The summary's text as a reader sees it: tags dropped (each ends a piece with a space), references decoded. */
export function summaryText(markdown: string): string {
  return renderedSummary(markdown)
    .replace(/<\/?(h2|p|li|tr|td|th|table|ul|details|summary|pre)\b[^>]*>/g, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(
      /&(lt|gt|quot|amp);/g,
      (_, name: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[name] ?? '',
    )
    .replace(/\s+/g, ' ');
}
