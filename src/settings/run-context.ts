import { readFileSync } from 'node:fs';
import { ActionError } from '../problems/problem.js';
import { giteaFamily, type GiteaFamily } from './gitea-run-context.js';

/** A repository on its host: `owner` may hold subgroups on GitLab (`group/sub`). */
export interface Repository {
  owner: string;
  repo: string;
}

/** What the action knows of the workflow run that started it. */
export interface RunContext {
  eventName: string;
  payload: unknown;
  repository: Repository;
  /** Set when the release lives on Forgejo or Gitea, whose Actions runner presents itself as GitHub's. */
  gitea?: GiteaFamily;
  serverUrl: string;
  apiUrl: string;
  workspace: string;
}

export function isPullRequest(eventName: string): boolean {
  return eventName === 'pull_request' || eventName === 'pull_request_target';
}

/**
 * Reads the run from the runner's environment, as the runner documents it (GITHUB_EVENT_NAME,
 * GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_SERVER_URL, GITHUB_API_URL, GITHUB_WORKSPACE).
 */
export function runContextFromEnvironment(env: NodeJS.ProcessEnv = process.env): RunContext {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload: readEventPayload(env.GITHUB_EVENT_PATH),
    repository: { owner, repo },
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    gitea: giteaFamily(env),
  };
}

function readEventPayload(file: string | undefined): unknown {
  if (!file) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ActionError(
      `Cannot read the event payload at GITHUB_EVENT_PATH (${(error as Error).message}).`,
    );
  }
}
