import { readFileSync } from 'node:fs';
import { ActionError } from '../problems/problem.js';
import { giteaFamily, type GiteaFamily } from './gitea-run-context.js';

/** A repository on its host: `owner` may hold subgroups on GitLab (`group/sub`). */
export interface Repository {
  owner: string;
  repo: string;
}

/** Where the release lives: picks the release host adapter (hosts/release-hosts.ts). */
export type HostKind = 'github' | 'gitlab';

/** What the action knows of the workflow run that started it. */
export interface RunContext {
  hostKind: HostKind;
  /** GitHub's event name; on GitLab CI, CI_PIPELINE_SOURCE (`push`, `merge_request_event`, …). */
  eventName: string;
  payload: unknown;
  repository: Repository;
  /** Set when the release lives on Forgejo or Gitea, whose Actions runner presents itself as GitHub's. */
  gitea?: GiteaFamily;
  serverUrl: string;
  apiUrl: string;
  workspace: string;
  /** The tag the pipeline runs for, when the CI says so outside an event payload (GitLab's CI_COMMIT_TAG). */
  tag?: string;
  /** GitLab: the project's id for API routes (CI_PROJECT_ID, or the `group/project` path). */
  projectId?: string;
  /** GitLab: the host token is CI_JOB_TOKEN (sent as JOB-TOKEN) or an access token (PRIVATE-TOKEN). */
  hostTokenKind?: 'job' | 'private';
}

/** A pull request on GitHub, a merge request pipeline on GitLab: the release does not exist yet. */
export function isPullRequest(eventName: string): boolean {
  return (
    eventName === 'pull_request' || eventName === 'pull_request_target' || eventName === 'merge_request_event'
  );
}

/**
 * Reads the run from the runner's environment, as the runner documents it (GITHUB_EVENT_NAME,
 * GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_SERVER_URL, GITHUB_API_URL, GITHUB_WORKSPACE).
 */
export function runContextFromEnvironment(env: NodeJS.ProcessEnv = process.env): RunContext {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  return {
    hostKind: 'github',
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
