import type { Log } from '../problems/log.js';
import type { Problem } from '../problems/problem.js';
import type { OutputName, RunReport } from './run-report.js';

/**
 * Where a run's results go: the GitHub runner (workflow commands, step outputs, the job summary) or a
 * terminal (plain lines, a summary at the end, or JSON). Only the entry points hold one.
 */
export interface Reporter extends Log {
  warning(problem: Problem): void;
  error(problem: Problem): void;
  setOutputs(outputs: Partial<Record<OutputName, string>>): void;
  writeSummary(report: RunReport): Promise<void>;
}
