import * as z from 'zod/mini';
import { isNewerVersion } from '../manifest/foundry-version.js';
import { log } from '../problems/log.js';
import { ActionError, type Problem } from '../problems/problem.js';
import { untrusted } from '../problems/untrusted-text.js';
import { bodyExcerpt, parseJson } from '../network/http.js';
import { backoffDelayMs, MIN_WAIT_MS, pause, RetryBudget } from '../network/retry.js';

/** What the release step published in this run: a Bazaar reset of that package installs that version. */
export interface PublishedPackage {
  id: string;
  version: string;
}

/** What a Bazaar reset installs, and whether it must first wait for the Bazaar to list that version. */
export interface BazaarInstall {
  packageName: string;
  /** undefined: the latest, as the install call does without `version`. */
  version?: string;
  /** The version was published in this run: the Bazaar lists it some minutes later (SPEC §5 "After a release"). */
  awaitListing: boolean;
}

/**
 * SPEC §5 "After a release": when the reset installs the package just published, it installs exactly that
 * version unless forge-bazaar-version names another, and waits for the Bazaar to list it. Pure.
 */
export function bazaarInstall(
  source: { packageName: string; version?: string },
  published: PublishedPackage | undefined,
): BazaarInstall {
  const samePackage = published !== undefined && published.id === source.packageName;
  const version = source.version ?? (samePackage ? published.version : undefined);
  return {
    packageName: source.packageName,
    version,
    awaitListing: samePackage && version === published.version,
  };
}

/**
 * One answer of the Bazaar's public package endpoint (`GET /api/bazaar/package/<name>`). Not in the Forge
 * article: its shape is what public code reads from it (shields.io badges read `package.installs`, sites and
 * scripts read `package.latest`; an unknown package is `{success: true, package: null}`).
 */
export type BazaarListing =
  | { kind: 'listed'; latest: string }
  | { kind: 'not-listed' }
  /** No usable answer this time (5xx, 429, a network failure, a body cut short): ask again. */
  | { kind: 'transient'; failure: string }
  /** An answer of another shape: asking again will not help. */
  | { kind: 'unreadable'; failure: string };

const bazaarAnswerSchema = z.object({
  success: z.literal(true),
  package: z.nullable(
    z.object({
      // `latest` is what the Bazaar's users read; `version` is accepted as its other likely name.
      latest: z.optional(z.string()),
      version: z.optional(z.string()),
    }),
  ),
});

/** Sorts one answer of the package endpoint. Pure. */
export function parseBazaarAnswer(status: number, body: string): BazaarListing {
  if (status >= 500 || status === 429) return { kind: 'transient', failure: `HTTP ${status}` };
  const json = parseJson(body);
  if (status >= 200 && status < 300 && json === undefined) {
    return {
      kind: 'transient',
      failure: `HTTP ${status} with an unreadable body (${bodyExcerpt(body, 100)})`,
    };
  }
  const answer = bazaarAnswerSchema.safeParse(json);
  if (status < 200 || status >= 300 || !answer.success) {
    return { kind: 'unreadable', failure: `HTTP ${status} (${bodyExcerpt(body, 100)})` };
  }
  const listing = answer.data.package;
  if (listing === null) return { kind: 'not-listed' };
  const latest = listing.latest ?? listing.version;
  if (latest === undefined) {
    return {
      kind: 'unreadable',
      failure: `HTTP ${status} without package.latest (${bodyExcerpt(body, 100)})`,
    };
  }
  return { kind: 'listed', latest };
}

/**
 * Whether the Bazaar's newest version means it has `wanted`: the same, or newer by Foundry's order (another
 * release may follow quickly; the install call still asks for exactly `wanted`). Pure.
 */
export function bazaarHasVersion(latest: string, wanted: string): boolean {
  return latest === wanted || isNewerVersion(latest, wanted);
}

export type BazaarWaitOutcome =
  | { kind: 'listed'; polls: number }
  /** Past the wait: what the Bazaar said last, for the message. */
  | { kind: 'missing'; polls: number; lastSeen: string }
  /** The endpoint answered in a way waiting does not change: the install call is left to judge. */
  | { kind: 'unreadable'; failure: string };

export interface BazaarWaitOptions {
  waitMs: number;
  /** The run's cancel: a cancelled run stops waiting at once (nothing was touched yet). */
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<unknown>;
}

