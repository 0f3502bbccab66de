import type { Log } from '../problems/log.js';
import type { Reporter } from '../reporting/reporter.js';
import { renderSummary } from '../reporting/summary.js';
import { WorkflowCommands } from './workflow-commands.js';

/** The runner this process runs under. */
export const runner = new WorkflowCommands();

/** The GitHub runner's log: plain lines, and `::notice`/`::debug`/`::add-mask` workflow commands. */
export const actionsLog: Log = {
  info: (line) => runner.info(line),
  notice: (line) => runner.notice(line),
  debug: (line) => runner.debug(line),
  mask: (secret) => runner.mask(secret),
};

/**
 * SPEC §3 through the runner: errors and warnings as annotations (on the manifest's line when the
 * problem is in a local file), step outputs, and the job summary.
 */
export const actionsReporter: Reporter = {
  ...actionsLog,
  warning: (problem) => runner.warning(problem.message, problem.location),
  error: (problem) => runner.error(problem.message, problem.location),
  setOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs)) runner.setOutput(name, value);
  },
  async writeSummary(report) {
    // Outside a runner (no GITHUB_STEP_SUMMARY) there is nowhere to write; the log already has it all.
    runner.appendSummary(renderSummary(report));
  },
};
