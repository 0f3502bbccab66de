import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';

/**
 * One request straight through Node's http or https module, for the runs without a proxy (nearly all):
 * `@actions/http-client` loads `tunnel`, http, https and tls for every request, proxy or not, about 6 ms of
 * a run's start on Node 24 (README, Performance). The proxied path (proxied-request.ts) keeps it.
 *
 * What `HttpClient.request()` did for us is kept, line for line where it matters: a string body gets its
 * Content-Length, a stream body is piped, header names are sent lower-case with our user agent, a silence
 * longer than `timeoutMs` ends the request with "Request timeout", redirects (only when asked) stop at
 * 10, never go from https: to http:, and drop `authorization` on a change of host.
 */
export interface NodeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Readable;
  timeoutMs: number;
  followRedirects: boolean;
  signal?: AbortSignal;
}

const MAX_REDIRECTS = 10;
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

// Loaded with the first request to each scheme: a run against plain-http simulations never loads tls.
const require = createRequire(import.meta.url);
const httpModule = (protocol: string): typeof import('node:http') =>
  protocol === 'https:' ? require('node:https') : require('node:http');

export async function sendWithNode(request: NodeRequest): Promise<IncomingMessage> {
  let url = new URL(request.url);
  const headers = lowerCaseKeys(request.headers);
  for (let redirects = 0; ; redirects++) {
    const message = await exchange(request, url, headers);
    const location = message.headers.location;
    if (
      !request.followRedirects ||
      !REDIRECT_CODES.has(message.statusCode ?? 0) ||
      !location ||
      redirects >= MAX_REDIRECTS
    ) {
      return message;
    }
    const next = new URL(location, url);
    if (url.protocol === 'https:' && next.protocol !== 'https:') {
      message.destroy();
      throw new Error('Redirect from HTTPS to HTTP protocol. This downgrade is not allowed.');
    }
    // Read to the end, so the socket closes before the next request is made.
    message.resume();
    if (next.hostname !== url.hostname) delete headers.authorization;
    url = next;
  }
}

function exchange(request: NodeRequest, url: URL, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const body = request.body;
    const sent = { ...headers };
    if (typeof body === 'string') sent['content-length'] = String(Buffer.byteLength(body, 'utf8'));
    let answered = false;
    // Throws at once for a header value Node refuses (ERR_INVALID_CHAR): the caller reports it as such.
    const outgoing = httpModule(url.protocol).request(
      url,
      { method: request.method, headers: sent, agent: false, signal: request.signal },
      (message) => {
        answered = true;
        resolve(message);
      },
    );
    // Until the headers arrive; past them the caller times the body's silences itself.
    outgoing.setTimeout(request.timeoutMs, () => {
      if (answered) return;
      outgoing.destroy();
      reject(new Error(`Request timeout: ${url.pathname}`));
    });
    outgoing.on('error', reject);
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
