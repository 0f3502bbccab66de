export const id = 34;
export const ids = [34];
export const modules = {

/***/ 4120:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aN: () => (/* binding */ downloadToTemp)
/* harmony export */ });
/* unused harmony exports DOWNLOAD_MAX_BYTES, DOWNLOAD_DEADLINE_FACTOR, MAX_DOWNLOAD_DEADLINE_MS, downloadDeadlineMs */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _problems_problem_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6147);
/* harmony import */ var _problems_cancel_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6900);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5139);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1647);
/* harmony import */ var _problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1924);








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

/***/ 9034:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ checkLocalPackageZip),
/* harmony export */   describeZip: () => (/* binding */ describeZip),
/* harmony export */   readLocalPackageZip: () => (/* binding */ readLocalPackageZip)
/* harmony export */ });
/* harmony import */ var _problems_problem_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6147);
/* harmony import */ var _problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1924);
/* harmony import */ var _zip_zip_entries_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3861);
/* harmony import */ var _package_contents_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2509);
/* harmony import */ var _package_zip_check_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7027);





/**
 * A package zip on disk (`fvtt-release check <zip>`, or `package-zip` on a pull request): its manifest and
 * its entries, read with no network. `label` names it in messages (already made safe to show).
 */
function readLocalPackageZip(file, label) {
    return (0,_package_zip_check_js__WEBPACK_IMPORTED_MODULE_3__/* .readZipManifest */ .z)(label, () => (0,_zip_zip_entries_js__WEBPACK_IMPORTED_MODULE_1__/* .openZipFile */ .oo)(file, 'as-written'));
}
/**
 * Every check of a package zip that needs no network (SPEC §4 steps 4b–4c), on a zip on disk: reads it
 * and checks what users would install. A zip that cannot be read (not a zip, no manifest) is a problem in
 * the findings, not a throw. `description` is one line, e.g. "module.zip holds my-module 1.2.3: 14 files
 * named by the manifest, all present". For the CLI's `check <zip>` and a pull request's `package-zip`.
 */
async function checkLocalPackageZip(file, label, expected = {}) {
    let contents;
    try {
        contents = await readLocalPackageZip(file, label);
    }
    catch (error) {
        if (!(error instanceof _problems_problem_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ))
            throw error;
        return { problems: [...error.problems], warnings: [], description: `${label} could not be read` };
    }
    const findings = (0,_package_contents_js__WEBPACK_IMPORTED_MODULE_2__/* .checkZipContents */ ._e)(contents, label, expected);
    return { ...findings, description: `${describeZip(label, contents)}: ${findings.description}` };
}
/** "module.zip holds my-module 1.2.3", with the zip's id and version made safe to show. */
function describeZip(label, contents) {
    const { id, version } = contents.manifest;
    return `${label} holds ${(0,_problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_4__/* .untrusted */ .b)(id ?? '(no id)', 100)} ${(0,_problems_untrusted_text_js__WEBPACK_IMPORTED_MODULE_4__/* .untrusted */ .b)(version ?? '(no version)', 60)}`;
}


/***/ }),

/***/ 7027:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  u: () => (/* binding */ checkPackageZip),
  z: () => (/* binding */ readZipManifest)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/problems/log.ts
var log = __webpack_require__(7234);
// EXTERNAL MODULE: ./src/problems/problem.ts
var problem = __webpack_require__(6147);
// EXTERNAL MODULE: ./src/network/download.ts
var download = __webpack_require__(4120);
// EXTERNAL MODULE: ./src/network/http.ts + 4 modules
var network_http = __webpack_require__(5139);
// EXTERNAL MODULE: ./src/manifest/manifest.ts
var manifest_manifest = __webpack_require__(1336);
// EXTERNAL MODULE: ./src/problems/untrusted-text.ts
var untrusted_text = __webpack_require__(1924);
// EXTERNAL MODULE: ./src/zip/zip-entries.ts
var zip_entries = __webpack_require__(3861);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./node_modules/yauzl/index.js
var yauzl = __webpack_require__(663);
// EXTERNAL MODULE: ./src/network/retry.ts + 1 modules
var retry = __webpack_require__(1647);
;// CONCATENATED MODULE: ./src/package-zip/http-range-reader.ts






