import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionResult } from '../runner/run-action.js';
import { FOUNDRY_TOKEN, publishRelease, releasePublishedEvent } from './harness.js';
import { apis, useFreshApis } from './fresh-apis.js';
import { selfSignedCertificate } from '../fixtures/self-signed.js';

useFreshApis();

/**
 * A runner behind a corporate proxy: HTTPS_PROXY names an HTTP proxy that tunnels https: requests with
 * CONNECT. The bundle reaches GitHub and Foundry under names only the proxy knows (`*.sim.test`), so a
 * request that skipped the proxy could not connect at all. The proxy ends TLS with a certificate made for
 * this test (trusted through NODE_EXTRA_CA_CERTS) and passes the requests on to the simulations.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'fvtt-proxy-'));
let key: Buffer;
let cert: Buffer;
let proxy: http.Server;
let proxyUrl = '';
/** Every CONNECT target the proxy was asked for, e.g. `github.sim.test:41234`. */
const tunnels: string[] = [];

beforeAll(async () => {
  ({ key, cert } = selfSignedCertificate('sim.test', 'DNS:*.sim.test'));
  // The bundle trusts it through NODE_EXTRA_CA_CERTS, which names a file.
  writeFileSync(path.join(dir, 'cert.pem'), cert);
  proxy = http.createServer((_request, response) => response.writeHead(405).end());
  proxy.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = request.url ?? '';
    tunnels.push(target);
    const port = Number(target.split(':').pop());
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) client.unshift(head);
    // Every *.sim.test name is a simulation on this machine, on the port the request names.
    const secure = new tls.TLSSocket(client, { isServer: true, key, cert });
    const upstream = net.connect(port, '127.0.0.1');
    secure.pipe(upstream).pipe(secure);
    for (const socket of [client, secure, upstream]) socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** `http://127.0.0.1:1234/x` as `https://<name>.sim.test:1234/x`: reachable through the proxy only. */
function behindProxy(url: string, name: string): string {
  const parsed = new URL(url);
  return `https://${name}.sim.test:${parsed.port}${parsed.pathname}`;
}

function runBehindProxy(
  env: Record<string, string>,
  inputs: Record<string, string> = {},
): Promise<ActionResult> {
  tunnels.length = 0;
  const release = publishRelease(apis, '1.2.3');
  return runAction({
    githubUrl: behindProxy(apis.github.url, 'github'),
    event: releasePublishedEvent(release),
    inputs: {
      token: FOUNDRY_TOKEN,
      'foundry-api-url': behindProxy(apis.foundry.endpoint, 'foundry'),
      ...inputs,
    },
    env: { HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem'), ...env },
  });
}

describe('behind a proxy (HTTPS_PROXY)', () => {
  it('sends GitHub and Foundry requests through the proxy, and loopback hosts directly', async () => {
    const result = await runBehindProxy({});

    expect(result.errors).toEqual([]);
    expect(result.outputs.status).toBe('published');
    const githubPort = new URL(apis.github.url).port;
    const foundryPort = new URL(apis.foundry.endpoint).port;
    expect(new Set(tunnels)).toEqual(
      new Set([`github.sim.test:${githubPort}`, `foundry.sim.test:${foundryPort}`]),
    );
    // They arrived through the tunnel, addressed to the names only the proxy could resolve.
    expect(apis.github.api.received('GET', /\/releases\/\d+$/)[0]?.headers.host).toBe(
      `github.sim.test:${githubPort}`,
    );
    expect(apis.foundry.releaseRequests[0]?.headers.host).toBe(`foundry.sim.test:${foundryPort}`);
    // The release's asset URLs are on 127.0.0.1 and localhost, which never go through a proxy.
    expect(apis.github.storage.requests.length).toBeGreaterThan(0);
  });

  it('goes around the proxy for hosts in NO_PROXY', async () => {
    const result = await runBehindProxy(
      { NO_PROXY: 'example.org,foundry.sim.test' },
      { 'max-retry-wait': '0' },
    );

    // GitHub still went through the proxy; Foundry's host was tried directly, where no DNS knows it.
    expect(tunnels.some((t) => t.startsWith('github.sim.test:'))).toBe(true);
    expect(tunnels.some((t) => t.startsWith('foundry.sim.test:'))).toBe(false);
    expect(apis.foundry.server.requests).toHaveLength(0);
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toMatch(/network error/);
  });
});
