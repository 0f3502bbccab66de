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
