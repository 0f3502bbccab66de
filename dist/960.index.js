export const id = 960;
export const ids = [960];
export const modules = {

/***/ 368:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R_: () => (/* binding */ bazaarInstall),
/* harmony export */   T: () => (/* binding */ installRefusedError),
/* harmony export */   ky: () => (/* binding */ awaitBazaarListing),
/* harmony export */   x0: () => (/* binding */ parseBazaarAnswer)
/* harmony export */ });
/* unused harmony exports bazaarHasVersion, waitForBazaarVersion, bazaarLacksVersionError */
/* harmony import */ var zod_mini__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(539);
/* harmony import */ var _manifest_foundry_version_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(517);
/* harmony import */ var _problems_log_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(234);
/* harmony import */ var _problems_problem_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(147);
/* harmony import */ var _problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(924);
/* harmony import */ var _network_http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(139);
/* harmony import */ var _network_retry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(647);







/**
 * SPEC §5 "After a release": when the reset installs the package just published, it installs exactly that
 * version unless forge-bazaar-version names another, and waits for the Bazaar to list it. Pure.
 */
function bazaarInstall(source, published) {
    const samePackage = published !== undefined && published.id === source.packageName;
    const version = source.version ?? (samePackage ? published.version : undefined);
    return {
        packageName: source.packageName,
        version,
        awaitListing: samePackage && version === published.version,
    };
}
const bazaarAnswerSchema = zod_mini__WEBPACK_IMPORTED_MODULE_4__/* .object */ .Ikc({
    success: zod_mini__WEBPACK_IMPORTED_MODULE_4__/* .literal */ .euz(true),
    package: zod_mini__WEBPACK_IMPORTED_MODULE_4__/* .nullable */ .mee(zod_mini__WEBPACK_IMPORTED_MODULE_4__/* .object */ .Ikc({
        // `latest` is what the Bazaar's users read; `version` is accepted as its other likely name.
        latest: zod_mini__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()),
        version: zod_mini__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(zod_mini__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()),
    })),
});
/** Sorts one answer of the package endpoint. Pure. */
function parseBazaarAnswer(status, body) {
    if (status >= 500 || status === 429)
        return { kind: 'transient', failure: `HTTP ${status}` };
    const json = (0,_network_http_js__WEBPACK_IMPORTED_MODULE_2__/* .parseJson */ .qF)(body);
    if (status >= 200 && status < 300 && json === undefined) {
        return {
            kind: 'transient',
            failure: `HTTP ${status} with an unreadable body (${(0,_network_http_js__WEBPACK_IMPORTED_MODULE_2__/* .bodyExcerpt */ .kG)(body, 100)})`,
        };
    }
    const answer = bazaarAnswerSchema.safeParse(json);
    if (status < 200 || status >= 300 || !answer.success) {
        return { kind: 'unreadable', failure: `HTTP ${status} (${(0,_network_http_js__WEBPACK_IMPORTED_MODULE_2__/* .bodyExcerpt */ .kG)(body, 100)})` };
    }
    const listing = answer.data.package;
    if (listing === null)
        return { kind: 'not-listed' };
    const latest = listing.latest ?? listing.version;
    if (latest === undefined) {
        return {
            kind: 'unreadable',
            failure: `HTTP ${status} without package.latest (${(0,_network_http_js__WEBPACK_IMPORTED_MODULE_2__/* .bodyExcerpt */ .kG)(body, 100)})`,
        };
    }
    return { kind: 'listed', latest };
}
/**
 * Whether the Bazaar's newest version means it has `wanted`: the same, or newer by Foundry's order (another
 * release may follow quickly; the install call still asks for exactly `wanted`). Pure.
 */
