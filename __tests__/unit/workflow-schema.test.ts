import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../runner/run-action.js';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const yamlIn = (dir: string) =>
  readdirSync(path.join(REPO_ROOT, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${dir}/${f}`);

/** The schema's errors, flattened to "path: detail" lines, so a failure says what is wrong. */
function schemaErrors(result: { errors: unknown[] }): string[] {
  return (result.errors as { path?: string; detail?: string; title?: string }[]).map(
    (e) => `${e.path ?? ''}: ${e.detail ?? e.title ?? ''}`,
  );
}

describe('workflow files validate against the GitHub workflow schema', () => {
  for (const file of [...yamlIn('examples'), ...yamlIn('.github/workflows')]) {
    it(file, () => {
      expect(schemaErrors(validateWorkflow(read(file)))).toEqual([]);
    });
  }

  it('every workflow snippet in the README', () => {
    const snippets = [...read('README.md').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    const workflows = snippets.filter((s) => /^on:/m.test(s));
    expect(workflows.length).toBeGreaterThanOrEqual(3);
    for (const snippet of workflows) expect(schemaErrors(validateWorkflow(snippet))).toEqual([]);
  });
});

/** Every `run:` script of a workflow text, as written (block scalars included). */
function runScripts(workflow: string): string[] {
  const scripts: string[] = [];
  const lines = workflow.split('\n');
  lines.forEach((line, i) => {
    const run = /^(\s*(?:- )?)run:\s*(.*)$/.exec(line);
    if (!run) return;
    // The script ends at the next line indented no deeper than `run:` itself (a sibling key such as env:).
    const indent = (run[1] ?? '').length;
    const body = [run[2] ?? ''];
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j] ?? '';
      if (next.trim() !== '' && next.search(/\S/) <= indent) break;
      body.push(next);
    }
    scripts.push(body.join('\n'));
  });
  return scripts;
}

describe('scripts in our docs take outputs and event fields through env:', () => {
  // GitHub's security hardening guide: an expression pasted into a script runs whatever text it holds.
  const sources = [
    ...[...yamlIn('examples'), ...yamlIn('.github/workflows')].map((file) => ({ file, text: read(file) })),
    ...[...read('README.md').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m, i) => ({
      file: `README.md snippet ${i + 1}`,
      text: m[1] ?? '',
    })),
  ];
  for (const { file, text } of sources) {
    it(file, () => {
      const pasted = runScripts(text).filter((script) => script.includes('${{'));
      expect(pasted).toEqual([]);
    });
  }

  it('finds the scripts it checks', () => {
    expect(runScripts('steps:\n  - run: |\n      echo ${{ x }}\n  - run: echo hi')).toEqual([
      '|\n      echo ${{ x }}',
      'echo hi',
    ]);
  });
});

describe('action.yml validates against the GitHub action schema', () => {
  it('in everything but runs.using, which the schema does not know as node24 yet', () => {
    // @action-validator 0.6.0 bundles a schema that predates node24 (GitHub added it in 2025);
    // the runtime is asserted separately in action-metadata.test.ts.
    const action = read('action.yml');
    expect(action).toContain("using: 'node24'");
    expect(schemaErrors(validateAction(action.replace("using: 'node24'", "using: 'node20'")))).toEqual([]);
  });
});

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string> | string;
  'timeout-minutes'?: number;
  steps?: Step[];
}
interface Workflow {
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean } | string;
  jobs: Record<string, Job>;
}
const workflowIn = (file: string) => parseYaml(read(file)) as Workflow;

describe('our own workflows run third-party code only at a reviewed commit', () => {
  // A tag can be moved to other code by whoever controls the action's repository; a commit SHA cannot.
  for (const file of yamlIn('.github/workflows')) {
    it(`${file} pins every action by commit SHA, with its version in a comment`, () => {
      const uses = read(file)
        .split('\n')
        .filter((line) => /^\s*(- )?uses:/.test(line) && !/uses:\s*\.\//.test(line));
      expect(uses.length).toBeGreaterThan(0);
      for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    });
  }

  it('Dependabot keeps the pins current', () => {
    const config = parseYaml(read('.github/dependabot.yml')) as {
      updates: { 'package-ecosystem': string }[];
    };
    expect(config.updates.map((u) => u['package-ecosystem'])).toContain('github-actions');
  });
});

describe('the release workflow cannot move v1 from code that npm installed', () => {
  const release = workflowIn('.github/workflows/release.yml');
  const jobs = Object.entries(release.jobs);
  const writes = (permissions: Job['permissions']) =>
    permissions === 'write-all' ||
    (typeof permissions === 'object' && Object.values(permissions).some((p) => p === 'write'));
  const runsNpm = (job: Job) =>
    (job.steps ?? []).some((s) => /\b(npm|npx|node)\b/.test(s.run ?? '') || /setup-node/.test(s.uses ?? ''));

  it('grants nothing at the top: each job says what it needs', () => {
    expect(release.permissions).toEqual({});
  });

  it('tests with a read-only token that checkout does not leave on disk', () => {
    const testing = jobs.filter(([, job]) => runsNpm(job));
    expect(testing.map(([name]) => name)).toEqual(['test']);
    for (const [, job] of testing) {
      expect(job.permissions).toEqual({ contents: 'read' });
      const checkouts = (job.steps ?? []).filter((s) => s.uses?.startsWith('actions/checkout@'));
      expect(checkouts.length).toBeGreaterThan(0);
      for (const checkout of checkouts) expect(checkout.with?.['persist-credentials']).toBe(false);
    }
  });

  it('moves the tag in a job that needs the tests, runs no npm, and checks the commit is on main first', () => {
    const writers = jobs.filter(([, job]) => writes(job.permissions));
    expect(writers.map(([name]) => name)).toEqual(['release']);
    const [, job] = writers[0]!;
    expect(job.permissions).toEqual({ contents: 'write' });
    expect([job.needs].flat()).toContain('test');
    expect(runsNpm(job)).toBe(false);
    const scripts = (job.steps ?? []).map((s) => s.run ?? '');
    const onMain = scripts.findIndex((r) =>
      /git merge-base --is-ancestor "\$GITHUB_SHA" refs\/remotes\/origin\/main/.test(r),
    );
    const moves = scripts.findIndex((r) => /git\/refs/.test(r));
    const releases = scripts.findIndex((r) => /gh release create/.test(r));
    expect(onMain).toBeGreaterThanOrEqual(0);
    expect(onMain).toBeLessThan(releases);
    expect(onMain).toBeLessThan(moves);
  });
});

describe('the examples never run two resets at once, and end before the runner kills them', () => {
  for (const file of yamlIn('examples')) {
    it(file, () => {
      const workflow = workflowIn(file);
      expect(workflow.concurrency).toBeDefined();
      for (const job of Object.values(workflow.jobs)) expect(job['timeout-minutes']).toBeGreaterThan(0);
    });
  }

  it('a reset waits for the one before it instead of cancelling it mid-import', () => {
    const nightly = workflowIn('examples/nightly-forge-reset.yml');
    expect(nightly.concurrency).toEqual({ group: 'forge-demo-world', 'cancel-in-progress': false });
  });
});
