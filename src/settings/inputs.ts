import * as z from 'zod/mini';
import { ActionError, type Problem } from '../problems/problem.js';
import { isPullRequest } from './run-context.js';
import { isUrl, secureUrlProblem } from '../network/url-policy.js';
import { isTagName } from './git-ref-name.js';

/** SPEC §6: these are masked before anything else runs. */
export const SECRET_INPUTS = ['token', 'forge-api-key', 'forge-world-secret', 'github-token'] as const;

export const INPUT_NAMES = [
  'token',
  'release',
  'package-id',
  'tag',
  'version',
  'manifest-asset',
  'manifest-url',
  'notes-url',
  'compatibility-minimum',
  'compatibility-verified',
  'compatibility-maximum',
  'manifest-path',
  'dry-run',
  'if-exists',
  'prerelease',
  'check-zip',
  'package-zip',
  'max-retry-wait',
  'request-timeout',
  'github-token',
  'foundry-api-url',
  'forge-reset',
  'forge-api-key',
  'forge-game',
  'forge-world',
  'forge-world-zip',
  'forge-bazaar-package',
  'forge-bazaar-version',
  'forge-bazaar-wait',
  'forge-world-secret',
  'forge-if-in-use',
  'forge-api-url',
] as const;

export type InputName = (typeof INPUT_NAMES)[number];
export type RawInputs = Record<InputName, string>;

export const DEFAULT_FOUNDRY_API_URL = 'https://foundryvtt.com/_api/packages/release_version/';
export const DEFAULT_FORGE_API_URL = 'https://forge-vtt.com';

export type IfExists = 'fail' | 'skip';
export type PrereleasePolicy = 'publish' | 'skip' | 'dry-run';
export type ForgeIfInUse = 'skip' | 'force' | 'fail';

export type WorldSource =
  | { kind: 'bazaar'; packageName: string; version?: string }
  | { kind: 'zip-file'; path: string }
  | { kind: 'zip-url'; url: string };

export interface ForgeSettings {
  apiKey: string;
  apiUrl: string;
  game?: string;
  world: string;
  source: WorldSource;
  worldSecret?: string;
  ifInUse: ForgeIfInUse;
  /** How long a Bazaar reset after a release waits for the Bazaar to list the version (SPEC §5); 0 = not at all. */
  bazaarWaitMs: number;
}

/** Everything the action was asked to do, parsed once; past this point nothing re-checks an input. */
export interface Settings {
  release: boolean;
  token?: string;
  packageId?: string;
  tag?: string;
  version?: string;
  manifestAsset?: string;
  manifestUrl?: string;
  notesUrl?: string;
  compatibility: { minimum?: string; verified?: string; maximum?: string };
  manifestPath?: string;
  dryRun: boolean | 'auto';
  ifExists: IfExists;
  prerelease: PrereleasePolicy;
  checkZip: boolean;
  /** A package zip in the workspace, checked locally on a pull request (as written; resolved by the step). */
  packageZip?: string;
  maxRetryWaitMs: number;
  requestTimeoutMs: number;
  githubToken?: string;
  foundryApiUrl: string;
  /** Present only when forge-reset is true. */
  forge?: ForgeSettings;
}

const MAX_TEXT = 256;
const MAX_URL = 2048;

/** Shows a value in an error without flooding the log. Never called for secrets. */
function quote(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  return `'${shown}'`;
}

/** Classic zod's `z.string().transform(fn)`, in zod/mini's functions (README, Decisions: zod/mini). */
function fromString<T>(fn: (raw: string, payload: z.core.ParsePayload) => T) {
  return z.pipe(z.string(), z.transform(fn));
}

/** zod/mini's transform is handed the bare parse payload, without classic zod's `ctx.addIssue`. */
function refuse(payload: z.core.ParsePayload, message: string): never {
  payload.issues.push({ code: 'custom', message, input: payload.value });
  return z.NEVER;
}