function bazaarHasVersion(latest, wanted) {
    return latest === wanted || (0,_manifest_foundry_version_js__WEBPACK_IMPORTED_MODULE_5__/* .isNewerVersion */ .M)(latest, wanted);
}
function describeListing(listing) {
    switch (listing.kind) {
        case 'listed':
            return `lists ${(0,_problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_6__/* .untrusted */ .b)(listing.latest, 40)}`;
        case 'not-listed':
            return 'does not list the package';
        case 'transient':
        case 'unreadable':
            return `answered ${listing.failure}`;
    }
}
/**
 * Asks the Bazaar for the package until it lists `version`, with back-off (1 s, 2 s, 4 s, … up to 30 s) within
 * `waitMs` (forge-bazaar-wait). Touches nothing on the Forge: it only reads the public package endpoint.
 */
async function waitForBazaarVersion(listing, packageName, version, { waitMs, signal, sleep = (ms) => (0,_network_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .pause */ .v7)(ms, signal) }) {
    const budget = new _network_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .RetryBudget */ .Km(waitMs, signal);
    for (let polls = 1;; polls++) {
        const answer = await listing(packageName);
        if (answer.kind === 'listed' && bazaarHasVersion(answer.latest, version))
            return { kind: 'listed', polls };
        if (answer.kind === 'unreadable')
            return { kind: 'unreadable', failure: answer.failure };
        if (budget.remainingMs < _network_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .MIN_WAIT_MS */ .UW)
            return { kind: 'missing', polls, lastSeen: describeListing(answer) };
        const ms = Math.min((0,_network_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .backoffDelayMs */ .Q4)(polls), budget.remainingMs);
        _problems_log_js__WEBPACK_IMPORTED_MODULE_0__/* .log */ .R.info(`Forge Bazaar: waiting for ${packageName} ${(0,_problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_6__/* .untrusted */ .b)(version, 60)} (the Bazaar ${describeListing(answer)}); asking again in ${ms / 1000} s (${Math.round((budget.remainingMs - ms) / 1000)} s of forge-bazaar-wait left after that).`);
        await sleep(ms);
        budget.spend(ms);
    }
}
/**
 * The failure when the Bazaar does not have the version yet, found before anything was touched (the wait) or
 * by the install call's own refusal. Says what to do: the Bazaar catches up within minutes.
 */
function bazaarLacksVersionError(packageName, version, evidence) {
    return new _problems_problem_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`The Forge's Bazaar does not have version ${(0,_problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_6__/* .untrusted */ .b)(version, 60)} of '${packageName}' yet (${evidence}). Foundry lists a new version at once, the Bazaar some minutes later: re-run the reset later (a run with release: false), or a scheduled reset will pick it up; raise forge-bazaar-wait to wait longer in the release run.`);
}
/**
 * The install call refused the version asked for as unknown (README, The Forge reset: an undocumented answer,
 * taken to be 404). For the version just published that is the Bazaar lagging; for forge-bazaar-version, a
 * version the Bazaar does not have.
 */
function installRefusedError(install, refusal) {
    const version = install.version ?? 'latest';
    if (install.awaitListing) {
        return bazaarLacksVersionError(install.packageName, version, `the install call answered: ${refusal}`);
    }
    return new _problems_problem_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`The Forge's Bazaar has no version ${(0,_problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_6__/* .untrusted */ .b)(version, 60)} of '${install.packageName}' (the install call answered: ${refusal}). Check forge-bazaar-version against the versions the Bazaar lists.`);
}
/**
 * SPEC §5 "After a release": waits before anything is stopped; past the wait, fails with the game untouched.
 * Returns what the Bazaar said, for the reset's list of calls.
 */
async function awaitBazaarListing(listing, packageName, version, options, warnings) {
    if (options.waitMs === 0)
        return 'not asked (forge-bazaar-wait is 0)';
    const outcome = await waitForBazaarVersion(listing, packageName, version, options);
    const shown = (0,_problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_6__/* .untrusted */ .b)(version, 60);
    switch (outcome.kind) {
        case 'listed':
            return `lists ${shown} (after ${outcome.polls} ${outcome.polls === 1 ? 'request' : 'requests'})`;
        case 'unreadable':
            warnings.push({
                message: `The Forge's Bazaar answered GET /api/bazaar/package/${packageName} with ${outcome.failure}, so the reset could not wait for it to list ${shown}; it went on, and the install call refuses a version the Bazaar does not have. Check forge-api-url.`,
            });
            return `unreadable answer (${outcome.failure}); not waited`;
        case 'missing':
            throw bazaarLacksVersionError(packageName, version, `${options.waitMs / 1000} s of forge-bazaar-wait passed and the Bazaar ${outcome.lastSeen}; nothing on the Forge was touched`);
    }
}


