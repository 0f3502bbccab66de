#!/usr/bin/env node
import module from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';

// A terminal or a pre-commit hook runs the CLI again and again on one machine: Node's compile cache (Node 22.1+;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off) keeps the bundle's compiled code between runs, about 3 ms of each
// start. Not in CI, where every job starts with an empty cache and writing it would only cost (README,
// Performance). In the user's own cache folder, not Node's default in the shared temp folder, where another
// user could have made the folder first. NODE_COMPILE_CACHE, when set, wins (Node turned it on already).
if (!process.env.CI) {
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  (module as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache?.(
    path.join(cacheHome, 'fvtt-release', 'compile-cache'),
  );
}

// The CLI itself is a bundle of its own (dist/cli-main.js, scripts/build.mjs), loaded once the cache is on.
await import(/* webpackIgnore: true */ './cli-main.js');
