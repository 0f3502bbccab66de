import { log } from './problems/log.js';
import { ActionError, allChecks, throwIfAny, type Problem } from './problems/problem.js';
import type { ForgeResetPlan } from './forge/forge-reset.js';
import type { PublishedPackage } from './forge/bazaar.js';
import { FoundryApi } from './release/foundry-api.js';
import { releaseHostFor } from './hosts/release-hosts.js';
import { HttpTransport } from './network/http.js';
import { parseSettings, type RawInputs, type Settings } from './settings/inputs.js';
import { checkManifestUrl } from './release/manifest-url-check.js';
import type { PackageZipFindings } from './release/package-zip-step.js';
import { checkVersionOrder, type VersionOrder } from './release/version-order.js';
import { publishRelease } from './release/publish.js';
import {
  checkRelease,
  mergeInputsWithManifest,
  type ReleaseCandidate,
  type ReleaseTarget,
} from './release/release-checks.js';
import { buildPayload, type CheckedRelease } from './release/release-payload.js';
import { findReleaseTarget } from './release/release-source.js';
import type { Reporter } from './reporting/reporter.js';
import { jsonLine, newRunReport, runOutputs, type RunReport } from './reporting/run-report.js';
import { RetryBudget } from './network/retry.js';
import { isPullRequest, type RunContext } from './settings/run-context.js';
import { untrusted } from './problems/untrusted-text.js';

/** Shared by every step of one run: one HTTP layer, one retry budget (max-retry-wait is a total). */
interface Services {
  http: HttpTransport;
  budget: RetryBudget;
}

/** What an entry point (the action, the CLI) hands the run: its inputs, where it runs, where results go. */
export interface Door {
  /** Every input as a string, as the runner passes them; secrets already masked by the entry point. */
  raw: RawInputs;
  /** Read from the environment; may throw an ActionError (an unreadable event payload). */
  runContext: () => RunContext;
  reporter: Reporter;
  /**
   * Aborted by the entry point on SIGINT/SIGTERM (the job was cancelled or reached timeout-minutes), with the
   * signal's name as the reason: the request in flight ends, nothing is retried, a stopped Forge game is
   * idled again within a few seconds, and the outputs and summary are still written.
   */
  signal?: AbortSignal;
}

/**
 * The run, start to end: read inputs → find the release → read the manifest → build and check the
 * payload → publish → reset the Forge world → report. Returns the report; a run with problems failed.
 */
export async function run({ raw, runContext: readRunContext, reporter, signal }: Door): Promise<RunReport> {
  const report = newRunReport();
  let forgePlan: ForgeResetPlan | undefined;
  try {
    const runContext = readRunContext();
    const settings = parseSettings(raw, runContext.eventName, runContext.apiUrl);
    const services = {
      http: new HttpTransport(settings.requestTimeoutMs, signal),
      budget: new RetryBudget(settings.maxRetryWaitMs, signal),
    };
    report.forgeRequested = settings.forge !== undefined;

    // Validate the Forge reset locally before anything is published, so every input problem shows at once.
    const forge = settings.forge;
    forgePlan = forge
      ? await forgeStage(report, async () => {
          // Loaded when a reset is asked for: the zip reader and the multipart encoder stay out of other runs.
          const { prepareForgeReset } = await import('./forge/forge-reset.js');
          return prepareForgeReset(
            forge,
            runContext.workspace,
            services.http,
            services.budget,
            report.warnings,
          );
        })
      : undefined;

    let published: PublishedPackage | undefined;
    if (settings.release) published = await releaseStep(settings, runContext, services, report);
    else {
      report.releaseStatus = 'skipped';
      report.skippedBecause = 'release: false';
    }

    const plan = forgePlan;
    if (plan) await forgeStage(report, () => forgeStep({ ...plan, published }, services, report));
  } catch (error) {
    report.problems.push(...problemsOf(error));
  } finally {
    if (forgePlan) await (await import('./forge/forge-reset.js')).discardForgeResetPlan(forgePlan);
    // First: an output left out for holding a line break adds a warning.
    const outputs = runOutputs(report);
    for (const warning of report.warnings) reporter.warning(warning);
    for (const problem of report.problems) reporter.error(problem);
    reporter.setOutputs(outputs);
    await reporter
      .writeSummary(report)
      .catch((error: unknown) =>
        reporter.warning({ message: `Could not write the summary: ${untrusted(String(error))}` }),
      );
  }
  return report;
}