/***/ }),

/***/ 960:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  discardForgeResetPlan: () => (/* binding */ discardForgeResetPlan),
  prepareForgeReset: () => (/* binding */ prepareForgeReset),
  resetForgeWorld: () => (/* binding */ resetForgeWorld)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(455);
// EXTERNAL MODULE: ./src/problems/log.ts
var log = __webpack_require__(234);
// EXTERNAL MODULE: ./src/problems/problem.ts
var problem = __webpack_require__(147);
// EXTERNAL MODULE: ./src/problems/untrusted-text.ts
var untrusted_text = __webpack_require__(924);
// EXTERNAL MODULE: ./node_modules/zod/v4/mini/schemas.js + 8 modules
var schemas = __webpack_require__(539);
// EXTERNAL MODULE: ./src/settings/workspace-path.ts
var workspace_path = __webpack_require__(982);
// EXTERNAL MODULE: ./src/network/download.ts
var download = __webpack_require__(120);
// EXTERNAL MODULE: ./src/zip/zip-entries.ts
var zip_entries = __webpack_require__(861);
;// CONCATENATED MODULE: ./src/forge/world-zip.ts






const MAX_WORLD_JSON_BYTES = 4 * 1024 * 1024;
const worldJsonSchema = schemas/* object */.Ikc({ id: schemas/* optional */.lqM(schemas/* string */.YjP()), name: schemas/* optional */.lqM(schemas/* string */.YjP()) });
/**
 * Resolves a workspace path (symlinks included: SPEC §6b), failing with a message naming forge-world-zip
 * when there is no such file or it lies outside the workspace.
 */
async function localWorldZip(file, workspace) {
    const zip = await (0,workspace_path/* resolveWorkspacePath */.XI)(workspace, 'forge-world-zip', file, 'Build or download the zip in an earlier step, and give its path from the workspace root.');
    return zip.real;
}
/** Streams the zip at `url` into RUNNER_TEMP (never into memory) and returns the file's path. */
function downloadWorldZip(url, http, budget) {
    return (0,download/* downloadToTemp */.aN)(url, { what: "Input 'forge-world-zip'", hint: 'Check the URL is public and points to the zip.' }, http, budget);
}
/**
 * SPEC §5.1: the zip is a zip and holds a world.json (at its root or in one top-level folder) whose id
 * (or name) is the world being reset. Reads the central directory and that one entry, not the whole file.
 */
