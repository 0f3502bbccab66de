import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { urlToHttpOptions } from 'node:url';

/**
 * One request straight through Node's http or https module, for the runs without a proxy (nearly all):
 * `@actions/http-client` loads `tunnel`, http, https and tls for every request, proxy or not, about 6 ms of
 * a run's start on Node 24 (README, Performance). The proxied path (proxied-request.ts) keeps it for one
 * exchange at a time; the redirects of both are followed here (followingRedirects).
 *
 * What `HttpClient.request()` did for us is kept, line for line where it matters: a string body gets its
 * Content-Length, a stream body is piped, header names are sent lower-case with our user agent, a silence
 * longer than `timeoutMs` ends the request with "Request timeout", redirects (only when asked) stop at
 * 10, never go from https: to http:, drop `authorization` on a change of host, and are routed again (proxy
 * or not) hop by hop.
 */
export interface NodeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Readable;
  timeoutMs: number;
  /** Redirects this request may still follow; 0 returns a redirect as it is (the default for requests). */
  redirectsLeft: number;
  signal?: AbortSignal;
}

/** At most this many redirects in a row, as @actions/http-client was set up to follow. */
export const MAX_REDIRECTS = 10;
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

/** A redirect whose Location cannot be followed: not a URL, not http(s), or from https: down to http:. */
export class UnusableRedirect extends Error {
  /** A step from https: down to plain http:, which is reported as a wrong URL. */
  readonly downgrade: boolean;

  constructor(
    readonly location: string,
    reason: string,
    { downgrade = false } = {},
  ) {
    super(reason);
    this.name = 'UnusableRedirect';
    this.downgrade = downgrade;
  }
}

// Loaded with the first request to each scheme: a run against plain-http simulations never loads tls.
const require = createRequire(import.meta.url);
const httpModule = (protocol: string): typeof import('node:http') =>
  protocol === 'https:' ? require('node:https') : require('node:http');

/** One request's exchange, without following its answer: straight through Node, or through a proxy. */
export type Exchange = (
  request: NodeRequest,
  url: URL,
  headers: Record<string, string>,
) => Promise<IncomingMessage>;

/** Sends one request straight through Node's http or https module; see followingRedirects for the rest. */
export function sendWithNode(
  request: NodeRequest,
  send: (next: NodeRequest) => Promise<IncomingMessage>,
): Promise<IncomingMessage> {
  return followingRedirects(request, exchange, send);
}

/**
 * Sends one request with `exchange`; a redirect it may follow goes to `send` as a new request, so the
 * caller decides for every hop again whether it goes through a proxy (as http-client did). Both paths
 * follow redirects here, alike: relative ones too, the followed answer's socket freed at once.
 */
export async function followingRedirects(
  request: NodeRequest,
  exchange: Exchange,
  send: (next: NodeRequest) => Promise<IncomingMessage>,
): Promise<IncomingMessage> {
  const url = new URL(request.url);
  const headers = lowerCaseKeys(request.headers);
  const message = await exchange(request, url, headers);
  const location = message.headers.location;
  if (request.redirectsLeft <= 0 || !REDIRECT_CODES.has(message.statusCode ?? 0) || !location) return message;
  // Not read: with no connection reuse, ending it now is what frees its socket, whatever its body does.
  message.destroy();
  const next = followable(url, location);
  // The next host gets no credential meant for this one.
  if (next.hostname !== url.hostname) delete headers.authorization;
  return send({
    ...request,
    url: next.href,
    headers,
    body: undefined,
    redirectsLeft: request.redirectsLeft - 1,
  });
}

function followable(from: URL, location: string): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new UnusableRedirect(location, 'its Location is not a URL');
  }
  if (next.protocol !== 'https:' && next.protocol !== 'http:') {
    throw new UnusableRedirect(location, `its Location is a ${next.protocol} URL, not http(s)`);
  }
  if (from.protocol === 'https:' && next.protocol === 'http:') {
    throw new UnusableRedirect(
      location,
      'Redirect from HTTPS to HTTP protocol. This downgrade is not allowed.',
      {
        downgrade: true,
      },
    );
  }
  return next;
}

function exchange(request: NodeRequest, url: URL, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const body = request.body;
    const sent = { ...headers };
    if (typeof body === 'string') sent['content-length'] = String(Buffer.byteLength(body, 'utf8'));
    // As http-client did: host, port and path from the URL, never a user:password@ part (no Basic auth
    // sent by accident, in clear text on http:).
    const { auth: _credentials, ...target } = urlToHttpOptions(url);
    let answered = false;
    const fail = (error: Error) => {
      if (body && typeof body !== 'string') body.destroy();
      reject(error);
    };
    // Throws at once for a header value Node refuses (ERR_INVALID_CHAR): the caller reports it as such.
    // `timeout` is armed before the connection is made; the 'timeout' listener below ends the request until
    // the answer's headers are in (past them, the caller times the body's silences).
    const outgoing = httpModule(url.protocol).request(
      {
        ...target,
        method: request.method,
        headers: sent,
        agent: false,
        signal: request.signal,
        timeout: request.timeoutMs,
      },
      (message) => {
        answered = true;
        resolve(message);
      },
    );
    outgoing.on('timeout', () => {
      if (answered) return;
      outgoing.destroy();
      fail(new Error(`Request timeout: ${url.pathname}`));
    });
    outgoing.on('error', fail);
    if (typeof body === 'string') outgoing.end(body, 'utf8');
    else if (body) {
      body.on('error', (error) => outgoing.destroy(error));
      body.pipe(outgoing);
    } else outgoing.end();
  });
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return lower;
}
