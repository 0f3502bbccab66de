import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../runner/run-action.js';

describe('npm run local-action', () => {
  it('runs src/action/run-action.ts with @github/local-action against the simulations, as .env.example configures it', async () => {
    const child = spawn('npx', ['tsx', 'scripts/local-action.ts', '.env.example'], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const [code] = (await once(child, 'close')) as [number | null];

    expect(output).toContain('::set-output name=status::published');
    expect(output).toContain('::set-output name=forge-result::reset');
    expect(output).toContain('Foundry received 1 release request(s); the Forge 6 call(s).');
    expect(code).toBe(0);
  }, 120_000);
});