async function checkWorldZip(zipPath, label, world) {
    let zip;
    try {
        zip = await (0,zip_entries/* openZipFile */.oo)(zipPath);
    }
    catch (error) {
        throw new problem/* ActionError */.lZ(`Input 'forge-world-zip' (${label}) is not a readable zip file (${(0,untrusted_text/* untrusted */.b)(error.message)}). Give the world's zip export.`);
    }
    try {
        const entries = await (0,zip_entries/* listEntries */.fi)(zip);
        const entry = (0,zip_entries/* findManifestEntry */.xS)(entries, ['world.json']);
        if (!entry) {
            throw new problem/* ActionError */.lZ(`Input 'forge-world-zip' (${label}) holds no world.json at its root or in one top-level folder. Zip the world's folder (the one with world.json).`);
        }
        // Names and the id come from the zip, which may come from any URL: made safe before they are quoted.
        const entryName = (0,untrusted_text/* untrusted */.b)(entry.fileName);
        const text = (await (0,zip_entries/* readEntryBytes */.E2)(zip, entry, MAX_WORLD_JSON_BYTES, () => new problem/* ActionError */.lZ(`Input 'forge-world-zip': ${entryName} is too large to be a world manifest.`))).toString('utf8');
        const parsed = worldJsonSchema.safeParse(safeJson(text));
        if (!parsed.success) {
            throw new problem/* ActionError */.lZ(`Input 'forge-world-zip' (${label}): ${entryName} is not a valid world manifest.`);
        }
        const id = parsed.data.id ?? parsed.data.name;
        if (id !== world) {
            throw new problem/* ActionError */.lZ(`Input 'forge-world-zip' (${label}) holds world '${id === undefined ? '(no id)' : (0,untrusted_text/* untrusted */.b)(id)}', but forge-world is '${world}'. Resetting would replace the wrong world: give the matching zip or world name.`);
        }
    }
    catch (error) {
        if (error instanceof problem/* ActionError */.lZ)
            throw error;
        throw new problem/* ActionError */.lZ(`Input 'forge-world-zip' (${label}) is a damaged zip (${(0,untrusted_text/* untrusted */.b)(error.message)}). Export the world again.`);
    }
    finally {
        zip.close();
    }
}
function safeJson(text) {
    try {
        return JSON.parse(text.replace(/^\uFEFF/, ''));
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/forge/bazaar.ts
var bazaar = __webpack_require__(368);
;// CONCATENATED MODULE: ./src/forge/forge-key.ts


/** A key expiring within this many days draws a warning (SPEC §5 "The key"). */
const KEY_EXPIRY_WARNING_DAYS = 14;
/**
 * A key this close to its `exp` counts as expired: the Forge's own module does the same (a minute early), so
 * a request is not refused because the key lapsed on its way.
 */
const EXPIRY_MARGIN_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;
const payloadSchema = schemas/* object */.Ikc({ exp: schemas/* optional */.lqM(schemas/* number */.aig()) });
/**
 * The `exp` of a Forge API key, read locally. Forge keys are JWTs (the Forge's module reads them the same way):
 * the payload is the second base64url part. No signature check: the Forge checks the key. undefined when the key
 * is not a JWT or has no `exp` (keys without expiry are the default). Never logs the key or its payload.
 */
function forgeKeyExpiry(apiKey) {
    const parts = apiKey.split('.');
    if (parts.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(parts[1] ?? ''))
        return undefined;
    let payload;
    try {
        payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    }
    catch {
        return undefined;
    }
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success || parsed.data.exp === undefined)
        return undefined;
    const expiry = new Date(parsed.data.exp * 1000);
    return Number.isNaN(expiry.getTime()) ? undefined : expiry;
}
const NEW_KEY_HOWTO = "Create a new key as the Forge article shows: on your Forge \"My Account\" page, open the browser's developer console and run await Utils.api('generate-key', { permissions: ['read-data', 'write-data', 'manage-games'] }) (add an expiration, in seconds or a time span such as '1 year', or leave it out for a key that does not expire), then store the answer's key in the forge-api-key secret.";
/**
 * SPEC §5 "The key": an expired key is an error before any Forge call; one expiring within 14 days is a
 * warning with the date. Pure: `now` is passed in.
 */
function checkForgeKey(apiKey, now, warnings) {
    const expiry = forgeKeyExpiry(apiKey);
    if (!expiry)
        return;
    const left = expiry.getTime() - now;
    if (left <= EXPIRY_MARGIN_MS) {
        throw new problem/* ActionError */.lZ(`Input 'forge-api-key' expired on ${expiry.toISOString()} (the key's exp), so the Forge would refuse it; nothing was sent to the Forge. ${NEW_KEY_HOWTO}`);
    }
    if (left <= KEY_EXPIRY_WARNING_DAYS * DAY_MS) {
        const days = Math.round(left / DAY_MS);
        warnings.push({
            message: `Input 'forge-api-key' expires on ${expiry.toISOString()} (${days === 0 ? 'within a day' : `in ${days} ${days === 1 ? 'day' : 'days'}`}); resets fail from then on. ${NEW_KEY_HOWTO}`,
        });
    }
}

;// CONCATENATED MODULE: ./src/forge/forge-reset.ts







/** SPEC §5.1: everything checked locally before anything is sent to the Forge, the key's expiry first. */
async function prepareForgeReset(settings, workspace, http, budget, warnings) {
    checkForgeKey(settings.apiKey, Date.now(), warnings);
    const { source } = settings;
    if (source.kind === 'bazaar')
        return { settings };
    const zipPath = source.kind === 'zip-file'
        ? await localWorldZip(source.path, workspace)
        : await downloadWorldZip(source.url, http, budget);
    const plan = { settings, zipPath, downloaded: source.kind === 'zip-url' };
    try {
        await checkWorldZip(zipPath, source.kind === 'zip-file' ? source.path : source.url, settings.world);
    }
    catch (error) {
        await discardForgeResetPlan(plan);
        throw error;
    }
    return plan;
}
/** Removes a downloaded world zip, whatever became of the reset (SPEC §6b: no temporary file is left). */
async function discardForgeResetPlan(plan) {
    if (plan?.downloaded && plan.zipPath)
        await (0,promises_.rm)(plan.zipPath, { force: true });
}
function describeWorldState(state, world) {
    switch (state) {
        case 'untouched':
            return `World '${world}' was not changed.`;
        case 'installing':
            return `World '${world}' may be partly installed from the Bazaar; run the reset again.`;
        case 'deleted':
        case 'importing':
            return `World '${world}' was deleted, and the new zip is not known to be imported: run the reset again to restore it (the delete is skipped when the world is absent).`;
        case 'reset':
            return `World '${world}' was reset.`;
    }
}
/**
 * The recipe of the Forge article, in its order: idle (to learn whether players are on), stop, replace
 * the world, then idle into the world. Never `start`: it lands the table in Foundry's setup screen.
 */
async function resetForgeWorld(plan, forge, steps, warnings, signal) {
    const { game, world, ifInUse, source } = plan.settings;
    const record = (call, answer) => {
        steps.push({ call, answer });
        log/* log */.R.info(`Forge ${call}: ${answer}`);
    };
    // After a release, the Bazaar lags behind Foundry: wait for it before anything is touched.
    const install = source.kind === 'bazaar' ? (0,bazaar/* bazaarInstall */.R_)(source, plan.published) : undefined;
    if (install?.awaitListing && install.version) {
        const seen = await (0,bazaar/* awaitBazaarListing */.ky)((name) => forge.bazaarListing(name), install.packageName, install.version, { waitMs: plan.settings.bazaarWaitMs, signal }, warnings);
        record('Bazaar package', seen);
    }
    const idle = await forge.idle({ game });
    record('idle', idle ? 'success: true (nobody logged in)' : 'success: false (players logged in)');
    if (!idle) {
        if (ifInUse === 'skip') {
            log/* log */.R.notice(`Players are logged in to the Forge game; forge-if-in-use is skip, so '${world}' was not reset.`);
            return 'in-use';
        }
        if (ifInUse === 'fail') {
            throw new problem/* ActionError */.lZ(`Players are logged in to the Forge game, so '${world}' was not reset (forge-if-in-use: fail). Nothing was changed; try again later, or set forge-if-in-use to skip or force.`);
        }
        const forced = await forge.idle({ game, force: true });
        record('idle (force)', `success: ${forced}`);
    }
    let state = 'untouched';
    try {
        // The article: Foundry must be stopped, or it overwrites the new files from its in-memory database.
        await forge.stop(game);
        record('stop', 'success');
        if (install) {
            state = 'installing';
            const outcome = await forge.installWorld(install.packageName, install.version);
            if (!outcome.installed) {
                state = 'untouched';
                throw (0,bazaar/* installRefusedError */.T)(install, outcome.refusal);
            }
            record('install', `${install.packageName}${install.version ? `@${(0,untrusted_text/* untrusted */.b)(install.version, 60)}` : ' (latest)'} installed`);
        }
        else {
            const worlds = await forge.listWorlds();
            const existing = worlds.find((w) => w.name === world);
            record('list worlds', existing ? `'${world}' exists` : `'${world}' absent, nothing to delete`);
            if (existing) {
                const secret = plan.settings.worldSecret ?? existing.secret;
                if (!secret) {
                    throw new problem/* ActionError */.lZ(`The Forge listed world '${world}' without its delete secret. Pass it as forge-world-secret (My Foundry → Select Data Files to Delete).`);
                }
                log/* log */.R.mask(secret);
                await forge.deleteWorld(world, secret);
                state = 'deleted';
                record('delete', `'${world}' deleted`);
            }
            state = 'importing';
            await forge.importWorld(plan.zipPath, world);
            record('import', 'zip imported');
        }
        state = 'reset';
        // Idle with the world so the next visitor lands in it, not in the setup screen. Inside the try:
        // if this fails, the recovery idle below still brings the table back.
        const ready = await forge.idle({ game, world });
        record('idle into world', ready ? `success: true, next launch opens '${world}'` : 'success: false');
        if (!ready) {
            warnings.push({
                message: `World '${world}' was reset, but the Forge answered the last idle into it with success: false (players logged in again?), so the next launch may not open it. Idle the game into '${world}' from the Forge, or run the reset again.`,
            });
        }
        return 'reset';
    }
    catch (error) {
        const restored = await idleAfterFailure(forge, game, record);
        const message = error instanceof Error ? error.message : String(error);
        throw new problem/* ActionError */.lZ([message, describeWorldState(state, world), restored].map(asSentence).join(' '));
    }
}
/** Error texts are joined into one message; each part must end as a sentence does. */
function asSentence(text) {
    const trimmed = text.trim();
    return /[.!?)]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
/** A failure after stop must not leave the table offline: idle it, and say whether that worked. */
async function idleAfterFailure(forge, game, record) {
    try {
        const ok = await forge.recoveryIdle(game);
        record('idle (recovery)', `success: ${ok}`);
        return ok
            ? 'The game was idled again, so it is not offline.'
            : 'Idling the game again returned success: false.';
    }
    catch (error) {
        record('idle (recovery)', `failed: ${error.message}`);
        return 'Idling the game again failed too: the table may be offline; idle or start it from the Forge.';
    }
}


/***/ }),

