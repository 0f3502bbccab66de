import * as core from '@actions/core';
import type { Log } from '../problems/log.js';
import type { Problem } from '../problems/problem.js';
import type { Reporter } from '../reporting/reporter.js';
import { renderSummary } from '../reporting/summary.js';

function annotationOf(problem: Problem): core.AnnotationProperties {
  return problem.location ? { file: problem.location.file, startLine: problem.location.line } : {};
}

/** The GitHub runner's log: plain lines, and `::notice`/`::debug`/`::add-mask` workflow commands. */
export const actionsLog: Log = {
  info: (line) => core.info(line),
  notice: (line) => core.notice(line),
  debug: (line) => core.debug(line),
  mask: (secret) => core.setSecret(secret),
};

/**
 * SPEC §3 through the runner: errors and warnings as annotations (on the manifest's line when the
 * problem is in a local file), step outputs, and the job summary.
 */
export const actionsReporter: Reporter = {
  ...actionsLog,
  warning: (problem) => core.warning(problem.message, annotationOf(problem)),
  error: (problem) => core.error(problem.message, annotationOf(problem)),
  setOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  },
  async writeSummary(report) {
    // Outside a runner (no GITHUB_STEP_SUMMARY) there is nowhere to write; the log already has it all.
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    await core.summary.addRaw(renderSummary(report), true).write();
  },
};
