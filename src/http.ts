import { HttpClient } from '@actions/http-client';
import { ActionError } from './action-error.js';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request that got no HTTP answer: the connection failed, was reset, or stayed silent too long. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'timeout' | 'network',
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: string | Readable;
  /**
   * Off by default: our credentials travel in headers (Access-Key) that http-client would carry to any
   * host a redirect names. Only credential-free requests follow redirects.
   */
  followRedirects?: boolean;
}

const USER_AGENT = 'fvtt-release-action';

/**
 * The one HTTP layer of the action: @actions/http-client (which honours the runner's proxy settings)
 * with a silence timeout on every request, and errors turned into TransportError.
 */
export class HttpTransport {
  constructor(readonly timeoutMs: number) {}

  async request(method: string, url: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const response = await this.open(method, url, options);
    const body = await response.readBody();
    return { status: response.message.statusCode ?? 0, headers: response.message.headers, body };
  }

  /** Like request, but hands back the unread response so a large body can be streamed. */
  async open(method: string, url: string, options: RequestOptions = {}) {
    const client = new HttpClient(USER_AGENT, [], {
      allowRedirects: options.followRedirects ?? false,
      maxRedirects: 10,
      allowRetries: false,
      keepAlive: false,
      socketTimeout: this.timeoutMs,
    });
    try {
      return await client.request(method, url, options.body ?? null, options.headers ?? {});
    } catch (error) {
      throw toTransportError(error, url, this.timeoutMs);
    }
  }
}

function toTransportError(error: unknown, url: string, timeoutMs: number): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/timeout/i.test(message)) {
    return new TransportError('timeout', `no answer within ${timeoutMs / 1000} s (request-timeout)`);
  }
  // http-client refuses to follow an https: URL to plain http:; that is a wrong URL, not a passing fault.
  if (/downgrade/i.test(message)) {
    return new ActionError(
      `${url} redirected from https: to plain http:, which is refused. Use a URL that stays on https:.`,
    );
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return new TransportError('network', `network error ${code}`);
  return new TransportError('network', `network error: ${message}`);
}

/** A short, single-line view of a response body for error messages. */
export function bodyExcerpt(body: string, max = 200): string {
  const text = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return '(empty body)';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
