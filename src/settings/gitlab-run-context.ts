import type { RunContext } from './run-context.js';

/** A GitLab CI job: GitLab sets GITLAB_CI=true in every job (predefined CI/CD variables). */
export function isGitLabCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITLAB_CI === 'true';
}

/**
 * Reads the run from GitLab CI's predefined variables: CI_API_V4_URL, CI_PROJECT_ID, CI_PROJECT_PATH,
 * CI_SERVER_URL, CI_COMMIT_TAG (set only in tag pipelines), CI_PIPELINE_SOURCE (`merge_request_event` in
 * merge request pipelines, which dry-run as GitHub's pull requests do) and CI_PROJECT_DIR (the clone).
 * The job token cannot call GET /projects/:id, so the project is named by CI_PROJECT_ID, never looked up.
 */
export function runContextFromGitLabCi(env: NodeJS.ProcessEnv = process.env): RunContext {
  const serverUrl = (env.CI_SERVER_URL || 'https://gitlab.com').replace(/\/+$/, '');
  const projectPath = env.CI_PROJECT_PATH ?? '';
  return {
    hostKind: 'gitlab',
    eventName: env.CI_PIPELINE_SOURCE ?? '',
    payload: {},
    repository: splitProjectPath(projectPath),
    serverUrl,
    apiUrl: (env.CI_API_V4_URL || `${serverUrl}/api/v4`).replace(/\/+$/, ''),
    workspace: env.CI_PROJECT_DIR || process.cwd(),
    tag: env.CI_COMMIT_TAG || undefined,
    projectId: env.CI_PROJECT_ID || projectPath || undefined,
    hostTokenKind: env.GITLAB_TOKEN ? 'private' : 'job',
  };
}

/** `group/sub/project` → owner `group/sub`, repo `project` (GitLab's groups nest). */
export function splitProjectPath(projectPath: string): { owner: string; repo: string } {
  const cut = projectPath.lastIndexOf('/');
  return cut > 0
    ? { owner: projectPath.slice(0, cut), repo: projectPath.slice(cut + 1) }
    : { owner: '', repo: projectPath };
}
