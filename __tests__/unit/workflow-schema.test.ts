import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
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

describe('action.yml validates against the GitHub action schema', () => {
  it('in everything but runs.using, which the schema does not know as node24 yet', () => {
    // @action-validator 0.6.0 bundles a schema that predates node24 (GitHub added it in 2025);
    // the runtime is asserted separately in action-metadata.test.ts.
    const action = read('action.yml');
    expect(action).toContain("using: 'node24'");
    expect(schemaErrors(validateAction(action.replace("using: 'node24'", "using: 'node20'")))).toEqual([]);
  });
});
