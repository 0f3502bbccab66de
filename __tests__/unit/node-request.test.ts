import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { selfSignedCertificate } from '../fixtures/self-signed.js';
import {
  MAX_REDIRECTS,
  sendWithNode,
  UnusableRedirect,
  type NodeRequest,
} from '../../src/network/node-request.js';

/**
 * The direct request (no proxy) keeps what `@actions/http-client` did for the action: these pin each part
 * against a real local server.
 */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
/** The same server under another host name, as a redirect to another host looks. */
let otherHost: string;
const seen: Seen[] = [];
const trickling: ServerResponse[] = [];

function route(request: IncomingMessage, response: ServerResponse, body: string) {
  seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
  const url = new URL(request.url ?? '/', base);
  if (url.pathname === '/hop') {
    const left = Number(url.searchParams.get('n'));
    response.writeHead(302, { location: left > 0 ? `/hop?n=${left - 1}` : '/end' }).end('moved');
  } else if (url.pathname === '/to-other-host') {
    response.writeHead(307, { location: `${otherHost}/end` }).end();
  } else if (url.pathname === '/trickling-redirect') {
    // A redirect whose body never ends: following it must still free this connection.
    response.writeHead(302, { location: '/end' });
    response.write('.');
    trickling.push(response);
  } else if (url.pathname === '/to-ftp') {
    response.writeHead(302, { location: 'ftp://example.com/module.zip' }).end();
  } else if (url.pathname === '/to-nowhere') {
    response.writeHead(302, { location: 'http://exa mple.com:99999/' }).end();
  } else if (url.pathname === '/silent') {
    // Never answers: the request's timeout must end it.
  } else {
    response.writeHead(200, { 'content-type': 'text/plain' }).end(`at ${url.pathname}`);
  }
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => route(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  otherHost = `http://localhost:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const request = (overrides: Partial<NodeRequest>): NodeRequest => ({
  method: 'GET',
  url: `${base}/`,
  headers: {},
  timeoutMs: 5_000,
  redirectsLeft: 0,
  ...overrides,
});

/** Every hop straight through Node, as http.ts routes it when no proxy applies. */
const direct = (next: NodeRequest): Promise<IncomingMessage> => sendWithNode(next, direct);

async function text(message: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of message as AsyncIterable<Buffer>) body += chunk.toString();
  return body;
}

describe('sendWithNode', () => {
  it('sends a string body with its Content-Length and header names in lower case', async () => {
    seen.length = 0;
    const message = await direct(
      request({
        method: 'POST',
        url: `${base}/api`,
        headers: { 'Content-Type': 'application/json' },
        body: '{"ü":1}',
      }),
    );
    expect(message.statusCode).toBe(200);
    await text(message);
    expect(seen[0]).toMatchObject({ method: 'POST', body: '{"ü":1}' });
    expect(seen[0]?.headers['content-length']).toBe(String(Buffer.byteLength('{"ü":1}')));
    expect(seen[0]?.headers['content-type']).toBe('application/json');
  });

  it('pipes a stream body', async () => {
    seen.length = 0;
    const message = await direct(
      request({ method: 'PUT', url: `${base}/upload`, body: Readable.from(['part one, ', 'part two']) }),
    );
    await text(message);
    expect(seen[0]?.body).toBe('part one, part two');
  });

  it('returns a redirect as it is unless asked to follow', async () => {
    const message = await direct(request({ url: `${base}/hop?n=0` }));
    expect(message.statusCode).toBe(302);
    expect(message.headers.location).toBe('/end');
    message.resume();
  });

  it('follows relative redirects when asked, and stops after 10', async () => {
    const followed = await direct(request({ url: `${base}/hop?n=3`, redirectsLeft: MAX_REDIRECTS }));
    expect(followed.statusCode).toBe(200);
    expect(await text(followed)).toBe('at /end');

    const endless = await direct(request({ url: `${base}/hop?n=50`, redirectsLeft: MAX_REDIRECTS }));
    expect(endless.statusCode).toBe(302);
    endless.resume();
  });

  it('drops authorization when a redirect changes the host, keeps other headers', async () => {
    seen.length = 0;
    const message = await direct(
      request({
        url: `${base}/to-other-host`,
        headers: { Authorization: 'Bearer secret', Accept: 'application/json' },
        redirectsLeft: MAX_REDIRECTS,
      }),
    );
    await text(message);
    expect(seen.map((s) => s.url)).toEqual(['/to-other-host', '/end']);
    expect(seen[0]?.headers.authorization).toBe('Bearer secret');
    expect(seen[1]?.headers.authorization).toBeUndefined();
    expect(seen[1]?.headers.accept).toBe('application/json');
  });

  it('refuses a redirect from https: to http:', async () => {
    const tls = createHttpsServer(selfSignedCertificate('127.0.0.1'), (_request, response) =>
      response.writeHead(302, { location: `${base}/end` }).end(),
    );
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    // The certificate is this test's own; only the redirect is under test.
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
    try {
      const { port } = tls.address() as AddressInfo;
      seen.length = 0;
      await expect(
        direct(request({ url: `https://127.0.0.1:${port}/start`, redirectsLeft: MAX_REDIRECTS })),
      ).rejects.toThrow(/downgrade/);
      expect(seen).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
    }
  });

  it('hands every redirect it follows back to the caller as a new request, so each hop is routed again', async () => {
    const hops: NodeRequest[] = [];
    const route = (next: NodeRequest) => {
      hops.push(next);
      return sendWithNode(next, route);
    };
    const message = await sendWithNode(
      request({ url: `${base}/hop?n=1`, headers: { Authorization: 'Bearer x' }, redirectsLeft: 3 }),
      route,
    );
    await text(message);
    expect(hops.map((h) => [new URL(h.url).pathname + new URL(h.url).search, h.redirectsLeft])).toEqual([
      ['/hop?n=0', 2],
      ['/end', 1],
    ]);
    // Same host: the credential goes on, as http-client kept it.
    expect(hops[1]?.headers.authorization).toBe('Bearer x');
  });

  it("frees the socket of a redirect it follows, even when that redirect's body never ends", async () => {
    trickling.length = 0;
    const message = await direct(
      request({ url: `${base}/trickling-redirect`, redirectsLeft: MAX_REDIRECTS }),
    );
    expect(await text(message)).toBe('at /end');
    const [redirect] = trickling;
    if (!redirect) throw new Error('the trickling redirect was not requested');
    if (!redirect.destroyed) await new Promise((resolve) => redirect.once('close', resolve));
    expect(redirect.destroyed).toBe(true);
  });

  it.each([
    ['/to-ftp', /ftp: URL, not http\(s\)/],
    ['/to-nowhere', /not a URL/],
  ])('refuses a redirect it cannot follow (%s) with an error that names it', async (path, reason) => {
    const refused = direct(request({ url: `${base}${path}`, redirectsLeft: MAX_REDIRECTS }));
    await expect(refused).rejects.toBeInstanceOf(UnusableRedirect);
    await expect(refused).rejects.toThrow(reason);
  });

  it('never sends the user:password part of a URL (no Basic auth by accident)', async () => {
    seen.length = 0;
    const { port } = server.address() as AddressInfo;
    await text(await direct(request({ url: `http://user:secret@127.0.0.1:${port}/api` })));
    expect(seen[0]?.headers.authorization).toBeUndefined();
    expect(seen[0]?.url).toBe('/api');
  });

  it('destroys a stream body when the request fails, so its file is closed', async () => {
    const body = new Readable({ read() {} });
    await expect(
      direct(request({ method: 'PUT', url: `${base}/silent`, body, timeoutMs: 200 })),
    ).rejects.toThrow(/Request timeout/);
    expect(body.destroyed).toBe(true);
  });

  it('ends a request that gets no answer within timeoutMs with "Request timeout"', async () => {
    await expect(direct(request({ url: `${base}/silent`, timeoutMs: 200 }))).rejects.toThrow(
      /Request timeout/,
    );
  });

  it('ends at once on its signal', async () => {
    const controller = new AbortController();
    const pending = direct(request({ url: `${base}/silent`, signal: controller.signal }));
    controller.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow();
  });

  it('throws at once for a header value Node refuses, before anything is sent', async () => {
    seen.length = 0;
    await expect(direct(request({ headers: { authorization: 'Bearer a\nb' } }))).rejects.toMatchObject({
      code: 'ERR_INVALID_CHAR',
    });
    expect(seen).toEqual([]);
  });
});