/***/ 120:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aN: () => (/* binding */ downloadToTemp)
/* harmony export */ });
/* unused harmony exports DOWNLOAD_MAX_BYTES, DOWNLOAD_DEADLINE_FACTOR, MAX_DOWNLOAD_DEADLINE_MS, downloadDeadlineMs */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _problems_problem_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(147);
/* harmony import */ var _problems_cancel_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(900);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(139);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(647);
/* harmony import */ var _problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(924);








/**
 * The most a download may write to RUNNER_TEMP. Generous: a world zip with its scenes and assets may be
 * large, and a hosted runner has about 14 GiB of free disk. The deadline below is what ends a body that drips.
 */
const DOWNLOAD_MAX_BYTES = 4 * 1024 * 1024 * 1024;
/** A whole download, retries included, may take this many times request-timeout (5 minutes at the default 30 s)… */
const DOWNLOAD_DEADLINE_FACTOR = 10;
/** …and never more than an hour, far below GitHub's 6-hour job limit. */
const MAX_DOWNLOAD_DEADLINE_MS = 60 * 60 * 1000;
/** The total time a download may take with this request-timeout. */
function downloadDeadlineMs(requestTimeoutMs) {
    return Math.min(requestTimeoutMs * DOWNLOAD_DEADLINE_FACTOR, MAX_DOWNLOAD_DEADLINE_MS);
}
/**
 * Streams `url` (no credentials, following redirects) into a new file in RUNNER_TEMP, never into memory,
 * retrying 5xx answers and broken transfers within the budget. Returns the file's path, which the caller
 * removes when done; every failure (a refusal, more than DOWNLOAD_MAX_BYTES, the deadline, a cancel)
 * removes it here. The silence timeout restarts on every chunk, so only the deadline ends a body that drips.
 */