/** yauzl looks for the end of central directory in the last 22 + 65535 (comment) + 20 (zip64 locator) bytes. */
const ZIP_TAIL_BYTES = 22 + 0xffff + 20;
/** Bytes read past what yauzl asks for on a miss: a local header, its name and extra field, a small entry. */
const READ_AHEAD_BYTES = 64 * 1024;
/** A central directory larger than this is read in read-ahead pieces rather than in one range. */
const MAX_CENTRAL_DIRECTORY_BYTES = 64 * 1024 * 1024;
/** The host sent the whole file (200) to a Range request: read it from disk instead. */
class RangesIgnored extends Error {
}
/** The asset's size changed between two reads: it was re-uploaded meanwhile. */
class AssetChanged extends Error {
}
/**
 * A yauzl RandomAccessReader over HTTP `Range` requests to one URL, without credentials (asset storage is
 * another host than GitHub's API). It keeps what it has read, so the central directory is fetched in one
 * range and yauzl's many small reads of it cost nothing more.
 */
class HttpRangeReader extends yauzl.RandomAccessReader {
    url;
    http;
    budget;
    totalSize;
    #blocks = [];
    #transferred = 0;
    /** The first failure of a fetch, kept because yauzl reports a failed read as its own error. */
    failure;
    constructor(url, http, budget, totalSize) {
        super();
        this.url = url;
        this.http = http;
        this.budget = budget;
        this.totalSize = totalSize;
    }
    /**
     * Opens the reader with the zip's tail (a suffix range), which also tells the file's size. Throws
     * RangesIgnored when the host answers with the whole file.
     */
    static async open(url, http, budget) {
        const tail = await fetchRange(url, `bytes=-${ZIP_TAIL_BYTES}`, ZIP_TAIL_BYTES, http, budget);
        const reader = new HttpRangeReader(url, http, budget, tail.total);
        reader.#keep(tail.start, tail.bytes);
        return reader;
    }
    /** Bytes fetched so far, for the summary ("read 52 KiB of 256 MiB"). */
    get transferred() {
        return this.#transferred;
    }
    /** Reads [start, end) in one range, e.g. the whole central directory before yauzl walks it. */
    async prefetch(start, end) {
        const from = Math.max(0, start);
        const to = Math.min(end, this.totalSize);
        if (to - from > MAX_CENTRAL_DIRECTORY_BYTES || this.#cached(from, to))
            return;
        await this.#fetch(from, to);
    }
    _readStreamForRange(start, end) {
        const out = new external_node_stream_.PassThrough();
        this.#read(start, end).then((bytes) => out.end(bytes), (error) => out.destroy(error instanceof Error ? error : new Error(String(error))));
        return out;
    }
    async #read(start, end) {
        const cached = this.#cached(start, end);
        if (cached)
            return cached;
        // Read ahead, but not into what is already here (the central directory follows the last entry).
        const nextBlock = Math.min(...this.#blocks.filter((b) => b.start >= end).map((b) => b.start), this.totalSize);
        await this.#fetch(start, Math.max(end, Math.min(start + READ_AHEAD_BYTES, nextBlock)));
        return this.#cached(start, end) ?? Buffer.alloc(0);
    }
    #cached(start, end) {
        const block = this.#blocks.find((b) => b.start <= start && b.start + b.bytes.length >= end);
        return block?.bytes.subarray(start - block.start, end - block.start);
    }
    async #fetch(start, end) {
        try {
            const part = await fetchRange(this.url, `bytes=${start}-${end - 1}`, end - start, this.http, this.budget);
            if (part.total !== this.totalSize)
                throw new AssetChanged();
            this.#keep(part.start, part.bytes);
        }
        catch (error) {
            this.failure ??= error;
            throw error;
        }
    }
    #keep(start, bytes) {
        this.#transferred += bytes.length;
        this.#blocks.push({ start, bytes });
    }
}
/** `Content-Range: bytes 0-99/1234`. */
function parseContentRange(value) {
    const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value?.trim() ?? '');
    if (!match)
        return undefined;
    return { start: Number(match[1]), end: Number(match[2]), total: Number(match[3]) };
}
/**
 * One Range GET, retried within the budget on 5xx, 404 (a just-uploaded asset may take a moment to be
 * served), network trouble and a body cut short. A small file may come whole (200): that is its only part.
 */
