import * as core from '@actions/core';
import { run as runCore } from '../main.js';
import { useLog } from '../problems/log.js';
import { INPUT_NAMES, secretValues, type RawInputs } from '../settings/inputs.js';
import { runContextFromEnvironment } from '../settings/run-context.js';
import { actionsLog, actionsReporter } from './actions-reporter.js';

/**
 * The runner cancels a job (or ends one past its timeout-minutes) with SIGINT, then SIGTERM, and kills the
 * process about 7.5 s after the first signal. Either signal aborts the run: the core ends the request in
 * flight, idles a stopped Forge game again, and the outputs and summary are written before the kill.
 */
function cancelOnSignals(): AbortSignal {
  const cancel = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (cancel.signal.aborted) {
      core.info(`Received ${name} again; still finishing the cancelled run.`);
      return;
    }
    core.info(
      `Received ${name}: the job was cancelled or reached its timeout-minutes. Stopping the request in flight; a stopped Forge game is idled again before the run ends.`,
    );
    cancel.abort(name);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return cancel.signal;
}

/** The GitHub Action's door: inputs from INPUT_*, results through the runner's workflow commands. */
export async function run(): Promise<void> {
  const raw = {} as RawInputs;
  for (const name of INPUT_NAMES) raw[name] = core.getInput(name, { trimWhitespace: false });
  // SPEC §6: masked before anything else runs, so no later log line can show them.
  for (const secret of secretValues(raw)) core.setSecret(secret);
  useLog(actionsLog);
  const signal = cancelOnSignals();
  const report = await runCore({
    raw,
    runContext: () => runContextFromEnvironment(),
    reporter: actionsReporter,
    signal,
  });
  if (report.problems.length > 0 || signal.aborted) process.exitCode = 1;
  // A cancelled run must end before the runner's kill: nothing it left behind (an upload's file stream) may
  // hold the process open. The outputs and the summary are already written.
  if (signal.aborted) process.exit();
}
