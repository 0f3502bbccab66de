import { run as runCore } from '../main.js';
import { cancelOnSignals } from '../problems/cancel.js';
import { useLog } from '../problems/log.js';
import { INPUT_NAMES, secretValues, type RawInputs } from '../settings/inputs.js';
import { runContextFromEnvironment } from '../settings/run-context.js';
import { actionsLog, actionsReporter, runner } from './actions-reporter.js';

/** The GitHub Action's door: inputs from INPUT_*, results through the runner's workflow commands. */
export async function run(): Promise<void> {
  const raw = {} as RawInputs;
  for (const name of INPUT_NAMES) raw[name] = runner.input(name);
  // SPEC §6: masked before anything else runs, so no later log line can show them.
  for (const secret of secretValues(raw)) runner.mask(secret);
  useLog(actionsLog);
  const signal = cancelOnSignals();
  const report = await runCore({
    raw,
    runContext: () => runContextFromEnvironment(),
    reporter: actionsReporter,
    signal,
  });
  if (report.problems.length > 0 || signal.aborted) process.exitCode = 1;
}