/** Returns the package and version when Foundry saved a new version in this run (status published). */
async function releaseStep(
  settings: Settings,
  runContext: RunContext,
  services: Services,
  report: RunReport,
): Promise<PublishedPackage | undefined> {
  if (runContext.eventName === 'pull_request_target') report.warnings.push(PULL_REQUEST_TARGET_WARNING);
  const host = await releaseHostFor(runContext, settings.githubToken, services);
  // The zip reader compiles while the release is read: on a runner that wait is idle time anyway. Started on
  // the next turn of the event loop, once the release request is on its way, so it never delays that.
  if (settings.checkZip && !isPullRequest(runContext.eventName)) setImmediate(() => void loadZipStep());
  const lookup = await findReleaseTarget(settings, runContext, host, services);
  if (lookup.kind === 'skipped-prerelease') {
    report.releaseStatus = 'skipped';
    report.skippedBecause = `'${untrusted(lookup.tag)}' is a ${host.name} prerelease and prerelease is skip`;
    log.notice(
      `Release '${untrusted(lookup.tag)}' is a ${host.name} prerelease; prerelease is skip, so nothing was sent.`,
    );
    return;
  }
  const { target } = lookup;
  const merged = mergeInputsWithManifest(settings, target);
  const checked = checkRelease(merged.candidate, target);
  report.warnings.push(...checked.warnings);
  const pullRequest = isPullRequest(runContext.eventName);
  // SPEC §4 step 4c: a zip built earlier in a pull request's job is checked locally, with the manifest.
  const localZip = await pullRequestZipStep(settings, runContext, merged.candidate, target, report);
  report.warnings.push(...localZip.warnings);
  throwIfAny([...merged.problems, ...checked.problems, ...localZip.problems]);
  const { release } = checked;
  if (!release) {
    // Only a pull request whose manifest still holds a version placeholder gets here; a warning says so.
    report.releaseStatus = 'validated';
    return;
  }
  // One list request, independent of the other checks: started now, awaited before anything is sent.
  const versionOrder = checkVersionOrder(host, target.tag, release.version, pullRequest);

  // prerelease: dry-run holds whatever dry-run says: the author asked for prereleases never to be saved.
  const dryRun =
    (target.prerelease && settings.prerelease === 'dry-run') ||
    (settings.dryRun === 'auto' ? pullRequest : settings.dryRun);
  const payload = buildPayload(release, dryRun);
  report.payload = payload;
  log.info(`Release payload: ${jsonLine(payload)}`);

  if (!settings.token) {
    reportVersionOrder(await versionOrder, report);
    // parseSettings only lets a missing token through on a pull request: a fork's PR cannot read secrets.
    log.notice(
      'No token on this pull (or merge) request, as on a fork, which cannot read secrets: the release was checked locally only.',
    );
    report.releaseStatus = 'validated';
    return;
  }
  // On a pull request the release does not exist yet: neither its zip nor its manifest URL can answer.
  if (!pullRequest) {
    // The manifest URL first: its failure explains a private repository, which would fail the zip too.
    // It costs no request when the manifest was read from that URL (the default).
    await checkManifestUrl(release, services.http, services.budget, target.servedManifest);
  }
  // Independent reads of the host, run together; every problem they find is reported, in this order.
  const [zip, order] = await allChecks(
    pullRequest ? Promise.resolve(undefined) : releaseZipStep(settings, release, target, services),
    versionOrder,
  );
  if (zip) {
    report.packageZip = zip.line;
    report.warnings.push(...zip.warnings);
    log.info(`Package zip: ${zip.line}`);
  }
  reportVersionOrder(order, report);
  throwIfAny(zip?.problems ?? []);

  const foundry = new FoundryApi(settings.foundryApiUrl, settings.token, services.http);
  const outcome = await publishRelease(foundry, payload, settings.ifExists, services.budget, report.warnings);
  report.releaseStatus = outcome.status;
  report.page = outcome.page;
  report.foundryMessage = outcome.message;
  // publishRelease made message and page safe to log (SPEC §6b).
  log.info(
    `Foundry: ${outcome.status}${outcome.message ? ` (${outcome.message})` : ''}${outcome.page ? ` ${outcome.page}` : ''}`,
  );
  return outcome.status === 'published' ? { id: payload.id, version: payload.release.version } : undefined;
}

