#!/usr/bin/env node
import module from 'node:module';

// A terminal or a pre-commit hook runs the CLI again and again on one machine: Node's compile cache (Node 22.1+;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off) keeps the bundle's compiled code between runs, about 3 ms of each
// start. Not in CI, where every job starts with an empty cache and writing it would only cost (README, Performance).
if (!process.env.CI) (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// The CLI itself is a bundle of its own (dist/cli-main.js, scripts/build.mjs), loaded once the cache is on.
await import(/* webpackIgnore: true */ './cli-main.js');
