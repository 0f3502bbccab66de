/**
 * Bundled in place of @actions/exec (tsconfig.json `paths`). @actions/core imports it only for
 * `core.platform.getDetails()`, which this action never calls; leaving it out keeps child_process (and
 * the modules it loads) out of every run's start.
 */
export function getExecOutput(): never {
  throw new Error('@actions/exec is not bundled with fvtt-release-action (core.platform is unsupported)');
}
