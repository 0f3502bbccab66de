import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionError } from '../../src/problems/problem.js';
import { HttpTransport } from '../../src/network/http.js';
import { RetryBudget, withRetries } from '../../src/network/retry.js';

let url: string;
let received: number;
const server = createServer((_request, response) => {
  received++;
  response.end('{}');
});

beforeEach(async () => {
  received = 0;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterEach(async () => {
  server.close();
  await once(server, 'close');
});

describe('a request Node refuses to send', () => {
  it('fails at once with the reason (ERR_INVALID_CHAR), never retried as a network fault', async () => {
    const http = new HttpTransport(5_000);
    const budget = new RetryBudget(60_000);
    let attempts = 0;
    const sleeps: number[] = [];
    const failure = await withRetries(
      async () => {
        attempts++;
        await http.request('GET', url, { headers: { Authorization: 'fvttp_abc\u200bdef' } });
        return { ok: true };
      },
      {
        what: 'test call',
        budget,
        giveUp: (last) => new Error(`gave up: ${last}`),
        sleep: async (ms) => sleeps.push(ms),
      },
    ).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ActionError);
    expect((failure as Error).message).toMatch(
      /^The request to 127\.0\.0\.1:\d+ could not be sent: Node refused it \(ERR_INVALID_CHAR: .*authorization.*\)\. This is not a network fault/i,
    );
    expect((failure as Error).message).not.toContain('abc');
    expect(attempts).toBe(1);
    expect(sleeps).toEqual([]);
    expect(budget.remainingMs).toBe(60_000);
    expect(received).toBe(0);
  });
});
