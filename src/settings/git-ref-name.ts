/**
 * Whether `tag` can be the name of a git tag (`refs/tags/<tag>`), by the rules of `git check-ref-format`:
 * no component starts with `.` or ends with `.lock`; no `..`, `@{`, `//`, nor ASCII control character,
 * space, `~`, `^`, `:`, `?`, `*`, `[` or `\`; it neither starts nor ends with `/`, nor ends with `.`, and is
 * not empty. On top of git's rules, no Unicode control, format or separator character (U+2028, U+200B…):
 * a tag is shown in URLs, outputs and the summary, where such a character hides or breaks a line.
 */
export function isTagName(tag: string): boolean {
  if (tag === '') return false;
  if (/[\p{C}\p{Z}~^:?*[\\]/u.test(tag)) return false;
  if (tag.includes('..') || tag.includes('@{') || tag.includes('//')) return false;
  if (tag.startsWith('/') || tag.endsWith('/') || tag.endsWith('.')) return false;
  return tag.split('/').every((part) => !part.startsWith('.') && !part.endsWith('.lock'));
}
