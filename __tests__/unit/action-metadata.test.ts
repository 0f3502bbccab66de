import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_NAMES } from '../../src/settings/inputs.js';
import { REPO_ROOT } from '../runner/run-action.js';

interface ActionYml {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const action = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYml;
const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

/** The rows of the markdown table under `## <heading>`: first cell → second cell. */
function tableUnder(heading: string): Map<string, string> {
  const section = readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const name = /^`([a-z-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name) rows.set(name, cells[2] ?? '');
  }
  return rows;
}

describe('action.yml', () => {
  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares exactly the inputs the action reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort());
  });

  it('declares the outputs of SPEC §3', () => {
    expect(Object.keys(action.outputs)).toEqual([
      'status',
      'page',
      'package-id',
      'version',
      'manifest-url',
      'notes-url',
      'payload',
      'forge-result',
    ]);
  });
});

describe('README', () => {
  it('documents every input, with the default action.yml gives it', () => {
    const documented = tableUnder('Inputs');
    expect([...documented.keys()].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      if (input.default !== undefined) expect(documented.get(name), name).toContain(`\`${input.default}\``);
    }
  });

  it('documents every output', () => {
    expect([...tableUnder('Outputs').keys()]).toEqual(Object.keys(action.outputs));
  });

  it('gives the newcomer commands', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
  });
});
