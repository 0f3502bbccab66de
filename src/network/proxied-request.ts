import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from '@actions/http-client/lib/interfaces';
import type { NodeRequest } from './node-request.js';

/**
 * One request through the runner's proxy (HTTPS_PROXY, HTTP_PROXY; NO_PROXY honoured by getProxyUrl), with
 * `@actions/http-client` and its `tunnel` agents, loaded only by runs that have a proxy to go through.
 */
export async function sendThroughProxy(request: NodeRequest, userAgent: string): Promise<IncomingMessage> {
  const { HttpClient } = await import('@actions/http-client');
  const { signal } = request;
  const client = new HttpClient(userAgent, signal ? [abortedBy(signal)] : [], {
    allowRedirects: request.redirectsLeft > 0,
    maxRedirects: request.redirectsLeft,
    allowRetries: false,
    keepAlive: false,
    socketTimeout: request.timeoutMs,
  });
  const response = await client.request(request.method, request.url, request.body ?? null, request.headers);
  return response.message;
}

/**
 * Hands Node's http.request the signal (http-client has no option for it), so a cancel ends a request that
 * is still waiting for its answer's headers, an upload included.
 */
function abortedBy(signal: AbortSignal): RequestHandler {
  return {
    prepareRequest: (options) => Object.assign(options, { signal }),
    canHandleAuthentication: () => false,
    handleAuthentication: () => Promise.reject(new Error('not an authentication handler')),
  };
}
