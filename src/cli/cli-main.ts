import { cancelOnSignals } from '../problems/cancel.js';
import { main } from './cli.js';

const signal = cancelOnSignals();
process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  streams: { out: process.stdout, err: process.stderr },
  cwd: process.cwd(),
  signal,
});
// A cancelled run ends now that its report is out: nothing it left behind (an upload's stream) may hold it open.
if (signal.aborted) process.exit();