function optionalText(maxLength = MAX_TEXT) {
  return fromString((raw, ctx) => {
    const value = raw.trim();
    if (value === '') return undefined;
    if (value.length > maxLength) {
      return refuse(ctx, `is ${value.length} characters long; at most ${maxLength} fit`);
    }
    if (/\p{Cc}/u.test(value)) {
      return refuse(ctx, 'contains a line break or control character; give one line');
    }
    return value;
  });
}

/**
 * A secret: never echoed, and it must fit in an HTTP header. Tokens and keys are visible ASCII; a
 * character pasted along with one (a zero-width space, a non-breaking space) would be refused by Node when
 * the header is sent, so it is named here, before any request, by its code point (never the secret).
 */
function optionalSecret() {
  return fromString((raw, ctx) => {
    const value = raw.trim();
    if (value === '') return undefined;
    const invisible = /[^\x21-\x7e]/u.exec(value)?.[0];
    if (invisible !== undefined) {
      return refuse(
        ctx,
        `contains ${characterKind(invisible)} (${codePoint(invisible)}), which is not visible ASCII: tokens and keys are letters, digits and punctuation. Copy the secret again without it`,
      );
    }
    return value;
  });
}

function characterKind(character: string): string {
  if (/\s/u.test(character)) return 'white space';
  if (/\p{Cc}/u.test(character)) return 'a control character';
  if (/\p{Cf}/u.test(character)) return 'an invisible character';
  return 'a character outside ASCII';
}

function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A version or compatibility value (SPEC §6b): one word, as Foundry compares them part by part. */
function optionalVersion() {
  return optionalText().check(
    z.superRefine((value, ctx) => {
      if (value !== undefined && /\s/u.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'holds white space; give a version such as 13.345' });
      }
    }),
  );
}

/** A tag (SPEC §6b): a name git could give a tag, since it is put in URLs and outputs. */
function optionalTag() {
  return optionalText().check(
    z.superRefine((value, ctx) => {
      if (value !== undefined && !isTagName(value)) {
        ctx.addIssue({
          code: 'custom',
          message: `(${quote(value)}) is not a tag name git accepts (no white space, ~ ^ : ? * [ \\ or "..", as git check-ref-format says); give the release's tag`,
        });
      }
    }),
  );
}

function flag(defaultValue: boolean) {
  return fromString((raw, ctx) => {
    const value = raw.trim().toLowerCase();
    if (value === '') return defaultValue;
    if (value === 'true') return true;
    if (value === 'false') return false;
    return refuse(ctx, `must be true or false (any case); got ${quote(raw)}`);
  });
}

function choice<T extends string>(allowed: readonly T[], defaultValue: T) {
  return fromString((raw, ctx): T => {
    const value = raw.trim().toLowerCase();
    if (value === '') return defaultValue;
    const match = allowed.find((a) => a === value);
    if (match) return match;
    return refuse(ctx, `must be one of ${allowed.join(', ')}; got ${quote(raw)}`);
  });
}

function seconds(defaultSeconds: number, { min, max }: { min: number; max: number }) {
  return fromString((raw, ctx) => {
    const value = raw.trim();
    if (value === '') return defaultSeconds * 1000;
    if (!/^\d+(\.\d+)?$/.test(value) || Number(value) < min || Number(value) > max) {
      return refuse(ctx, `must be a number of seconds from ${min} to ${max}; got ${quote(raw)}`);
    }
    return Math.round(Number(value) * 1000);
  });
}

/** A URL we send to, or that Foundry will fetch: https, or http on loopback. */
function secureUrl(defaultValue?: string) {
  return fromString((raw, ctx) => {
    const value = raw.trim();
    if (value === '') return defaultValue;
    if (value.length > MAX_URL) {
      return refuse(ctx, `is ${value.length} characters long; at most ${MAX_URL} fit`);
    }
    const problem = secureUrlProblem(value);
    if (problem) {
      return refuse(ctx, `${problem}; got ${quote(value)}`);
    }
    return value;
  });
}

