import { parseArgs } from 'node:util';
import { INPUT_NAMES, SECRET_INPUTS, type InputName, type RawInputs } from '../settings/inputs.js';

export const COMMANDS = ['check', 'publish', 'forge-reset'] as const;
export type Command = (typeof COMMANDS)[number];

type SecretInput = (typeof SECRET_INPUTS)[number];

/**
 * Secrets come only from these variables, never from flags: a flag shows in process lists and in CI logs
 * that echo commands. The host token's variable depends on the host (see hostToken in cli-run-context.ts).
 */
export const SECRET_VARIABLES: Record<SecretInput, string> = {
  token: 'FOUNDRY_RELEASE_TOKEN',
  'forge-api-key': 'FORGE_API_KEY',
  'forge-world-secret': 'FORGE_WORLD_SECRET',
  'github-token': 'GITHUB_TOKEN, CI_JOB_TOKEN or GITLAB_TOKEN (GitLab), or GITEA_TOKEN (Forgejo/Gitea)',
};

/** Every variable that may hold a secret; their values are masked in every line the CLI writes. */
export const SECRET_ENV_NAMES = [
  'FOUNDRY_RELEASE_TOKEN',
  'FORGE_API_KEY',
  'FORGE_WORLD_SECRET',
  'GITHUB_TOKEN',
  'CI_JOB_TOKEN',
  'GITLAB_TOKEN',
  'GITEA_TOKEN',
] as const;

/**
 * Inputs that are true/false (or auto): `--dry-run` alone means true; `--dry-run=false` and
 * `--dry-run false` say otherwise (a next argument that is true, false or auto, in any case, is the value).
 */
const SWITCH_INPUTS: readonly InputName[] = ['release', 'dry-run', 'check-zip', 'forge-reset'];
const SWITCH_VALUE = /^(?:true|false|auto)$/i;

/** `--dry-run` → `--dry-run=true`, `--dry-run false` → `--dry-run=false`, for util.parseArgs' strings. */
function withSwitchValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (!SWITCH_INPUTS.some((name) => arg === `--${name}`)) {
      out.push(arg);
      continue;
    }
    const next = args[i + 1];
    if (next !== undefined && SWITCH_VALUE.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(`${arg}=true`);
  }
  return out;
}

/** The CLI's own flags, beside one flag per action input; each also has an FVTT_ variable. */
const WHERE_FLAGS = ['repository', 'host-url', 'api-url', 'host'] as const;
type WhereFlag = (typeof WHERE_FLAGS)[number];

export function isSecretInput(name: InputName): name is SecretInput {
  return (SECRET_INPUTS as readonly string[]).includes(name);
}

/** `package-id` → `FVTT_PACKAGE_ID`. */
export function variableOf(name: string): string {
  return `FVTT_${name.toUpperCase().replace(/-/g, '_')}`;
}

/** How a message names an input in this door: `--package-id (FVTT_PACKAGE_ID)`, or a secret's variable. */
export function flagOf(name: InputName): string {
  return isSecretInput(name) ? SECRET_VARIABLES[name] : `--${name} (${variableOf(name)})`;
}

/** A mistake in the command line: exit code 2, with the usage of the command. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliArgs {
  command: Command | undefined;
  help: boolean;
  json: boolean;
  verbose: boolean;
  positionals: string[];
  /** The inputs and CLI flags given on the command line (not by FVTT_ variables), without the dashes. */
  flagsGiven: string[];
  /** Every input but the secrets: flag, else FVTT_ variable, else '' (the action's default). */
  inputs: Omit<RawInputs, SecretInput>;
  where: Partial<Record<WhereFlag, string>>;
}

