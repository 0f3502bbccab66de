import { rm } from 'node:fs/promises';
import { log } from '../problems/log.js';
import { ActionError, type Problem } from '../problems/problem.js';
import type { ForgeClient } from './forge-api.js';
import type { ForgeSettings } from '../settings/inputs.js';
import type { HttpTransport } from '../network/http.js';
import type { RetryBudget } from '../network/retry.js';
import { untrusted } from '../problems/untrusted-text.js';
import { checkWorldZip, downloadWorldZip, localWorldZip } from './world-zip.js';
import { awaitBazaarListing, bazaarInstall, installRefusedError, type PublishedPackage } from './bazaar.js';
import { checkForgeKey } from './forge-key.js';

/** A reset that passed local validation: the zip (if any) is on disk and holds the right world. */
export interface ForgeResetPlan {
  settings: ForgeSettings;
  zipPath?: string;
  /** The zip was downloaded to RUNNER_TEMP: discardForgeResetPlan removes it once the run is over. */
  downloaded?: boolean;
  /** Set after the release step published in this run (SPEC §5 "After a release"). */
  published?: PublishedPackage;
}

export type ForgeResult = 'reset' | 'in-use' | 'skipped';

/** Each Forge call and its answer, for the log and the job summary. */
export interface ForgeStep {
  call: string;
  answer: string;
}

/** SPEC §5.1: everything checked locally before anything is sent to the Forge, the key's expiry first. */
export async function prepareForgeReset(
  settings: ForgeSettings,
  workspace: string,
  http: HttpTransport,
  budget: RetryBudget,
  warnings: Problem[],
): Promise<ForgeResetPlan> {
  checkForgeKey(settings.apiKey, Date.now(), warnings);
  const { source } = settings;
  if (source.kind === 'bazaar') return { settings };
  const zipPath =
    source.kind === 'zip-file'
      ? await localWorldZip(source.path, workspace)
      : await downloadWorldZip(source.url, http, budget);
  const plan = { settings, zipPath, downloaded: source.kind === 'zip-url' };
  try {
    await checkWorldZip(zipPath, source.kind === 'zip-file' ? source.path : source.url, settings.world);
  } catch (error) {
    await discardForgeResetPlan(plan);
    throw error;
  }
  return plan;
}

/** Removes a downloaded world zip, whatever became of the reset (SPEC §6b: no temporary file is left). */
export async function discardForgeResetPlan(plan: ForgeResetPlan | undefined): Promise<void> {
  if (plan?.downloaded && plan.zipPath) await rm(plan.zipPath, { force: true });
}

/** How far the data change got, so a failure can say what state the world is in. */
type WorldState = 'untouched' | 'installing' | 'deleted' | 'importing' | 'reset';

function describeWorldState(state: WorldState, world: string): string {
  switch (state) {
    case 'untouched':
      return `World '${world}' was not changed.`;
    case 'installing':
      return `World '${world}' may be partly installed from the Bazaar; run the reset again.`;
    case 'deleted':
    case 'importing':
      return `World '${world}' was deleted, and the new zip is not known to be imported: run the reset again to restore it (the delete is skipped when the world is absent).`;
    case 'reset':
      return `World '${world}' was reset.`;
  }
}

/**
 * The recipe of the Forge article, in its order: idle (to learn whether players are on), stop, replace
 * the world, then idle into the world. Never `start`: it lands the table in Foundry's setup screen.
 */