function describeListing(listing: BazaarListing): string {
  switch (listing.kind) {
    case 'listed':
      return `lists ${untrusted(listing.latest, 40)}`;
    case 'not-listed':
      return 'does not list the package';
    case 'transient':
    case 'unreadable':
      return `answered ${listing.failure}`;
  }
}

/**
 * Asks the Bazaar for the package until it lists `version`, with back-off (1 s, 2 s, 4 s, … up to 30 s) within
 * `waitMs` (forge-bazaar-wait). Touches nothing on the Forge: it only reads the public package endpoint.
 */
export async function waitForBazaarVersion(
  listing: (packageName: string) => Promise<BazaarListing>,
  packageName: string,
  version: string,
  { waitMs, signal, sleep = (ms) => pause(ms, signal) }: BazaarWaitOptions,
): Promise<BazaarWaitOutcome> {
  const budget = new RetryBudget(waitMs, signal);
  for (let polls = 1; ; polls++) {
    const answer = await listing(packageName);
    if (answer.kind === 'listed' && bazaarHasVersion(answer.latest, version))
      return { kind: 'listed', polls };
    if (answer.kind === 'unreadable') return { kind: 'unreadable', failure: answer.failure };
    if (budget.remainingMs < MIN_WAIT_MS)
      return { kind: 'missing', polls, lastSeen: describeListing(answer) };
    const ms = Math.min(backoffDelayMs(polls), budget.remainingMs);
    log.info(
      `Forge Bazaar: waiting for ${packageName} ${untrusted(version, 60)} (the Bazaar ${describeListing(answer)}); asking again in ${ms / 1000} s (${Math.round((budget.remainingMs - ms) / 1000)} s of forge-bazaar-wait left after that).`,
    );
    await sleep(ms);
    budget.spend(ms);
  }
}

/**
 * The failure when the Bazaar does not have the version yet, found before anything was touched (the wait) or
 * by the install call's own refusal. Says what to do: the Bazaar catches up within minutes.
 */
export function bazaarLacksVersionError(packageName: string, version: string, evidence: string): ActionError {
  return new ActionError(
    `The Forge's Bazaar does not have version ${untrusted(version, 60)} of '${packageName}' yet (${evidence}). Foundry lists a new version at once, the Bazaar some minutes later: re-run the reset later (a run with release: false), or a scheduled reset will pick it up; raise forge-bazaar-wait to wait longer in the release run.`,
  );
}

/**
 * The install call refused the version asked for as unknown (README, The Forge reset: an undocumented answer,
 * taken to be 404). For the version just published that is the Bazaar lagging; for forge-bazaar-version, a
 * version the Bazaar does not have.
 */
export function installRefusedError(install: BazaarInstall, refusal: string): ActionError {
  const version = install.version ?? 'latest';
  if (install.awaitListing) {
    return bazaarLacksVersionError(install.packageName, version, `the install call answered: ${refusal}`);
  }
  return new ActionError(
    `The Forge's Bazaar has no version ${untrusted(version, 60)} of '${install.packageName}' (the install call answered: ${refusal}). Check forge-bazaar-version against the versions the Bazaar lists.`,
  );
}

/**
 * SPEC §5 "After a release": waits before anything is stopped; past the wait, fails with the game untouched.
 * Returns what the Bazaar said, for the reset's list of calls.
 */
export async function awaitBazaarListing(
  listing: (packageName: string) => Promise<BazaarListing>,
  packageName: string,
  version: string,
  options: BazaarWaitOptions,
  warnings: Problem[],
): Promise<string> {
  if (options.waitMs === 0) return 'not asked (forge-bazaar-wait is 0)';
  const outcome = await waitForBazaarVersion(listing, packageName, version, options);
  const shown = untrusted(version, 60);
  switch (outcome.kind) {
    case 'listed':
      return `lists ${shown} (after ${outcome.polls} ${outcome.polls === 1 ? 'request' : 'requests'})`;
    case 'unreadable':
      warnings.push({
        message: `The Forge's Bazaar answered GET /api/bazaar/package/${packageName} with ${outcome.failure}, so the reset could not wait for it to list ${shown}; it went on, and the install call refuses a version the Bazaar does not have. Check forge-api-url.`,
      });
      return `unreadable answer (${outcome.failure}); not waited`;
    case 'missing':
      throw bazaarLacksVersionError(
        packageName,
        version,
        `${options.waitMs / 1000} s of forge-bazaar-wait passed and the Bazaar ${outcome.lastSeen}; nothing on the Forge was touched`,
      );
  }
}