async function downloadToTemp(url, purpose, http, budget, maxBytes = DOWNLOAD_MAX_BYTES) {
    const target = await newPrivateFile(process.env.RUNNER_TEMP || node_os__WEBPACK_IMPORTED_MODULE_1___default().tmpdir());
    const deadlineMs = downloadDeadlineMs(http.timeoutMs);
    const limits = {
        maxBytes,
        signal: (0,_problems_cancel_js__WEBPACK_IMPORTED_MODULE_4__/* .deadline */ .nl)(deadlineMs, `${purpose.what}: downloading ${(0,_problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_7__/* .untrusted */ .b)(url)} did not finish within ${deadlineMs / 1000} s (${DOWNLOAD_DEADLINE_FACTOR} × request-timeout), so it was stopped. ${purpose.hint} A slow but working host needs a larger request-timeout.`),
    };
    try {
        await (0,_retry_js__WEBPACK_IMPORTED_MODULE_6__/* .withRetries */ .LH)(async () => {
            const { status } = await http.download(url, target, limits);
            if (status === 200)
                return { ok: undefined };
            if (status >= 500)
                return { retry: { kind: 'transient' }, failure: `HTTP ${status}` };
            throw new _problems_problem_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`${purpose.what}: downloading ${(0,_problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_7__/* .untrusted */ .b)(url)} failed with HTTP ${status}. ${purpose.hint}`);
        }, {
            what: `Download for ${purpose.what}`,
            budget,
            giveUp: (failure, reason) => new _problems_problem_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`${purpose.what}: downloading ${(0,_problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_7__/* .untrusted */ .b)(url)} failed (${failure}); gave up because ${reason}.`),
        });
    }
    catch (error) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(target, { force: true });
        if (error instanceof _http_js__WEBPACK_IMPORTED_MODULE_5__/* .BodyTooLargeError */ .Au) {
            throw new _problems_problem_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`${purpose.what}: ${(0,_problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_7__/* .untrusted */ .b)(url)} is larger than ${(0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .formatBytes */ .z3)(maxBytes)}, the most the action downloads, so it was stopped. ${purpose.hint}`);
        }
        throw error;
    }
    return target;
}
/**
 * Creates an empty file only this user can read, under a name nobody else holds: `wx` refuses a name that
 * exists, a symlink planted in a shared temp folder included, so the name need not be unguessable (and the
 * run needs no random source, whose `crypto` module costs start-up time).
 */