export async function resetForgeWorld(
  plan: ForgeResetPlan,
  forge: ForgeClient,
  steps: ForgeStep[],
  warnings: Problem[],
  signal?: AbortSignal,
): Promise<ForgeResult> {
  const { game, world, ifInUse, source } = plan.settings;
  const record = (call: string, answer: string) => {
    steps.push({ call, answer });
    log.info(`Forge ${call}: ${answer}`);
  };

  // After a release, the Bazaar lags behind Foundry: wait for it before anything is touched.
  const install = source.kind === 'bazaar' ? bazaarInstall(source, plan.published) : undefined;
  if (install?.awaitListing && install.version) {
    const seen = await awaitBazaarListing(
      (name) => forge.bazaarListing(name),
      install.packageName,
      install.version,
      { waitMs: plan.settings.bazaarWaitMs, signal },
      warnings,
    );
    record('Bazaar package', seen);
  }

  const idle = await forge.idle({ game });
  record('idle', idle ? 'success: true (nobody logged in)' : 'success: false (players logged in)');
  if (!idle) {
    if (ifInUse === 'skip') {
      log.notice(
        `Players are logged in to the Forge game; forge-if-in-use is skip, so '${world}' was not reset.`,
      );
      return 'in-use';
    }
    if (ifInUse === 'fail') {
      throw new ActionError(
        `Players are logged in to the Forge game, so '${world}' was not reset (forge-if-in-use: fail). Nothing was changed; try again later, or set forge-if-in-use to skip or force.`,
      );
    }
    const forced = await forge.idle({ game, force: true });
    record('idle (force)', `success: ${forced}`);
  }

  let state: WorldState = 'untouched';
  try {
    // The article: Foundry must be stopped, or it overwrites the new files from its in-memory database.
    await forge.stop(game);
    record('stop', 'success');
    if (install) {
      state = 'installing';
      const outcome = await forge.installWorld(install.packageName, install.version);
      if (!outcome.installed) {
        state = 'untouched';
        throw installRefusedError(install, outcome.refusal);
      }
      record(
        'install',
        `${install.packageName}${install.version ? `@${untrusted(install.version, 60)}` : ' (latest)'} installed`,
      );
    } else {
      const worlds = await forge.listWorlds();
      const existing = worlds.find((w) => w.name === world);
      record('list worlds', existing ? `'${world}' exists` : `'${world}' absent, nothing to delete`);
      if (existing) {
        const secret = plan.settings.worldSecret ?? existing.secret;
        if (!secret) {
          throw new ActionError(
            `The Forge listed world '${world}' without its delete secret. Pass it as forge-world-secret (My Foundry → Select Data Files to Delete).`,
          );
        }
        log.mask(secret);
        await forge.deleteWorld(world, secret);
        state = 'deleted';
        record('delete', `'${world}' deleted`);
      }
      state = 'importing';
      await forge.importWorld(plan.zipPath as string, world);
      record('import', 'zip imported');
    }
    state = 'reset';
    // Idle with the world so the next visitor lands in it, not in the setup screen. Inside the try:
    // if this fails, the recovery idle below still brings the table back.
    const ready = await forge.idle({ game, world });
    record('idle into world', ready ? `success: true, next launch opens '${world}'` : 'success: false');
    if (!ready) {
      warnings.push({
        message: `World '${world}' was reset, but the Forge answered the last idle into it with success: false (players logged in again?), so the next launch may not open it. Idle the game into '${world}' from the Forge, or run the reset again.`,
      });
    }
    return 'reset';
  } catch (error) {
    const restored = await idleAfterFailure(forge, game, record);
    const message = error instanceof Error ? error.message : String(error);
    throw new ActionError([message, describeWorldState(state, world), restored].map(asSentence).join(' '));
  }
}

/** Error texts are joined into one message; each part must end as a sentence does. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?)]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A failure after stop must not leave the table offline: idle it, and say whether that worked. */
async function idleAfterFailure(
  forge: ForgeClient,
  game: string | undefined,
  record: (call: string, answer: string) => void,
): Promise<string> {
  try {
    const ok = await forge.recoveryIdle(game);
    record('idle (recovery)', `success: ${ok}`);
    return ok
      ? 'The game was idled again, so it is not offline.'
      : 'Idling the game again returned success: false.';
  } catch (error) {
    record('idle (recovery)', `failed: ${(error as Error).message}`);
    return 'Idling the game again failed too: the table may be offline; idle or start it from the Forge.';
  }
}
