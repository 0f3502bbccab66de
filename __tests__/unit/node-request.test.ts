import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sendWithNode, type NodeRequest } from '../../src/network/node-request.js';

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

function route(request: IncomingMessage, response: ServerResponse, body: string) {
  seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
  const url = new URL(request.url ?? '/', base);
  if (url.pathname === '/hop') {
    const left = Number(url.searchParams.get('n'));
    response.writeHead(302, { location: left > 0 ? `/hop?n=${left - 1}` : '/end' }).end('moved');
  } else if (url.pathname === '/to-other-host') {
    response.writeHead(307, { location: `${otherHost}/end` }).end();
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
  followRedirects: false,
  ...overrides,
});

async function text(message: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of message as AsyncIterable<Buffer>) body += chunk.toString();
  return body;
}

describe('sendWithNode', () => {
  it('sends a string body with its Content-Length and header names in lower case', async () => {
    seen.length = 0;
    const message = await sendWithNode(
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
    const message = await sendWithNode(
      request({ method: 'PUT', url: `${base}/upload`, body: Readable.from(['part one, ', 'part two']) }),
    );
    await text(message);
    expect(seen[0]?.body).toBe('part one, part two');
  });

  it('returns a redirect as it is unless asked to follow', async () => {
    const message = await sendWithNode(request({ url: `${base}/hop?n=0` }));
    expect(message.statusCode).toBe(302);
    expect(message.headers.location).toBe('/end');
    message.resume();
  });

  it('follows relative redirects when asked, and stops after 10', async () => {
    const followed = await sendWithNode(request({ url: `${base}/hop?n=3`, followRedirects: true }));
    expect(followed.statusCode).toBe(200);
    expect(await text(followed)).toBe('at /end');

    const endless = await sendWithNode(request({ url: `${base}/hop?n=50`, followRedirects: true }));
    expect(endless.statusCode).toBe(302);
    endless.resume();
  });

  it('drops authorization when a redirect changes the host, keeps other headers', async () => {
    seen.length = 0;
    const message = await sendWithNode(
      request({
        url: `${base}/to-other-host`,
        headers: { Authorization: 'Bearer secret', Accept: 'application/json' },
        followRedirects: true,
      }),
    );
    await text(message);
    expect(seen.map((s) => s.url)).toEqual(['/to-other-host', '/end']);
    expect(seen[0]?.headers.authorization).toBe('Bearer secret');
    expect(seen[1]?.headers.authorization).toBeUndefined();
    expect(seen[1]?.headers.accept).toBe('application/json');
  });

  it('refuses a redirect from https: to http:', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fvtt-node-request-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
      ].concat([
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ]),
      { stdio: 'ignore' },
    );
    const tls = createHttpsServer(
      { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) },
      (_request, response) => response.writeHead(302, { location: `${base}/end` }).end(),
    );
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    // The certificate is this test's own; only the redirect is under test.
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
    try {
      const { port } = tls.address() as AddressInfo;
      seen.length = 0;
      await expect(
        sendWithNode(request({ url: `https://127.0.0.1:${port}/start`, followRedirects: true })),
      ).rejects.toThrow(/downgrade/);
      expect(seen).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ends a request that gets no answer within timeoutMs with "Request timeout"', async () => {
    await expect(sendWithNode(request({ url: `${base}/silent`, timeoutMs: 200 }))).rejects.toThrow(
      /Request timeout/,
    );
  });

  it('ends at once on its signal', async () => {
    const controller = new AbortController();
    const pending = sendWithNode(request({ url: `${base}/silent`, signal: controller.signal }));
    controller.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow();
  });

  it('throws at once for a header value Node refuses, before anything is sent', async () => {
    seen.length = 0;
    await expect(sendWithNode(request({ headers: { authorization: 'Bearer a\nb' } }))).rejects.toMatchObject({
      code: 'ERR_INVALID_CHAR',
    });
    expect(seen).toEqual([]);
  });
});
