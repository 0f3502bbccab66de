import { ActionError } from '../problems/problem.js';
import { untrusted } from '../problems/untrusted-text.js';

/**
 * SPEC §1: a URL that carries a secret must be https:, except loopback hosts, so that tests and
 * self-hosted mirrors on this machine can use plain http.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Why `raw` may not be used as a secure URL, or undefined when it may. */
export function secureUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === 'http:')
    return 'must use https: (plain http: is only allowed for 127.0.0.1 and localhost)';
  return `must be an https: URL, not ${url.protocol}`;
}

/**
 * Whether an input names a URL rather than a path: `scheme://…`. A Windows runner path such as
 * `D:\a\_temp\world.zip` has a drive letter and a colon, but no `//`.
 */
export function isUrl(raw: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
}

/** The origin of `url`, or undefined when it is not an absolute URL (an odd answer from a server). */
export function originOf(url: string): string | undefined {
  return URL.canParse(url) ? new URL(url).origin : undefined;
}

/**
 * Where a redirect leads: `location` resolved against `from`. A Location no URL parser reads, or a step down
 * from https: to plain http:, is the server's fault and said as such, never "a bug" (SPEC §6b).
 */
export function redirectTarget(from: string, location: string): string {
  if (!URL.canParse(location, from)) {
    throw new ActionError(
      `${untrusted(from)} redirected to '${untrusted(location, 100)}', which is not a URL. Check the server's storage setup, or re-run the job.`,
    );
  }
  const to = new URL(location, from);
  if (new URL(from).protocol === 'https:' && to.protocol !== 'https:') {
    throw new ActionError(
      `${untrusted(from)} redirected from https: to plain http:, which is refused. Check the server's storage setup.`,
    );
  }
  return to.toString();
}