async function newPrivateFile(dir) {
    for (let n = 0;; n++) {
        const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, `fvtt-release-${process.pid}-${Date.now()}-${n}.zip`);
        try {
            await (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(file, 'wx', 0o600)).close();
            return file;
        }
        catch (error) {
            if (error.code === 'EEXIST' && n < 100)
                continue;
            throw new _problems_problem_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`Could not create a temporary file in ${dir} for a download (${(0,_problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_7__/* .untrusted */ .b)(String(error))}). Check that RUNNER_TEMP (or the system's temp folder) is writable.`);
        }
    }
}


/***/ }),

/***/ 861:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E2: () => (/* binding */ readEntryBytes),
/* harmony export */   PO: () => (/* binding */ openZipReader),
/* harmony export */   fi: () => (/* binding */ listEntries),
/* harmony export */   oo: () => (/* binding */ openZipFile),
/* harmony export */   vW: () => (/* binding */ entryNameAsWritten),
/* harmony export */   xS: () => (/* binding */ findManifestEntry)
/* harmony export */ });
/* unused harmony export maxCompressedBytes */
/* harmony import */ var yauzl__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(663);

/**
 * Reading a Foundry zip with yauzl: its central directory, then the one manifest entry. Shared by the world
 * zip check (SPEC §5.1) and the package zip check (SPEC §4 step 4b), which read a file or HTTP ranges.
 */
