import { ActionError } from '../problems/problem.js';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { constants, createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { untrusted } from '../problems/untrusted-text.js';
import { abortedBecause, eitherSignal, throwIfAborted } from '../problems/cancel.js';
import { getProxyUrl } from '@actions/http-client/lib/proxy';
import {
  followingRedirects,
  MAX_REDIRECTS,
  sendWithNode,
  UnusableRedirect,
  type NodeRequest,
} from './node-request.js';
import { Transform } from 'node:stream';
import { open } from './files.js';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An answer whose body is kept as bytes (zip ranges), not decoded as text. */
export interface HttpBytesResponse {
  status: number;
  headers: IncomingHttpHeaders;
  bytes: Buffer;
}

/** A request that got no HTTP answer: the connection failed, was reset, or stayed silent too long. */
export class TransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: string | Readable;
  /**
   * Off by default: our credentials travel in headers (the Forge's Access-Key) that a redirect would carry to
   * any host it names; only `authorization` is dropped on a change of host. Only credential-free requests
   * follow redirects.
   */
  followRedirects?: boolean;
  /** Bytes of the answer's body read at the most; more ends the request with BodyTooLargeError. */
  maxBodyBytes?: number;
  /** Overrides request-timeout for this request's silences (the Forge unpacks an upload before answering). */
  timeoutMs?: number;
  /** Ends this request early, beside the transport's own signal: a download's total deadline. */
  signal?: AbortSignal;
}

/** What a download may take at the most; see downloadToTemp. */
export interface DownloadLimits {
  maxBytes: number;
  signal?: AbortSignal;
}

/**
 * A body that keeps arriving, a byte at a time, never trips the silence timeout: an answer (past its headers)
 * must be in within this many times request-timeout in all, or it counts as a network failure (retried within
 * max-retry-wait, so a data call first checks whether it did its work). Downloads have a deadline of their own.
 */
export const ANSWER_DEADLINE_FACTOR = 4;

