import { describe, expect, it } from 'vitest';
import { classifyForgeResponse } from '../../src/forge/forge-api.js';
import { classifyFoundryResponse } from '../../src/release/foundry-api.js';
import { isLoopbackHost, secureUrlProblem } from '../../src/network/url-policy.js';

describe("classifyFoundryResponse (the Package Release API article's answers)", () => {
  it('reads success and the dry-run message', () => {
    const body = JSON.stringify({
      status: 'success',
      page: 'https://p',
      message: 'Dry run completed successfully.',
    });
    expect(classifyFoundryResponse(200, undefined, body)).toEqual({
      kind: 'success',
      page: 'https://p',
      message: 'Dry run completed successfully.',
    });
  });
  it('treats a 200 that is not the success JSON as transient', () => {
    expect(classifyFoundryResponse(200, undefined, '<html>').kind).toBe('transient');
  });
  it('reads 429 with Retry-After', () => {
    expect(classifyFoundryResponse(429, '7', '')).toEqual({ kind: 'rate-limited', retryAfterMs: 7000 });
  });
  it('flattens 400 errors, __all__ included', () => {
    const body = JSON.stringify({
      status: 'error',
      errors: {
        manifest: [{ message: 'Enter a valid URL.', code: 'invalid' }],
        __all__: [{ message: 'exists', code: 'unique_together' }],
      },
    });
    expect(classifyFoundryResponse(400, undefined, body)).toEqual({
      kind: 'invalid',
      errors: [
        { field: 'manifest', message: 'Enter a valid URL.', code: 'invalid' },
        { field: '__all__', message: 'exists', code: 'unique_together' },
      ],
    });
  });
  it('sorts 401/403, 5xx and other statuses', () => {
    expect(classifyFoundryResponse(403, undefined, '').kind).toBe('token-rejected');
    expect(classifyFoundryResponse(503, undefined, '').kind).toBe('transient');
    expect(classifyFoundryResponse(404, undefined, 'nope').kind).toBe('unexpected');
    expect(classifyFoundryResponse(400, undefined, '<html>Bad</html>').kind).toBe('unexpected');
  });
});

describe("classifyForgeResponse (the Forge article's answers)", () => {
  it('reads success and { error, code } at any status', () => {
    expect(classifyForgeResponse(200, '{"success":false}')).toEqual({ kind: 'ok', json: { success: false } });
    expect(classifyForgeResponse(200, '{"error":"No such world","code":404}')).toEqual({
      kind: 'failed',
      code: 404,
      error: 'No such world',
    });
    expect(classifyForgeResponse(409, '{"error":"Busy","code":409}')).toEqual({
      kind: 'failed',
      code: 409,
      error: 'Busy',
    });
    expect(classifyForgeResponse(404, '{"error":"Not found"}')).toMatchObject({ kind: 'failed', code: 404 });
  });
  it('sorts key problems and transient failures', () => {
    expect(classifyForgeResponse(401, '{"error":"Invalid API key","code":401}')).toEqual({
      kind: 'key-rejected',
      status: 401,
      error: 'Invalid API key',
    });
    expect(classifyForgeResponse(503, '').kind).toBe('transient');
    expect(classifyForgeResponse(200, 'not json').kind).toBe('transient');
  });
});

describe('url policy', () => {
  it.each(['127.0.0.1', '127.4.5.6', 'localhost', '[::1]'])('treats %s as loopback', (host) =>
    expect(isLoopbackHost(host)).toBe(true),
  );
  it.each(['10.0.0.1', 'example.com', '128.0.0.1'])('does not treat %s as loopback', (host) =>
    expect(isLoopbackHost(host)).toBe(false),
  );
  it('allows https everywhere and http only on loopback', () => {
    expect(secureUrlProblem('https://foundryvtt.com/x')).toBeUndefined();
    expect(secureUrlProblem('http://127.0.0.1:8080/x')).toBeUndefined();
    expect(secureUrlProblem('http://foundryvtt.com/x')).toMatch(/must use https:/);
    expect(secureUrlProblem('ftp://x')).toMatch(/not ftp:/);
  });
});
