import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport } from '../../src/network/http.js';

/**
 * A runner whose HTTP_PROXY names a proxy that tunnels with CONNECT, as @actions/http-client's `tunnel`
 * agents ask. The target is addressed as `redirects.sim.test`, a name only the proxy resolves (to this
 * machine), so a request that went around the proxy could not connect at all.
 */
let target: http.Server;
let proxy: http.Server;
let targetPort = 0;
/** Every CONNECT the proxy was asked for. */
const tunnels: string[] = [];
const savedProxy = process.env.HTTP_PROXY;

beforeAll(async () => {
  target = http.createServer((request, response) => {
    if (request.url === '/relative') response.writeHead(302, { Location: '/arrived' }).end();
    else if (request.url === '/arrived')
      response.writeHead(200).end(`arrived with ${request.headers.authorization}`);
    else response.writeHead(404).end();
  });
  proxy = http.createServer((_request, response) => response.writeHead(405).end());
  proxy.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(request.url ?? '');
    const upstream = net.connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    for (const socket of [client, upstream]) socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  targetPort = (target.address() as AddressInfo).port;
  process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (savedProxy === undefined) delete process.env.HTTP_PROXY;
  else process.env.HTTP_PROXY = savedProxy;
  for (const server of [proxy, target]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

afterEach(() => {
  tunnels.length = 0;
});

describe('a request through the proxy', () => {
  it('follows a relative redirect, each hop through the proxy, keeping authorization on the same host', async () => {
    const response = await new HttpTransport(5000).request(
      'GET',
      `http://redirects.sim.test:${targetPort}/relative`,
      { followRedirects: true, headers: { Authorization: 'Bearer same-host' } },
    );

    expect(response.status).toBe(200);
    expect(response.body).toBe('arrived with Bearer same-host');
    expect(tunnels).toEqual([`redirects.sim.test:${targetPort}`, `redirects.sim.test:${targetPort}`]);
  });

  it('returns a redirect as it is when not asked to follow', async () => {
    const response = await new HttpTransport(5000).request(
      'GET',
      `http://redirects.sim.test:${targetPort}/relative`,
    );

    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/arrived');
  });
});