/** JSON answers of the three APIs are a few KiB; anything near this is not the answer we asked for. */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** An answer larger than the caller can use; the request was cut off at the cap, not read whole. */
export class BodyTooLargeError extends ActionError {
  constructor(
    readonly url: string,
    readonly maxBytes: number,
    /** The answer's status: a 200 to a Range request means the host sent the whole file instead. */
    readonly status: number,
  ) {
    super(
      `${untrusted(url)} answered with more than ${formatBytes(maxBytes)}, which is not the answer expected; check the URL.`,
    );
    this.name = 'BodyTooLargeError';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${(bytes / 1048576).toFixed(1).replace(/\.0$/, '')} MiB`;
}

const USER_AGENT = 'fvtt-release-action';

/**
 * The one HTTP layer of the action: Node's http/https (node-request.ts), or @actions/http-client when the
 * runner's proxy settings name a proxy for the URL, with a silence timeout on every request, and errors
 * turned into TransportError.
 */
export class HttpTransport {
  /**
   * `signal` is the run's cancel (SIGINT/SIGTERM from the runner): it ends the request in flight at once,
   * and every later request fails before it is sent, with RunCancelled (never retried).
   */
  constructor(
    readonly timeoutMs: number,
    readonly signal?: AbortSignal,
  ) {}

  async request(method: string, url: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const { status, headers, bytes } = await this.requestBytes(method, url, options);
    return { status, headers, body: bytes.toString('utf8') };
  }

  async requestBytes(method: string, url: string, options: RequestOptions = {}): Promise<HttpBytesResponse> {
    const response = await this.#open(method, url, options);
    endDrippingAnswer(response.message, options.timeoutMs ?? this.timeoutMs);
    // Read here, capped, and ended as transport trouble when the connection breaks mid-body.
    const bytes = await readCapped(
      response.message,
      options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      url,
      this.#signalFor(options),
    );
    return { status: response.message.statusCode ?? 0, headers: response.message.headers, bytes };
  }

  /**
   * GETs `url` (following redirects; send no credentials) and streams a 200 answer into `file`, so a large
   * body never sits in memory; more than `limits.maxBytes` ends it with BodyTooLargeError, and
   * `limits.signal` (a deadline) ends it whenever it fires. Any other answer is read and returned for the
   * caller to judge.
   */
  async download(url: string, file: string, limits: DownloadLimits): Promise<HttpResponse> {
    const options = { followRedirects: true, signal: limits.signal };
    const signal = this.#signalFor(options);
    const response = await this.#open('GET', url, options);
    const { message } = response;
    const status = message.statusCode ?? 0;
    if (status !== 200) {
      const body = (await readCapped(message, DEFAULT_MAX_BODY_BYTES, url, signal)).toString('utf8');
      return { status, headers: message.headers, body };
    }
    if (Number(message.headers['content-length']) > limits.maxBytes) {
      message.destroy();
      throw new BodyTooLargeError(url, limits.maxBytes, status);
    }
    let size = 0;
    const capped = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > limits.maxBytes) done(new BodyTooLargeError(url, limits.maxBytes, status));
        else done(null, chunk);
      },
    });
    // The file downloadToTemp created (O_EXCL): opened again without following a symlink put in its place.
    const flags = constants.O_WRONLY | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);
    await brokenOffAsTransportError(async () => {
      const fd = await open(file, flags);
      await pipeline(message, capped, createWriteStream(file, { fd }));
    }, signal);
    return { status, headers: message.headers, body: '' };
  }

  /** The transport's cancel and the request's own signal (a deadline), as one. */
  #signalFor(options: RequestOptions): AbortSignal | undefined {
    return eitherSignal(this.signal, options.signal);
  }

  async #open(method: string, url: string, options: RequestOptions): Promise<{ message: IncomingMessage }> {
    const signal = this.#signalFor(options);
    throwIfAborted(signal);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const request: NodeRequest = {
      method,
      url,
      headers: { ...options.headers, 'user-agent': USER_AGENT },
      body: options.body,
      timeoutMs,
      redirectsLeft: options.followRedirects ? MAX_REDIRECTS : 0,
      signal,
    };
    let message: IncomingMessage;
    try {
      message = await send(request);
    } catch (error) {
      if (signal?.aborted) throw abortedBecause(signal);
      throw toTransportError(error, url, timeoutMs);
    }
    // The request's timeout only guards the wait for the headers; a body that stops arriving would hang
    // the run. The socket's idle timeout resets on every chunk, so only silence trips it.
    message.setTimeout(this.timeoutMs, () =>
      message.destroy(
        new TransportError(`the answer stopped arriving for ${this.timeoutMs / 1000} s (request-timeout)`),
      ),
    );
    // The request's signal only guards the wait for the headers; past them, a cancel ends the body too.
    if (signal) {
      const stop = () => message.destroy(abortedBecause(signal));
      signal.addEventListener('abort', stop, { once: true });
      message.once('close', () => signal.removeEventListener('abort', stop));
    }
    return { message };
  }
}

/** SPEC §6b: ANSWER_DEADLINE_FACTOR × the request's timeout for the whole body, however it trickles in. */
function endDrippingAnswer(message: IncomingMessage, timeoutMs: number): void {
  const totalMs = ANSWER_DEADLINE_FACTOR * timeoutMs;
  const timer = setTimeout(
    () =>
      message.destroy(
        new TransportError(
          `the answer kept trickling in for ${totalMs / 1000} s (${ANSWER_DEADLINE_FACTOR} × request-timeout)`,
        ),
      ),
    totalMs,
  );
  timer.unref();
  message.once('close', () => clearTimeout(timer));
}

/**
 * One request, and each redirect it follows, through the runner's proxy when its settings name one for that
 * URL (http-client and tunnel, loaded then), or else straight through Node's http/https.
 */
async function send(request: NodeRequest): Promise<IncomingMessage> {
  if (!viaProxy(request.url)) return sendWithNode(request, send);
  const { exchangeThroughProxy } = await import('./proxied-request.js');
  return followingRedirects(request, exchangeThroughProxy(USER_AGENT), send);
}

/** Whether the runner's proxy settings send this URL through a proxy, as @actions/http-client decides it. */
function viaProxy(url: string): boolean {
  try {
    return Boolean(getProxyUrl(new URL(url))?.hostname);
  } catch {
    // An unreadable URL fails in the request itself, with Node's own error.
    return false;
  }
}

/** Reads a body up to `maxBytes`, refusing at once when Content-Length already says it is larger. */
async function readCapped(
  message: IncomingMessage,
  maxBytes: number,
  url: string,
  signal: AbortSignal | undefined,
): Promise<Buffer> {
  const status = message.statusCode ?? 0;
  if (Number(message.headers['content-length']) > maxBytes) {
    message.destroy();
    throw new BodyTooLargeError(url, maxBytes, status);
  }
  return brokenOffAsTransportError(async () => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of message as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        message.destroy();
        throw new BodyTooLargeError(url, maxBytes, status);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }, signal);
}

/**
 * A body that breaks off mid-way (reset, aborted) is transport trouble like any other; one ended by a
 * cancel or a deadline says so instead.
 */
async function brokenOffAsTransportError<T>(
  read: () => Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (signal?.aborted) throw abortedBecause(signal);
    if (error instanceof TransportError || error instanceof ActionError) throw error;
    throw new TransportError(`the answer broke off (${(error as Error).message})`);
  }
}

function toTransportError(error: unknown, url: string, timeoutMs: number): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/timeout/i.test(message)) {
    return new TransportError(`no answer within ${timeoutMs / 1000} s (request-timeout)`);
  }
  if (error instanceof UnusableRedirect) {
    // A redirect from an https: URL to plain http: is a wrong URL, not a passing fault.
    if (error.downgrade) {
      return new ActionError(
        `${url} redirected from https: to plain http:, which is refused. Use a URL that stays on https:.`,
      );
    }
    return new ActionError(
      `${untrusted(url)} redirected to ${untrusted(error.location)}, which cannot be followed: ${error.message}. The server's redirect is wrong; use a URL that answers directly.`,
    );
  }
  const code = (error as { code?: unknown }).code;
  // Node refused to send the request (ERR_INVALID_CHAR: a header value with a character HTTP forbids,
  // ERR_INVALID_URL…): the same request fails the same way every time, so it is never a passing fault.
  if (typeof code === 'string' && code.startsWith('ERR_INVALID_')) {
    return new ActionError(
      `The request to ${hostOf(url)} could not be sent: Node refused it (${code}: ${untrusted(message)}). This is not a network fault and was not retried: check the inputs and secrets for a stray character.`,
    );
  }
  if (typeof code === 'string') return new TransportError(`network error ${code}`);
  return new TransportError(`network error: ${message}`);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

/** A short, single-line view of a response body for error messages: tags dropped, made safe to log. */
export function bodyExcerpt(body: string, max = 200): string {
  const text = untrusted(body.replace(/<[^>]*>/g, ' '), max);
  return text === '' ? '(empty body)' : text;
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
