import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeWorldZip } from '../fixtures/world-zip.js';
import { summaryText } from './rendered-summary.js';
import {
  DEMO_WORLD,
  leakedSecrets,
  resetOnlyInputs,
  runAgainst,
  SCHEDULE_EVENT,
  secretsOf,
  startApis,
  type Apis,
} from './harness.js';

let apis: Apis;
let workspace: string;

beforeEach(async () => {
  apis = await startApis();
  workspace = await mkdtemp(path.join(os.tmpdir(), 'cancel-ws-'));
});
afterEach(async () => {
  await apis.stop();
});

/** Resolves once the Forge simulation holds a whole upload and is "unpacking" it (its answer held back). */
async function importUploaded(): Promise<void> {
  while (!apis.forge.server.received('POST', '/api/data/import')[0]?.upload?.file) await sleep(20);
}

/**
 * The runner's cancel (or timeout-minutes): `signals` are sent to the action, back to back, while the Forge is
 * unpacking the import (once the upload is in). A process that already ended gets no more signals.
 */
async function cancelMidImport(signals: NodeJS.Signals[]) {
  apis.forge.addWorld(DEMO_WORLD);
  await writeWorldZip(path.join(workspace, 'w.zip'), { id: DEMO_WORLD });
  // The Forge would answer in a minute; the runner kills the action 7.5 s after the first signal.
  apis.forge.importAnswerDelayMs = 60_000;
  const secrets = secretsOf(apis);
  let signalledAt = 0;
  const result = await runAgainst(apis, {
    event: SCHEDULE_EVENT,
    inputs: resetOnlyInputs(apis, { 'forge-world-zip': 'w.zip' }),
    workspace,
    onSpawn: (pid) => {
      void (async () => {
        await importUploaded();
        signalledAt = Date.now();
        try {
          for (const signal of signals) process.kill(pid, signal);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
        }
      })();
    },
  });
  expect(leakedSecrets(result, secrets)).toEqual([]);
  return { result, exitAfterMs: Date.now() - signalledAt };
}

describe('a cancelled job (SIGINT, SIGTERM) does not leave the Forge table offline', () => {
  it.each([[['SIGINT']], [['SIGTERM']], [['SIGINT', 'SIGTERM']]] as NodeJS.Signals[][][])(
    'on %j mid-import: aborts the upload, idles the game, writes outputs and summary, exits non-zero within 7 s',
    async (signals) => {
      const { result, exitAfterMs } = await cancelMidImport(signals);

      expect(exitAfterMs).toBeLessThan(7_000);
      expect(result.exitCode).toBe(1);
      // The game was stopped for the import; the recovery idle brought it back.
      expect(apis.forge.calls).toEqual([
        'POST /api/game/idle',
        'POST /api/game/stop',
        'GET /api/data/worlds',
        'POST /api/data/worlds/delete',
        'POST /api/data/import',
        'POST /api/game/idle',
      ]);
      expect(apis.forge.game().state).toBe('idle');
      // Aborted, not retried: one import, and no list of the worlds to see whether it did its work.
      expect(apis.forge.server.received('POST', '/api/data/import')).toHaveLength(1);

      expect(result.outputs['forge-result']).toBe('failed');
      expect(result.outputs.status).toBe('skipped');
      expect(result.errors).toHaveLength(1);
      // Two signals sent back to back may reach the process in either order: the first one handled names it.
      const either = `(${signals.join('|')})`;
      expect(result.errors[0]).toMatch(
        new RegExp(
          `The run was cancelled \\(${either}\\).*World 'demo-world' was deleted, and the new zip is not known to be imported: run the reset again.*The game was idled again, so it is not offline\\.`,
        ),
      );
      expect(result.visibleLog).toMatch(new RegExp(`Received ${either}: the job was cancelled`));
      expect(summaryText(result.summary)).toContain('idle (recovery)');
      expect(summaryText(result.summary)).toContain('The run was cancelled');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
  );

  it('idles the game when the cancel comes while the recovery idle after another failure is in flight', async () => {
    // The install fails for good (500, no retry budget); the recovery idle hangs; then the job is cancelled.
    apis.forge.server.fail('POST', '/api/data/worlds/install', { kind: 'status', status: 500 });
    apis.forge.server.fail('POST', '/api/game/idle', { kind: 'pass' }, { kind: 'hang' });
    let signalledAt = 0;
    const result = await runAgainst(apis, {
      event: SCHEDULE_EVENT,
      inputs: resetOnlyInputs(apis, { 'max-retry-wait': '0' }),
      workspace,
      onSpawn: (pid) => {
        void (async () => {
          while (apis.forge.server.received('POST', '/api/game/idle').length < 2) await sleep(20);
          signalledAt = Date.now();
          process.kill(pid, 'SIGTERM');
        })();
      },
    });
    expect(Date.now() - signalledAt).toBeLessThan(7_000);
    expect(result.exitCode).toBe(1);
    expect(apis.forge.server.received('POST', '/api/game/idle')).toHaveLength(3);
    expect(apis.forge.game().state).toBe('idle');
    expect(result.errors[0]).toMatch(/The game was idled again, so it is not offline\./);
  });

  it('still ends within 7 s, saying the table may be offline, when the Forge does not answer the recovery idle', async () => {
    // The first idle answers; the recovery idle hangs, and its own deadline (4 s) ends it.
    apis.forge.server.fail('POST', '/api/game/idle', { kind: 'pass' }, { kind: 'hang' });
    const { result, exitAfterMs } = await cancelMidImport(['SIGINT']);
    expect(exitAfterMs).toBeLessThan(7_000);
    expect(result.exitCode).toBe(1);
    expect(result.outputs['forge-result']).toBe('failed');
    expect(result.errors[0]).toMatch(
      /The run was cancelled \(SIGINT\).*was deleted.*Idling the game again failed too: the table may be offline; idle or start it from the Forge\./,
    );
    expect(summaryText(result.summary)).toContain('did not answer within 4 s of the cancel');
  });
});