/** Reads the command line with Node's util.parseArgs; every mistake is a UsageError naming the flag. */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliArgs {
  const [first, ...rest] = argv;
  const command = COMMANDS.find((c) => c === first);
  if (first !== undefined && !command && !first.startsWith('-')) {
    throw new UsageError(`Unknown command '${first}'. Commands: ${COMMANDS.join(', ')}.`);
  }
  const args = command ? rest : argv;
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
    json: { type: 'boolean' },
    verbose: { type: 'boolean' },
  };
  for (const name of INPUT_NAMES) options[name] = { type: 'string' };
  for (const name of WHERE_FLAGS) options[name] = { type: 'string' };
  let parsed;
  try {
    parsed = parseArgs({
      args: withSwitchValues(args),
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}.`.replace(/\.\.$/, '.'), command);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const given = INPUT_NAMES.filter(isSecretInput).filter((name) => values[name] !== undefined);
  if (given.length > 0) {
    throw new UsageError(
      given
        .map(
          (name) =>
            `--${name} is not a flag: secrets are read only from the environment (flags show in process lists and CI logs). Set ${SECRET_VARIABLES[name]} instead.`,
        )
        .join('\n'),
      command,
    );
  }
  const inputs = {} as Record<string, string>;
  for (const name of INPUT_NAMES) {
    if (isSecretInput(name)) continue;
    const flag = values[name];
    inputs[name] = typeof flag === 'string' ? flag : (env[variableOf(name)] ?? '');
  }
  const where: Partial<Record<WhereFlag, string>> = {};
  for (const name of WHERE_FLAGS) {
    const value = values[name] ?? env[variableOf(name)];
    if (typeof value === 'string' && value.trim() !== '') where[name] = value.trim();
  }
  return {
    command,
    help: values.help === true,
    json: values.json === true,
    verbose: values.verbose === true,
    positionals: parsed.positionals,
    flagsGiven: [...INPUT_NAMES, ...WHERE_FLAGS].filter((name) => values[name] !== undefined),
    inputs: inputs as CliArgs['inputs'],
    where,
  };
}

/** Phrases of the action's messages that only fit a GitHub workflow, as this door says them. */
const CLI_PHRASES: readonly [string | RegExp, string][] = [
  [
    'into a repository secret and pass it as token: ${{ secrets.FOUNDRY_RELEASE_TOKEN }}',
    'into the environment as FOUNDRY_RELEASE_TOKEN (in CI: a masked, protected CI/CD variable or secret)',
  ],
  [
    "Run actions/checkout before this step, or set 'manifest-path'.",
    "Run fvtt-release in the package's folder (in CI: after the repository is checked out), give the folder or the manifest as PATH to check, or set --manifest-path (FVTT_MANIFEST_PATH).",
  ],
  [
    'Check out the repository first (actions/checkout) and give the path from its root.',
    "Give the path from the package's folder (the current folder, or the folder given as PATH to check).",
  ],
  [
    'Build the zip in an earlier step of the job, and give its path from the workspace root (e.g. dist/module.zip).',
    'Build the zip before fvtt-release runs, and give its path from the project folder (e.g. dist/module.zip).',
  ],
  [
    'Build or download the zip in an earlier step, and give its path from the workspace root.',
    'Build or download the zip before fvtt-release runs, and give its path from the project folder (the current folder in a terminal).',
  ],
  [
    /The action reads only files of the workspace \(GITHUB_WORKSPACE\)/g,
    'fvtt-release reads only files of the project folder (CI_PROJECT_DIR or GITHUB_WORKSPACE in a CI, else the current folder)',
  ],
  [
    'GITHUB_REPOSITORY is not set, so there is no repository to read releases from. Run the action in a GitHub workflow.',
    'No repository to read releases from: give --repository (FVTT_REPOSITORY), e.g. --repository owner/my-module.',
  ],
  ['(this step runs after it)', '(publish reads it)'],
  [/\bbefore this step runs\b/g, 'before fvtt-release publish runs'],
  [/re-run the workflow\b/g, 're-run the job'],
  [
    "the default ${{ github.token }} needs 'permissions: contents: read' in the workflow",
    "in GitHub Actions the job's GITHUB_TOKEN needs 'permissions: contents: read' in the workflow; elsewhere use a token that can read the repository",
  ],
  [
    'the default ${{ github.token }} of a Forgejo or Gitea Actions job can',
    "a Forgejo or Gitea Actions job's own token can",
  ],
  [/\bgithub-token can read\b/g, 'the host token (GITHUB_TOKEN; GITEA_TOKEN on Forgejo/Gitea) can read'],
];

/** …and what only fits `check`, which sends nothing. */
const CHECK_PHRASES: readonly [string | RegExp, string][] = [
  [
    "Everything else was checked locally; Foundry's dry run needs a real version, so nothing was sent. Pass the 'version' input (e.g. the next version) to dry-run against the API.",
    "Everything else was checked; pass --version (FVTT_VERSION) (e.g. the next version) to check the release as it would be sent (and to 'fvtt-release publish --dry-run' against Foundry's API, which needs a real version).",
  ],
];

/** Inputs whose `name: value` (YAML) in a message becomes `--name value`. */
const VALUED =
  /\b(release|prerelease|dry-run|if-exists|check-zip|forge-reset|forge-if-in-use|forge-bazaar-wait): (true|false|auto|skip|fail|force|dry-run|include|exclude|\d+)\b/g;

/**
 * The action's messages name inputs (`Input 'package-id'`, `the 'version' input`); through this door they
 * are flags and variables, and secrets are their variables.
 */
export function rewordForCli(message: string, command?: Command): string {
  const known = new Set<string>(INPUT_NAMES);
  const name = (quoted: string) => (known.has(quoted) ? flagOf(quoted as InputName) : `'${quoted}'`);
  const phrases = command === 'check' ? [...CHECK_PHRASES, ...CLI_PHRASES] : CLI_PHRASES;
  let text = message;
  for (const [from, to] of phrases) text = text.replaceAll(from, to);
  const hyphenated = INPUT_NAMES.filter((n) => n.includes('-')).join('|');
  return text
    .replace(VALUED, (_match, input: string, value: string) => `--${input} ${value}`)
    .replace(
      new RegExp(`\\b(set|Set|raise|Raise|with|fix|give|Give|Pass|pass) '?(${hyphenated})'?(?![\\w-])`, 'g'),
      (match, verb: string, input: string) =>
        isSecretInput(input as InputName) ? match : `${verb} ${flagOf(input as InputName)}`,
    )
    .replace(
      new RegExp(`\\b(set|Set|with|fix|Pass|pass) '(${INPUT_NAMES.join('|')})'(?! input)`, 'g'),
      (_match, verb: string, input: string) => `${verb} ${name(input)}`,
    )
    .replace(/\bInputs? ((?:'[a-z-]+'(?:, | and | or |\/)?)+)/g, (_match, list: string) =>
      list.replace(/'([a-z-]+)'/g, (_q, quoted: string) => name(quoted)),
    )
    .replace(/(?:the )?'([a-z-]+)' input\b/g, (match, quoted: string) =>
      known.has(quoted) ? name(quoted) : match,
    );
}
