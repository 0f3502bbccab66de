#!/usr/bin/env node
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  streams: { out: process.stdout, err: process.stderr },
  cwd: process.cwd(),
});
