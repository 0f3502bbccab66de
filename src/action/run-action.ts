import * as core from '@actions/core';
import { run as runCore } from '../main.js';
import { useLog } from '../problems/log.js';
import { INPUT_NAMES, secretValues, type RawInputs } from '../settings/inputs.js';
import { runContextFromEnvironment } from '../settings/run-context.js';
import { actionsLog, actionsReporter } from './actions-reporter.js';

/** The GitHub Action's door: inputs from INPUT_*, results through the runner's workflow commands. */
export async function run(): Promise<void> {
  const raw = {} as RawInputs;
  for (const name of INPUT_NAMES) raw[name] = core.getInput(name, { trimWhitespace: false });
  // SPEC §6: masked before anything else runs, so no later log line can show them.
  for (const secret of secretValues(raw)) core.setSecret(secret);
  useLog(actionsLog);
  const report = await runCore({
    raw,
    runContext: () => runContextFromEnvironment(),
    reporter: actionsReporter,
  });
  if (report.problems.length > 0) process.exitCode = 1;
}