const rawInputsSchema = z.object({
  token: optionalSecret(),
  release: flag(true),
  'package-id': optionalText(),
  tag: optionalTag(),
  version: optionalVersion(),
  'manifest-asset': optionalText(),
  'manifest-url': secureUrl(),
  'notes-url': secureUrl(),
  'compatibility-minimum': optionalVersion(),
  'compatibility-verified': optionalVersion(),
  'compatibility-maximum': optionalVersion(),
  'manifest-path': optionalText(1024),
  'dry-run': fromString((raw, ctx): boolean | 'auto' => {
    const value = raw.trim().toLowerCase();
    if (value === '' || value === 'auto') return 'auto';
    if (value === 'true') return true;
    if (value === 'false') return false;
    return refuse(ctx, `must be true, false or auto (any case); got ${quote(raw)}`);
  }),
  'if-exists': choice(['fail', 'skip'] as const, 'fail'),
  prerelease: choice(['publish', 'skip', 'dry-run'] as const, 'publish'),
  'check-zip': flag(true),
  'package-zip': optionalText(1024),
  // 0 is meaningful here: no retries at all.
  'max-retry-wait': seconds(120, { min: 0, max: 21_600 }),
  // A request that may stay silent for no time at all would fail every call.
  'request-timeout': seconds(30, { min: 1, max: 3_600 }),
  'github-token': optionalSecret(),
  'foundry-api-url': secureUrl(DEFAULT_FOUNDRY_API_URL),
  'forge-reset': flag(false),
  'forge-api-key': optionalSecret(),
  'forge-game': optionalText(),
  'forge-world': optionalText(),
  'forge-world-zip': fromString((raw, ctx) => {
    const value = raw.trim();
    if (value === '') return undefined;
    if (!isUrl(value)) return { kind: 'zip-file' as const, path: value };
    const problem = secureUrlProblem(value);
    if (problem) {
      return refuse(ctx, `is a URL that ${problem}; give a workspace path or an https: URL`);
    }
    return { kind: 'zip-url' as const, url: value };
  }),
  'forge-bazaar-package': optionalText(),
  'forge-bazaar-version': optionalText(),
  // 0 means: install at once (the install itself still refuses a version the Bazaar does not have).
  'forge-bazaar-wait': seconds(600, { min: 0, max: 21_600 }),
  'forge-world-secret': optionalSecret(),
  'forge-if-in-use': choice(['skip', 'force', 'fail'] as const, 'skip'),
  'forge-api-url': secureUrl(DEFAULT_FORGE_API_URL),
});

type ParsedInputs = z.output<typeof rawInputsSchema>;

/** SPEC §6: the secrets among the inputs, for the entry point to mask before anything else runs. */
export function secretValues(raw: RawInputs): string[] {
  return SECRET_INPUTS.map((name) => raw[name].trim()).filter((value) => value !== '');
}

/**
 * Turns raw inputs into Settings, or throws one ActionError listing every problem, each naming
 * its input. Nothing has been sent anywhere when this throws.
 */
export function parseSettings(
  raw: RawInputs,
  eventName: string,
  githubApiUrl = 'https://api.github.com',
): Settings {
  const result = rawInputsSchema.safeParse(raw);
  if (!result.success) {
    throw new ActionError(
      result.error.issues.map((issue) => ({ message: `Input '${String(issue.path[0])}' ${issue.message}.` })),
    );
  }
  const parsed = result.data;
  const problems = crossChecks(parsed, eventName, githubApiUrl);
  if (problems.length > 0) throw new ActionError(problems);
  return toSettings(parsed);
}

