/** Renders the job summary's HTML as plain text for a terminal. */
export function summaryAsText(html: string): string {
  return html
    .replace(/<h2>(.*?)<\/h2>/g, '\n== $1 ==\n')
    .replace(/<\/tr>/g, '\n')
    .replace(/<\/t[dh]><t[dh]>/g, ' | ')
    .replace(/<li>/g, '\n - ')
    .replace(/<summary>(.*?)<\/summary>/g, '\n$1:\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
