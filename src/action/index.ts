import { run } from './run-action.js';

await run();
// Everything the run reports is written by now (synchronously): whatever it left behind (a socket a server
// never closed, a cancelled upload's file stream) must not keep the job running until timeout-minutes or the
// runner's kill. process.exitCode stays as run() set it.
process.exit();
