import { context } from '@actions/github';
import type { Repository } from './github-api.js';

/** What the action knows of the workflow run that started it. */
export interface RunContext {
  eventName: string;
  payload: unknown;
  repository: Repository;
  serverUrl: string;
  apiUrl: string;
  workspace: string;
}

export function isPullRequest(eventName: string): boolean {
  return eventName === 'pull_request' || eventName === 'pull_request_target';
}

/** `$GITHUB_SERVER_URL/<owner>/<repo>/releases`: the prefix of every URL into this repository's releases. */
export function releasesUrl(run: RunContext): string {
  return `${run.serverUrl}/${run.repository.owner}/${run.repository.repo}/releases`;
}

/** Reads the run from the runner's environment (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY, …). */
export function runContextFromEnvironment(): RunContext {
  const [owner = '', repo = ''] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  return {
    eventName: context.eventName ?? '',
    payload: context.payload,
    repository: { owner, repo },
    serverUrl: context.serverUrl.replace(/\/+$/, ''),
    apiUrl: context.apiUrl.replace(/\/+$/, ''),
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
  };
}
