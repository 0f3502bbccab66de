import { log } from './problems/log.js';
import { ActionError, allChecks, throwIfAny } from './problems/problem.js';
import type { ForgeResetPlan } from './forge/forge-reset.js';
import { FoundryApi } from './release/foundry-api.js';
import { releaseHostFor } from './hosts/release-hosts.js';
import { HttpTransport } from './network/http.js';
import { parseSettings, type RawInputs, type Settings } from './settings/inputs.js';
import { checkManifestUrl } from './release/manifest-url-check.js';
import { packageZipAsset } from './release/package-zip-asset.js';
import { publishRelease } from './release/publish.js';
import { checkRelease, mergeInputsWithManifest, type ReleaseTarget } from './release/release-checks.js';
import { buildPayload, type CheckedRelease } from './release/release-payload.js';
import { findReleaseTarget } from './release/release-source.js';
import type { Reporter } from './reporting/reporter.js';
import { newRunReport, runOutputs, type RunReport } from './reporting/run-report.js';
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
}

/**
 * The run, start to end: read inputs → find the release → read the manifest → build and check the
 * payload → publish → reset the Forge world → report. Returns the report; a run with problems failed.
 */
export async function run({ raw, runContext: readRunContext, reporter }: Door): Promise<RunReport> {
  const report = newRunReport();
  try {
    const runContext = readRunContext();
    const settings = parseSettings(raw, runContext.eventName, runContext.apiUrl);
    const services = {
      http: new HttpTransport(settings.requestTimeoutMs),
      budget: new RetryBudget(settings.maxRetryWaitMs),
    };
    report.forgeRequested = settings.forge !== undefined;

    // Validate the Forge reset locally before anything is published, so every input problem shows at once.
    const forge = settings.forge;
    const forgePlan = forge
      ? await forgeStage(report, async () => {
          // Loaded when a reset is asked for: the zip reader and the multipart encoder stay out of other runs.
          const { prepareForgeReset } = await import('./forge/forge-reset.js');
          return prepareForgeReset(forge, runContext.workspace, services.http, services.budget);
        })
      : undefined;

    if (settings.release) await releaseStep(settings, runContext, services, report);
    else {
      report.releaseStatus = 'skipped';
      report.skippedBecause = 'release: false';
    }

    if (forgePlan) await forgeStage(report, () => forgeStep(forgePlan, services, report));
  } catch (error) {
    report.problems.push(...problemsOf(error));
  } finally {
    for (const warning of report.warnings) reporter.warning(warning);
    for (const problem of report.problems) reporter.error(problem);
    reporter.setOutputs(runOutputs(report));
    await reporter
      .writeSummary(report)
      .catch((error: unknown) =>
        reporter.warning({ message: `Could not write the summary: ${untrusted(String(error))}` }),
      );
  }
  return report;
}

async function releaseStep(
  settings: Settings,
  runContext: RunContext,
  services: Services,
  report: RunReport,
) {
  const github = releaseHostFor(runContext, settings.githubToken, services);
  const lookup = await findReleaseTarget(settings, runContext, github, services);
  if (lookup.kind === 'skipped-prerelease') {
    report.releaseStatus = 'skipped';
    report.skippedBecause = `'${lookup.tag}' is a GitHub prerelease and prerelease is skip`;
    log.notice(`Release '${lookup.tag}' is a GitHub prerelease; prerelease is skip, so nothing was sent.`);
    return;
  }
  const { target } = lookup;
  const merged = mergeInputsWithManifest(settings, target);
  const checked = checkRelease(merged.candidate, target);
  report.warnings.push(...checked.warnings);
  throwIfAny([...merged.problems, ...checked.problems]);
  const { release } = checked;
  if (!release) {
    // Only a pull request whose manifest still holds a version placeholder gets here; a warning says so.
    report.releaseStatus = 'validated';
    return;
  }

  const pullRequest = isPullRequest(runContext.eventName);
  // prerelease: dry-run holds whatever dry-run says: the author asked for prereleases never to be saved.
  const dryRun =
    (target.prerelease && settings.prerelease === 'dry-run') ||
    (settings.dryRun === 'auto' ? pullRequest : settings.dryRun);
  const payload = buildPayload(release, dryRun);
  report.payload = payload;
  log.info(`Release payload: ${JSON.stringify(payload)}`);

  if (!settings.token) {
    // parseSettings only lets a missing token through on a pull request: a fork's PR cannot read secrets.
    log.notice(
      'No token on this pull request (forks cannot read secrets): the release was checked locally only.',
    );
    report.releaseStatus = 'validated';
    return;
  }
  // On a pull request the release does not exist yet: neither its zip nor its manifest URL can answer.
  if (!pullRequest) {
    // The manifest URL first: its failure explains a private repository, which would fail the zip too.
    // It costs no request when the manifest was read from that URL (the default).
    await checkManifestUrl(release, services.http, services.budget, target.servedManifest);
    // Independent reads, run together; every problem they find is reported, in this order.
    const [packageZip] = await allChecks(
      settings.checkZip
        ? packageZipStep(release, target, services)
        : Promise.resolve('not checked: check-zip is false'),
      // The version-order check (one GET of the release list) joins this group.
    );
    report.packageZip = packageZip;
    log.info(`Package zip: ${report.packageZip}`);
  }

  const foundry = new FoundryApi(settings.foundryApiUrl, settings.token, services.http);
  const outcome = await publishRelease(foundry, payload, settings.ifExists, services.budget, report.warnings);
  report.releaseStatus = outcome.status;
  report.page = outcome.page;
  report.foundryMessage = outcome.message;
  // publishRelease made message and page safe to log (SPEC §6b).
  log.info(
    `Foundry: ${outcome.status}${outcome.message ? ` (${outcome.message})` : ''}${outcome.page ? ` ${outcome.page}` : ''}`,
  );
}

async function packageZipStep(release: CheckedRelease, target: ReleaseTarget, services: Services) {
  const asset = packageZipAsset(release, target);
  if ('reason' in asset) return `not checked: ${asset.reason}`;
  // Loaded when a zip is checked: yauzl stays out of runs that never read one.
  const { checkPackageZip, describePackageZipCheck } = await import('./package-zip/package-zip-check.js');
  return describePackageZipCheck(await checkPackageZip(asset.zip, services.http, services.budget));
}

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
  report.forgeResult = await resetForgeWorld(plan, forge, report.forgeSteps, report.warnings);
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