/** Rules that involve more than one input. */
function crossChecks(p: ParsedInputs, eventName: string, githubApiUrl: string): Problem[] {
  const problems: Problem[] = [];
  const pullRequest = isPullRequest(eventName);
  // The release step sends the host's token there (on a pull request too: the version-order check lists
  // releases): held to the rule of the other endpoints (SPEC §1).
  const apiUrlProblem = p.release ? secureUrlProblem(githubApiUrl) : undefined;
  if (apiUrlProblem) {
    problems.push({
      message: `GITHUB_API_URL (CI_API_V4_URL on GitLab: the release host's API) ${apiUrlProblem}; got ${quote(githubApiUrl)}. The host's token is only sent over https: (or to 127.0.0.1 and localhost): serve the GitHub Enterprise, GitLab or Gitea server over https.`,
    });
  }
  if (p.release && !p.token && !pullRequest) {
    problems.push({
      message:
        "Input 'token' is required to publish: copy the \"Package Release Token\" from your package's page on foundryvtt.com into a repository secret and pass it as token: ${{ secrets.FOUNDRY_RELEASE_TOKEN }}.",
    });
  }
  if (p.release && pullRequest && p['dry-run'] === false) {
    problems.push({
      message:
        "Input 'dry-run' is false on a pull request, which would publish a version whose release does not exist yet. Leave dry-run at auto (or true) on pull requests.",
    });
  }
  if (!p.release && !p['forge-reset']) {
    problems.push({
      message:
        "Inputs 'release' and 'forge-reset' are both false, so there is nothing to do. Set release: true to publish, forge-reset: true to reset a Forge world, or both.",
    });
  }
  if (p['forge-reset']) {
    if (!p['forge-api-key']) {
      problems.push({
        message:
          "Input 'forge-api-key' is required when forge-reset is true: create a Forge API key with the read-data, write-data and manage-games permissions and pass it from a secret.",
      });
    }
    if (!p['forge-world']) {
      problems.push({
        message:
          "Input 'forge-world' is required when forge-reset is true: give the world's name (its id in world.json, not its title).",
      });
    }
    const zip = p['forge-world-zip'];
    if (zip && (p['forge-bazaar-package'] || p['forge-bazaar-version'])) {
      problems.push({
        message:
          "Inputs 'forge-world-zip' and 'forge-bazaar-package'/'forge-bazaar-version' exclude each other: the world comes either from a zip or from the Bazaar.",
      });
    }
  }
  return problems;
}

function toSettings(p: ParsedInputs): Settings {
  return {
    release: p.release,
    token: p.token,
    packageId: p['package-id'],
    tag: p.tag,
    version: p.version,
    manifestAsset: p['manifest-asset'],
    manifestUrl: p['manifest-url'],
    notesUrl: p['notes-url'],
    compatibility: {
      minimum: p['compatibility-minimum'],
      verified: p['compatibility-verified'],
      maximum: p['compatibility-maximum'],
    },
    manifestPath: p['manifest-path'],
    dryRun: p['dry-run'],
    ifExists: p['if-exists'],
    prerelease: p.prerelease,
    checkZip: p['check-zip'],
    packageZip: p['package-zip'],
    maxRetryWaitMs: p['max-retry-wait'],
    requestTimeoutMs: p['request-timeout'],
    githubToken: p['github-token'],
    foundryApiUrl: p['foundry-api-url'] ?? DEFAULT_FOUNDRY_API_URL,
    forge: p['forge-reset'] ? toForgeSettings(p) : undefined,
  };
}

function toForgeSettings(p: ParsedInputs): ForgeSettings {
  // crossChecks has already required the key and the world when forge-reset is true.
  const world = p['forge-world'] as string;
  const zip = p['forge-world-zip'];
  return {
    apiKey: p['forge-api-key'] as string,
    apiUrl: p['forge-api-url'] ?? DEFAULT_FORGE_API_URL,
    game: p['forge-game'],
    world,
    source: zip ?? {
      kind: 'bazaar',
      packageName: p['forge-bazaar-package'] ?? world,
      version: p['forge-bazaar-version'],
    },
    worldSecret: p['forge-world-secret'],
    ifInUse: p['forge-if-in-use'],
    bazaarWaitMs: p['forge-bazaar-wait'],
  };
}
