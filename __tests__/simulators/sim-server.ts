import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { finished } from 'node:stream/promises';

/** A request as a simulation received it, for tests to assert on. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Query string included. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, when there was one. */
  json?: unknown;
  /** Set by routes that read the body themselves (multipart). */
  upload?: { fields: Record<string, string>; file?: { name: string; size: number; sha256: string } };
  receivedAt: number;
}

/**
 * A scripted answer that replaces the normal one for the next matching request:
 * - `status`: answer with this status, body and headers;
 * - `reset`: destroy the connection without answering;
 * - `hang`: never answer (the socket is closed when the simulation stops);
 * - `lose-response`: handle the request normally (state changes!), then drop the connection, as
 *   when a proxy loses the answer; with `answer`, send that instead (a proxy's 504 after the backend finished);
 * - `stall-body` / `cut-body`: send 200 headers and half a JSON body, then go silent / drop the connection;
 * - `pass`: answer as usual (queued before another fault, it aims that fault at a later request);
 * - `drip`: answer 200 with a body that never ends, 1 KiB every `everyMs` (never silent for long), until
 *   the client hangs up; `served` counts the bytes sent.
 *
 * `status`, `stall-body` and `cut-body` answer once the request body is in, as a proxy that buffers uploads
 * does; answering mid-upload would make the client's failure an EPIPE or the answer, by timing.
 */
export type Fault =
  | { kind: 'status'; status: number; body?: string | object; headers?: Record<string, string> }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'lose-response'; answer?: { status: number; body?: string } }
  | { kind: 'stall-body' }
  | { kind: 'cut-body' }
  | { kind: 'pass' }
  | { kind: 'drip'; everyMs: number; served?: number };

export interface RouteContext {
  request: IncomingMessage;
  response: ServerResponse;
  recorded: RecordedRequest;
  url: URL;
  /** The JSON body (routes that need the raw stream set `rawBody` on the route). */
  json: unknown;
}

export type Route = {
  method: string;
  /** Matched against the path; capture groups are handed to the handler. */
  pattern: RegExp;
  rawBody?: boolean;
  handle(context: RouteContext, ...params: string[]): void | Promise<void>;
};

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** An HTTP server on 127.0.0.1 with a free port that records requests and plays scripted faults. */
export class SimServer {
  readonly requests: RecordedRequest[] = [];
  readonly #faults: { method: string; path: string | RegExp; fault: Fault }[] = [];
  readonly #sockets = new Set<Socket>();
  readonly #server: http.Server;
  #routes: Route[] = [];
  #url = '';
  /**
   * Added before every answer (faults included), as a network round trip would: `npm run bench` counts the
   * round trips a run waits for one after another from how much longer it takes with this set.
   */
  answerDelayMs = 0;

  constructor(
    readonly name: string,
    private readonly hostname = '127.0.0.1',
  ) {
    this.#server = http.createServer((req, res) => void this.#dispatch(req, res));
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  setRoutes(routes: Route[]): void {
    this.#routes = routes;
  }

  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  get url(): string {
    return this.#url;
  }

  /** Listens on `port` (0: a free one). */
  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(port, '127.0.0.1', resolve));
    const { port: bound } = this.#server.address() as AddressInfo;
    this.#url = `http://${this.hostname}:${bound}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Queues faults for the next requests to `method path`, in order; each is used once. */
  fail(method: string, path: string | RegExp, ...faults: Fault[]): void {
    for (const fault of faults) this.#faults.push({ method, path, fault });
  }

  /** Requests to one route, e.g. received('POST', '/api/game/idle'). */
  received(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && matches(path, r.path));
  }

  async #dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sim');
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      url: `${url.pathname}${url.search}`,
      headers: request.headers,
      receivedAt: Date.now(),
    };
    this.requests.push(recorded);
    if (this.answerDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.answerDelayMs));
    const route = this.#routes.find((r) => r.method === recorded.method && r.pattern.test(url.pathname));
    let json: unknown;
    if (!route?.rawBody) {
      const text = await readText(request);
      if (text !== '') {
        try {
          json = JSON.parse(text);
        } catch {
          json = text;
        }
        recorded.json = json;
      }
    }

    const faultIndex = this.#faults.findIndex(
      (f) => f.method === recorded.method && matches(f.path, url.pathname),
    );
    const fault = faultIndex >= 0 ? this.#faults.splice(faultIndex, 1)[0]?.fault : undefined;
    if (fault?.kind === 'reset') {
      request.resume();
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      request.resume();
      return;
    }
    if (fault?.kind === 'stall-body' || fault?.kind === 'cut-body') {
      await drained(request);
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      response.write('{"status": "succ');
      if (fault.kind === 'cut-body') setTimeout(() => request.socket.destroy(), 50);
      return;
    }
    if (fault?.kind === 'drip') {
      await drained(request);
      response.writeHead(200, { 'Content-Type': 'application/zip' });
      const chunk = Buffer.alloc(1024, 7);
      fault.served = 0;
      const timer = setInterval(() => {
        response.write(chunk);
        fault.served = (fault.served ?? 0) + chunk.length;
      }, fault.everyMs);
      response.on('close', () => clearInterval(timer));
      return;
    }
    if (fault?.kind === 'status') {
      await drained(request);
      const body =
        typeof fault.body === 'string'
          ? fault.body
          : fault.body === undefined
            ? ''
            : JSON.stringify(fault.body);
      const type = typeof fault.body === 'object' ? { 'Content-Type': 'application/json' } : {};
      response.writeHead(fault.status, { ...type, ...fault.headers });
      response.end(body);
      return;
    }
    if (fault?.kind === 'lose-response') {
      // Let the route change state, but swallow what it writes and cut the connection (or answer otherwise).
      const { writeHead, end } = response;
      const { answer } = fault;
      response.writeHead = (() => response) as typeof response.writeHead;
      response.end = (() => {
        if (!answer) request.socket.destroy();
        else {
          writeHead.call(response, answer.status, { 'Content-Type': 'text/html' });
          end.call(response, answer.body ?? '', 'utf8');
        }
        return response;
      }) as typeof response.end;
    }

    if (!route) {
      sendJson(response, 404, {
        message: `${this.name} simulation has no route ${recorded.method} ${url.pathname}`,
      });
      return;
    }
    const params =
      route.pattern
        .exec(url.pathname)
        ?.slice(1)
        .map((p) => decodeURIComponent(p)) ?? [];
    try {
      await route.handle({ request, response, recorded, url, json }, ...params);
    } catch (error) {
      sendJson(response, 500, { message: `${this.name} simulation failed: ${(error as Error).message}` });
    }
  }
}

function matches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === 'string' ? pattern === path : pattern.test(path);
}

/** Reads and discards what is left of the request body; a client that gives up is not an error here. */
async function drained(request: IncomingMessage): Promise<void> {
  if (request.readableEnded) return;
  await finished(request.resume()).catch(() => undefined);
}

function readText(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
