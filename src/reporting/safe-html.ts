import { secureUrlProblem } from '../network/url-policy.js';

/**
 * HTML for the job summary that can hold no Markdown and no line break of anyone else's (SPEC §6b). GitHub
 * renders the summary as Markdown: a blank line would end our HTML block and turn the text after it into
 * headings, links and images. Only this module makes a SafeHtml: text() escapes, the element builders
 * below put our own tags around SafeHtml, and nothing else can construct one.
 */
export class SafeHtml {
  readonly #html: string;

  /** Callable only with this module's key, which it never exports. */
  constructor(key: typeof BUILDER_KEY, html: string) {
    if (key !== BUILDER_KEY) throw new Error('A SafeHtml is made only by src/reporting/safe-html.ts');
    this.#html = html;
  }

  toString(): string {
    return this.#html;
  }
}

const BUILDER_KEY: unique symbol = Symbol('SafeHtml builder');
const trusted = (html: string) => new SafeHtml(BUILDER_KEY, html);

/** Control, format and separator characters other than the plain space: line breaks, U+200B, U+202E… */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}]/gu;
/**
 * Every ASCII character but letters, digits, space and `,.-/` is written as a character reference, so that
 * no text can open a tag or an attribute, nor form Markdown (`#`, `[`, `!`, `*`, `_`, a `:` of an autolink)
 * even if it stood outside an HTML block: CommonMark never reads a character reference as structure.
 */
const ASCII_TO_ESCAPE = /[^A-Za-z0-9 ,./\-\u0080-\uffff]/g;

/** Text from anywhere, as one escaped line. */
export function text(value: string): SafeHtml {
  return trusted(escapeLine(value));
}

function escapeLine(value: string): string {
  return escapeAscii(value.replace(NOT_PRINTABLE, ' ').replace(/ {2,}/g, ' '));
}

function escapeAscii(value: string): string {
  return value.replace(ASCII_TO_ESCAPE, (c) => `&#${c.charCodeAt(0)};`);
}

type Content = SafeHtml | string | readonly (SafeHtml | string)[];

function inner(content: Content): string {
  const parts = Array.isArray(content) ? content : [content];
  return parts.map((part) => (part instanceof SafeHtml ? part.toString() : escapeLine(part))).join('');
}

/** The tags the summary uses; none of them takes an attribute from outside. */
type Tag =
  | 'h2'
  | 'p'
  | 'span'
  | 'strong'
  | 'code'
  | 'ul'
  | 'li'
  | 'table'
  | 'tr'
  | 'th'
  | 'td'
  | 'details'
  | 'summary';

/** `<tag>content</tag>`; strings among the content are escaped as text. */
export function element(tag: Tag, content: Content = []): SafeHtml {
  return trusted(`<${tag}>${inner(content)}</${tag}>`);
}

/**
 * A link to a URL we checked is https: (or loopback http:); anything else is shown as text, not linked.
 * The URL is shown as text too, so what the link says is where it goes.
 */
export function link(url: string): SafeHtml {
  const shown = escapeLine(url);
  if (secureUrlProblem(url) !== undefined || /[\s\p{C}]/u.test(url)) return trusted(shown);
  return trusted(`<a href="${escapeAttribute(url)}">${shown}</a>`);
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Preformatted lines (the payload's JSON): each line escaped as text, joined by line breaks of our own,
 * never a blank one (which would end the HTML block).
 */
export function preformatted(lines: readonly string[], lang: 'json'): SafeHtml {
  // Indentation kept; anything that could break the line becomes a space; a blank line gets a visible one.
  const body = lines
    .map((line) => line.replace(NOT_PRINTABLE, ' '))
    .map((line) => (line.trim() === '' ? '&#32;' : escapeAscii(line)))
    .join('\n');
  return trusted(`<pre lang="${lang}">${body}</pre>`);
}

/** Blocks one per line: the summary's line breaks are only these. */
export function blocks(parts: readonly SafeHtml[]): SafeHtml {
  return trusted(parts.map((part) => part.toString()).join('\n'));
}
