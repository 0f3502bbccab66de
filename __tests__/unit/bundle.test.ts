import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../runner/run-action.js';

/** dist/ as `npm run bundle` (scripts/build.mjs) leaves it; `npm test` builds it first. */
const dist = path.join(REPO_ROOT, 'dist');
const read = (file: string) => readFileSync(path.join(dist, file), 'utf8');
/** The chunks of one bundle (`index` for the action, `cli-main` for the CLI), loaded on first use. */
const chunks = (entry = 'index') =>
  readdirSync(dist).filter((f) => f.endsWith(`.${entry}.js`) && /^\d+\./.test(f));

describe('the bundle', () => {
  it('leaves undici out: http-client needs it only for fetch(), which nothing here calls', () => {
    for (const file of ['index.js', ...chunks(), 'cli.js', 'cli-main.js', ...chunks('cli-main')]) {
      // undici's own error codes (UND_ERR_CONNECT_TIMEOUT, …) are in every build of it.
      expect(read(file), file).not.toMatch(/UND_ERR_/);
    }
  });

  it('starts the CLI from a launcher that turns on the compile cache, outside CI only, then loads the CLI', () => {
    const launcher = read('cli.js');
    expect(launcher.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(launcher).toContain('enableCompileCache');
    expect(launcher).toContain('process.env.CI');
    expect(launcher).toContain('import("./cli-main.js")');
    expect(statSync(path.join(dist, 'cli.js')).mode & 0o111).not.toBe(0);
  });

  it.each(['index', 'cli-main'])(
    'keeps the zip reader, the multipart encoder, the Forge code and proxy support out of %s.js, in chunks',
    (entry) => {
      const start = read(`${entry}.js`);
      const lazy = chunks(entry).map(read).join('\n');
      // yauzl's, form-data-encoder's, the Forge client's, @actions/http-client's and tunnel's own words.
      for (const marker of [
        'End of central directory record signature not found',
        'multipart/form-data; boundary=',
        '/api/data/import',
        'allowRedirectDowngrade',
        'tunneling socket could not be established',
      ]) {
        expect(start, marker).not.toContain(marker);
        expect(lazy, marker).toContain(marker);
      }
    },
  );

  it('lists the licence of every package it holds', () => {
    const licenses = read('licenses.txt');
    for (const name of ['@actions/http-client', 'tunnel', 'zod', 'yauzl', 'pend', 'form-data-encoder'])
      expect(licenses, name).toMatch(new RegExp(`^${name}\\n(MIT|ISC)\\n`, 'm'));
    expect(licenses).not.toMatch(/^undici$/m);
    // The Action door writes workflow commands itself (src/action/workflow-commands.ts).
    expect(licenses).not.toMatch(/^@actions\/core$/m);
  });

  it('stays within 1 MiB', () => {
    const bytes = readdirSync(dist).reduce((sum, f) => sum + statSync(path.join(dist, f)).size, 0);
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
  });
});