async function fetchRange(url, range, length, http, budget) {
    return (0,retry/* withRetries */.LH)(async () => {
        let response;
        try {
            response = await http.requestBytes('GET', url, {
                headers: { Range: range, Accept: 'application/octet-stream' },
                followRedirects: true,
                maxBodyBytes: length,
            });
        }
        catch (error) {
            // More than the range asked for, with 200: the host ignores Range and is sending the whole file.
            if (error instanceof network_http/* BodyTooLargeError */.Au && error.status === 200)
                throw new RangesIgnored();
            throw error;
        }
        const { status, headers, bytes } = response;
        if (status === 206) {
            const part = parseContentRange(headers['content-range']);
            if (!part)
                throw new RangesIgnored();
            if (bytes.length !== part.end - part.start + 1) {
                return { retry: { kind: 'transient' }, failure: `the answer to ${range} was cut short` };
            }
            return { ok: { start: part.start, bytes, total: part.total } };
        }
        if (status === 200)
            return { ok: { start: 0, bytes, total: bytes.length } };
        if (status === 416)
            return { ok: { start: 0, bytes: Buffer.alloc(0), total: 0 } };
        if (status === 404 || status >= 500) {
            return {
                retry: { kind: 'transient' },
                failure: `HTTP ${status} (${(0,network_http/* bodyExcerpt */.kG)(bytes.toString('utf8'), 100)})`,
            };
        }
        throw new problem/* ActionError */.lZ(`The package zip at ${(0,untrusted_text/* untrusted */.b)(url)} cannot be read: HTTP ${status} (${(0,network_http/* bodyExcerpt */.kG)(bytes.toString('utf8'))}). Users install from this URL, without credentials: check the release asset is public.`);
    }, {
        what: 'Package zip check',
        budget,
        giveUp: (failure, reason) => new problem/* ActionError */.lZ(`Reading the package zip at ${(0,untrusted_text/* untrusted */.b)(url)} failed: ${failure}; gave up because ${reason}.`),
    });
}

;// CONCATENATED MODULE: ./src/package-zip/package-zip-check.ts









/**
 * SPEC §4 step 4b: when the manifest's `download` names an asset of this release, read that zip's own
 * manifest and entry list as users will get it. Reads only the zip's tail, central directory and manifest
 * entry through HTTP ranges; a host that ignores Range has the zip streamed to RUNNER_TEMP instead. What it
 * must hold (the release's id and version, every file its manifest names) is checkZipContents' job.
 */
