import type { RequestHandler } from '@actions/http-client/lib/interfaces';
import type { Exchange } from './node-request.js';

/**
 * One exchange through the runner's proxy (HTTPS_PROXY, HTTP_PROXY; NO_PROXY honoured by getProxyUrl), with
 * `@actions/http-client` and its `tunnel` agents, loaded only by runs that have a proxy to go through. It
 * follows no redirect itself: node-request.ts's followingRedirects does, for both paths alike (http-client
 * reads only absolute Locations and leaves a followed answer's socket open).
 */
export function exchangeThroughProxy(userAgent: string): Exchange {
  return async (request, url, headers) => {
    const { HttpClient } = await import('@actions/http-client');
    const { signal, body } = request;
    const client = new HttpClient(userAgent, signal ? [abortedBy(signal)] : [], {
      allowRedirects: false,
      allowRetries: false,
      keepAlive: false,
      socketTimeout: request.timeoutMs,
    });
    // As on the direct path: never a URL's user:password part.
    const target = new URL(url.href);
    target.username = '';
    target.password = '';
    try {
      const response = await client.request(request.method, target.href, body ?? null, headers);
      return response.message;
    } catch (error) {
      // As on the direct path: a stream body (an upload's file) is closed when its request fails.
      if (body && typeof body !== 'string') body.destroy();
      throw error;
    }
  };
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