async function pullRequestZipStep(
  settings: Settings,
  runContext: RunContext,
  candidate: ReleaseCandidate,
  target: ReleaseTarget,
  report: RunReport,
): Promise<{ problems: Problem[]; warnings: Problem[] }> {
  if (!settings.packageZip) return { problems: [], warnings: [] };
  if (!isPullRequest(runContext.eventName)) {
    log.notice(
      "Input 'package-zip' is for pull requests; on a release, the release's own zip asset is checked.",
    );
    return { problems: [], warnings: [] };
  }
  const { checkPullRequestZip } = await loadZipStep();
  const zip = await checkPullRequestZip(settings.packageZip, runContext.workspace, candidate, target);
  report.packageZip = zip.line;
  log.info(`Package zip: ${zip.line}`);
  return zip;
}

async function releaseZipStep(
  settings: Settings,
  release: CheckedRelease,
  target: ReleaseTarget,
  services: Services,
): Promise<PackageZipFindings> {
  if (!settings.checkZip) return { line: 'not checked: check-zip is false', problems: [], warnings: [] };
  const { checkReleaseZip } = await loadZipStep();
  return checkReleaseZip(release, target, services.http, services.budget);
}

let zipStep: Promise<typeof import('./release/package-zip-step.js')> | undefined;

/**
 * The zip step's chunk (the zip reader), loaded once, only by runs that check a zip. Its promise is marked
 * handled: a run that fails before it awaits the step must not die of an unhandled rejection.
 */
function loadZipStep() {
  if (!zipStep) {
    zipStep = import('./release/package-zip-step.js');
    zipStep.catch(() => {});
  }
  return zipStep;
}

function reportVersionOrder(order: VersionOrder, report: RunReport) {
  report.versionOrder = order.line;
  report.warnings.push(...order.warnings);
  log.info(`Version order: ${order.line}`);
}

/**
 * pull_request_target runs the base branch's workflow with secrets, in a workspace of the base branch: the
 * dry run checks the base branch. Checking out the pull request's head there runs its code with the
 * secrets (GitHub Security Lab's "pwn request"); README's Security section says what to do instead.
 */
const PULL_REQUEST_TARGET_WARNING = {
  message:
    "This run is on pull_request_target: the workspace holds the base branch, so this dry run checks the base branch's manifest, not the pull request's. Run the dry run on: pull_request instead; do not check out the pull request's head under pull_request_target, which would run its code with your secrets (see the action's README, Security).",
};

/** A Forge stage that throws sets forge-result to failed; a reset that never ran stays skipped. */
async function forgeStage<T>(report: RunReport, stage: () => Promise<T>): Promise<T> {
  try {
    return await stage();
  } catch (error) {
    report.forgeResult = 'failed';
    throw error;
  }
}

async function forgeStep(plan: ForgeResetPlan, services: Services, report: RunReport) {
  const [{ ForgeApi }, { resetForgeWorld }] = await Promise.all([
    import('./forge/forge-api.js'),
    import('./forge/forge-reset.js'),
  ]);
  const forge = new ForgeApi({ apiUrl: plan.settings.apiUrl, apiKey: plan.settings.apiKey, ...services });
  report.forgeResult = await resetForgeWorld(
    plan,
    forge,
    report.forgeSteps,
    report.warnings,
    services.budget.signal,
  );
}

/** ActionErrors carry user-facing problems; anything else is a bug, reported without a stack trace in the log. */
function problemsOf(error: unknown): ActionError['problems'] {
  if (error instanceof ActionError) return error.problems;
  log.debug(error instanceof Error ? (error.stack ?? error.message) : String(error));
  const message = untrusted(error instanceof Error ? error.message : String(error), 500);
  return [
    {
      message: `Unexpected error: ${message}. This is a bug in fvtt-release-action; please report it with the log.`,
    },
  ];
}
