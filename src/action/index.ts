import { run } from './run-action.js';

await run();
// Everything the run reports is written by now (synchronously): whatever a server left open (a socket it
// never closed) must not keep the job running until timeout-minutes. process.exitCode stays as run() set it.
process.exit();