async function checkPackageZip(zip, http, budget) {
    let found;
    try {
        found = await readOverRanges(zip, http, budget);
    }
    catch (error) {
        // Re-uploaded between two reads: the new file is the one users get, so read it again from the start.
        if (!(error instanceof AssetChanged))
            throw error;
        log/* log */.R.info(`Package zip check: ${zip.file} changed while it was read; reading it again.`);
        found = await readOverRanges(zip, http, budget).catch((again) => {
            if (again instanceof AssetChanged) {
                throw new problem/* ActionError */.lZ(`The package zip ${zip.file} keeps changing while it is read; re-run the job once the upload is done.`);
            }
            throw again;
        });
    }
    return found;
}
async function readOverRanges(zip, http, budget) {
    let reader;
    try {
        reader = await HttpRangeReader.open(zip.url, http, budget);
    }
    catch (error) {
        if (error instanceof RangesIgnored)
            return readFromDisk(zip, http, budget);
        throw error;
    }
    try {
        const contents = await readZipManifest(zip.file, () => (0,zip_entries/* openZipReader */.PO)(reader, reader.totalSize, 'as-written'), (opened) => 
        // yauzl starts its walk of the central directory at readEntryCursor: fetch it all in one range.
        reader.prefetch(opened.readEntryCursor, reader.totalSize));
        return {
            checked: true,
            file: zip.file,
            ...idAndVersion(contents.manifest),
            transferred: reader.transferred,
            totalSize: reader.totalSize,
            contents,
        };
    }
    catch (error) {
        // yauzl reports a failed read as its own error; the reader kept the real one.
        if (reader.failure instanceof RangesIgnored)
            return readFromDisk(zip, http, budget);
        throw reader.failure ?? error;
    }
}
async function readFromDisk(zip, http, budget) {
    log/* log */.R.info(`Package zip check: the host of ${zip.file} ignores Range requests; downloading it to RUNNER_TEMP.`);
    const file = await (0,download/* downloadToTemp */.aN)(zip.url, {
        what: `The package zip ${zip.file}`,
        hint: 'Users install from this URL, without credentials: check the release asset is public.',
    }, http, budget);
    try {
        const { size } = await (0,promises_.stat)(file);
        const contents = await readZipManifest(zip.file, () => (0,zip_entries/* openZipFile */.oo)(file, 'as-written'));
        return {
            checked: true,
            file: zip.file,
            ...idAndVersion(contents.manifest),
            transferred: size,
            totalSize: size,
            contents,
        };
    }
    finally {
        await (0,promises_.rm)(file, { force: true });
    }
}
function idAndVersion(manifest) {
    return { id: manifest.id ?? '', version: manifest.version ?? '' };
}
/** Opens the zip, finds its manifest as Foundry would, and reads it and the list of entries. */
async function readZipManifest(file, open, beforeWalk) {
    let zip;
    try {
        zip = await open();
    }
    catch (error) {
        if (error instanceof problem/* ActionError */.lZ)
            throw error;
        throw new problem/* ActionError */.lZ(`The package zip ${file} is not a readable zip (${(0,untrusted_text/* untrusted */.b)(error.message)}). Users could not install it: build and upload the zip again.`);
    }
    try {
        await beforeWalk?.(zip);
        const entries = await (0,zip_entries/* listEntries */.fi)(zip);
        const entry = (0,zip_entries/* findManifestEntry */.xS)(entries, manifest_manifest/* MANIFEST_FILE_NAMES */.Yb);
        if (!entry) {
            throw new problem/* ActionError */.lZ(`The package zip ${file} holds no module.json, system.json or world.json at its root or in one top-level folder, so Foundry cannot install it. Zip the package's folder (the one with the manifest).`);
        }
        const label = `${file}'s ${(0,untrusted_text/* untrusted */.b)(entry.fileName)}`;
        const bytes = await (0,zip_entries/* readEntryBytes */.E2)(zip, entry, manifest_manifest/* MAX_MANIFEST_BYTES */.ZJ, (size) => new problem/* ActionError */.lZ(`The package zip ${label} takes ${(0,network_http/* formatBytes */.z3)(size)}; a manifest is at most ${(0,network_http/* formatBytes */.z3)(manifest_manifest/* MAX_MANIFEST_BYTES */.ZJ)}, so it was not read. Build and upload the zip again.`));
        const manifest = (0,manifest_manifest/* parseManifest */.Ng)({ label, bytes });
        return { manifest, manifestEntry: entry.fileName, entryNames: entries.map(zip_entries/* entryNameAsWritten */.vW) };
    }
    catch (error) {
        if (error instanceof problem/* ActionError */.lZ)
            throw error;
        throw new problem/* ActionError */.lZ(`The package zip ${file} is damaged (${(0,untrusted_text/* untrusted */.b)(error.message)}). Build and upload the zip again.`);
    }
    finally {
        zip.close();
    }
}


/***/ }),

/***/ 3861:
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
