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
  'github-token': 'GITHUB_TOKEN, CI_JOB_TOKEN or GITLAB_TOKEN',
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

/** Inputs that are true/false (or auto): `--dry-run` alone means true, `--dry-run=false` says otherwise. */
const SWITCH_INPUTS: readonly InputName[] = ['release', 'dry-run', 'check-zip', 'forge-reset'];

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
      args: args.map((arg) => (SWITCH_INPUTS.some((name) => arg === `--${name}`) ? `${arg}=true` : arg)),
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
    inputs: inputs as CliArgs['inputs'],
    where,
  };
}

/**
 * The action's messages name inputs (`Input 'package-id'`, `the 'version' input`); through this door they
 * are flags and variables, and secrets are their variables.
 */
export function rewordForCli(message: string): string {
  const known = new Set<string>(INPUT_NAMES);
  const name = (quoted: string) => (known.has(quoted) ? flagOf(quoted as InputName) : `'${quoted}'`);
  return message
    .replace(
      'into a repository secret and pass it as token: ${{ secrets.FOUNDRY_RELEASE_TOKEN }}',
      'into the environment as FOUNDRY_RELEASE_TOKEN (in GitLab CI: a masked CI/CD variable)',
    )
    .replace(/\bInputs? ((?:'[a-z-]+'(?:, | and | or |\/)?)+)/g, (_match, list: string) =>
      list.replace(/'([a-z-]+)'/g, (_q, quoted: string) => name(quoted)),
    )
    .replace(/(?:the )?'([a-z-]+)' input\b/g, (match, quoted: string) =>
      known.has(quoted) ? name(quoted) : match,
    );
}