const OPTIONS = { lazyEntries: true, autoClose: false };
const optionsFor = (names) => ({ ...OPTIONS, decodeStrings: names === 'validated' });
function openZipFile(file, names = 'validated') {
    return new Promise((resolve, reject) => {
        yauzl__WEBPACK_IMPORTED_MODULE_0__.open(file, optionsFor(names), (error, zip) => (error ? reject(error) : resolve(zip)));
    });
}
function openZipReader(reader, totalSize, names = 'validated') {
    return new Promise((resolve, reject) => {
        yauzl__WEBPACK_IMPORTED_MODULE_0__.fromRandomAccessReader(reader, totalSize, optionsFor(names), (error, zip) => error ? reject(error) : resolve(zip));
    });
}
/** What yauzl's `decodeStrings: false` leaves in `fileName` (the raw bytes) before listEntries decodes it. */
const rawNames = new WeakMap();
/**
 * An entry's name exactly as the zip writes it (backslashes kept), for zips opened `as-written`; the
 * entry's `fileName` holds the same name with backslashes as `/`, as yauzl reads it by default.
 */
function entryNameAsWritten(entry) {
    return rawNames.get(entry) ?? entry.fileName;
}
function listEntries(zip) {
    return new Promise((resolve, reject) => {
        const entries = [];
        zip.on('entry', (entry) => {
            if (Buffer.isBuffer(entry.fileName)) {
                // Decoded as yauzl does (UTF-8 flag, Info-ZIP Unicode path field), but strict: backslashes kept.
                const written = yauzl__WEBPACK_IMPORTED_MODULE_0__.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
                rawNames.set(entry, written);
                entry.fileName = written.replace(/\\/g, '/');
            }
            entries.push(entry);
            zip.readEntry();
        });
        zip.on('end', () => resolve(entries));
        zip.on('error', reject);
        zip.readEntry();
    });
}
/**
 * The manifest as Foundry finds it in a zip: one of `names` at the root (in that order), else in exactly one
 * top-level folder (zips made by zipping the package's folder).
 */
function findManifestEntry(entries, names) {
    for (const name of names) {
        const atRoot = entries.find((e) => e.fileName === name);
        if (atRoot)
            return atRoot;
    }
    const inFolder = entries.filter((e) => {
        const parts = e.fileName.split('/');
        return parts.length === 2 && parts[0] !== '' && names.includes(parts[1] ?? '');
    });
    return inFolder.length === 1 ? inFolder[0] : undefined;
}
/**
 * The most an entry of `maxBytes` may take compressed: deflate's worst case (zlib's deflateBound: about
 * 0.03 % and a few bytes over the input), with room to spare.
 */
function maxCompressedBytes(maxBytes) {
    return maxBytes + Math.ceil(maxBytes / 1024) + 1024;
}
/**
 * The entry's bytes; `tooLarge` is thrown (unread) when it is bigger than `maxBytes`, by the size the
 * central directory claims for it or by the compressed bytes it spans. Both are checked before anything is
 * read: yauzl buffers nothing, but a range reader fetches an entry's whole compressed span at once, and a zip
 * may claim 500 bytes for an entry that spans 150 MiB.
 */
function readEntryBytes(zip, entry, maxBytes, tooLarge) {
    if (entry.uncompressedSize > maxBytes)
        return Promise.reject(tooLarge(entry.uncompressedSize));
    if (entry.compressedSize > maxCompressedBytes(maxBytes))
        return Promise.reject(tooLarge(entry.compressedSize));
    return new Promise((resolve, reject) => {
        zip.openReadStream(entry, (error, stream) => {
            if (error)
                return reject(error);
            const chunks = [];
            stream.on('data', (chunk) => chunks.push(chunk));
            stream.on('end', () => resolve(Buffer.concat(chunks)));
            stream.on('error', reject);
        });
    });
}


/***/ })

};
