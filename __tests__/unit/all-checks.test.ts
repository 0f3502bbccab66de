import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ActionError, allChecks } from '../../src/problems/problem.js';

const failsAfter = (ms: number, message: string) =>
  sleep(ms).then(() => {
    throw new ActionError(message);
  });

describe('allChecks: independent checks run together', () => {
  it('returns every result in the order the checks were given', async () => {
    const [zip, order] = await allChecks(
      sleep(20).then(() => 'module.zip holds 1.2.3'),
      sleep(1).then(() => 7),
    );
    expect([zip, order]).toEqual(['module.zip holds 1.2.3', 7]);
  });

  it('reports every problem at once, in the order given, whichever check failed first', async () => {
    const error = await allChecks(
      failsAfter(30, 'zip holds 1.2.2'),
      failsAfter(1, 'version older than 1.3.0'),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).problems.map((p) => p.message)).toEqual([
      'zip holds 1.2.2',
      'version older than 1.3.0',
    ]);
  });

  it('waits for every check before failing, so none is left running', async () => {
    let finished = false;
    await allChecks(
      failsAfter(1, 'zip holds 1.2.2'),
      sleep(30).then(() => (finished = true)),
    ).catch(() => undefined);
    expect(finished).toBe(true);
  });

  it('lets a bug through as it is, rather than as a user problem', async () => {
    const bug = new TypeError('x is undefined');
    await expect(allChecks(failsAfter(1, 'zip holds 1.2.2'), Promise.reject(bug))).rejects.toBe(bug);
  });
});
