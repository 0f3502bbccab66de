export const id = 334;
export const ids = [334];
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

/***/ 334:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ForgeApi: () => (/* binding */ ForgeApi),
  ForgeRefusal: () => (/* binding */ ForgeRefusal),
  IMPORT_ANSWER_TIMEOUT_FACTOR: () => (/* binding */ IMPORT_ANSWER_TIMEOUT_FACTOR),
  MAX_IMPORT_ANSWER_WAIT_MS: () => (/* binding */ MAX_IMPORT_ANSWER_WAIT_MS),
  RECOVERY_AFTER_CANCEL_MS: () => (/* binding */ RECOVERY_AFTER_CANCEL_MS),
  RECOVERY_IDLE_BUDGET_MS: () => (/* binding */ RECOVERY_IDLE_BUDGET_MS),
  classifyForgeResponse: () => (/* binding */ classifyForgeResponse),
  importAnswerWaitMs: () => (/* binding */ importAnswerWaitMs),
  worldImportForm: () => (/* binding */ worldImportForm)
});

;// CONCATENATED MODULE: ./node_modules/form-data-encoder/lib/index.js
var __typeError = (msg) => {
  throw TypeError(msg);
};
var __accessCheck = (obj, member, msg) => member.has(obj) || __typeError("Cannot " + msg);
var __privateGet = (obj, member, getter) => (__accessCheck(obj, member, "read from private field"), getter ? getter.call(obj) : member.get(obj));
var __privateAdd = (obj, member, value) => member.has(obj) ? __typeError("Cannot add the same private member more than once") : member instanceof WeakSet ? member.add(obj) : member.set(obj, value);
var __privateSet = (obj, member, value, setter) => (__accessCheck(obj, member, "write to private field"), setter ? setter.call(obj, value) : member.set(obj, value), value);
var __privateMethod = (obj, member, method) => (__accessCheck(obj, member, "access private method"), method);

// src/util/chunk.ts
var MAX_CHUNK_SIZE = 65536;
function* chunk(value) {
  if (value.byteLength <= MAX_CHUNK_SIZE) {
    yield value;
    return;
  }
  let offset = 0;
  while (offset < value.byteLength) {
    const size = Math.min(value.byteLength - offset, MAX_CHUNK_SIZE);
    const buffer = value.buffer.slice(offset, offset + size);
    offset += buffer.byteLength;
    yield new Uint8Array(buffer);
  }
}

// src/util/createBoundary.ts
var alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
function createBoundary() {
  let size = 16;
  let res = "";
  while (size--) {
    res += alphabet[Math.random() * alphabet.length << 0];
  }
  return res;
}

// src/util/escapeName.ts
var escapeName = (name) => String(name).replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22");

// src/util/isFunction.ts
var isFunction = (value) => typeof value === "function";

// src/util/isReadableStreamFallback.ts
var isReadableStreamFallback = (value) => !!value && typeof value === "object" && !Array.isArray(value) && isFunction(value.getReader);

// src/util/isAsyncIterable.ts
var isAsyncIterable = (value) => isFunction(value[Symbol.asyncIterator]);

// src/util/getStreamIterator.ts
async function* readStream(readable) {
  const reader = readable.getReader();
  while (true) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    yield value;
  }
}
async function* chunkStream(stream) {
  for await (const value of stream) {
    yield* chunk(value);
  }
}
var getStreamIterator = (source) => {
  if (isAsyncIterable(source)) {
    return chunkStream(source);
  }
  if (isReadableStreamFallback(source)) {
    return chunkStream(readStream(source));
  }
  throw new TypeError(
    "Unsupported data source: Expected either ReadableStream or async iterable."
  );
};

// src/util/isFile.ts
var isFile = (value) => Boolean(
  value && typeof value === "object" && isFunction(value.constructor) && value[Symbol.toStringTag] === "File" && isFunction(value.stream) && value.name != null
);

// src/util/isFormData.ts
var isFormData = (value) => Boolean(
  value && isFunction(value.constructor) && value[Symbol.toStringTag] === "FormData" && isFunction(value.append) && isFunction(value.getAll) && isFunction(value.entries) && isFunction(value[Symbol.iterator])
);

// src/util/isPlainObject.ts
var getType = (value) => Object.prototype.toString.call(value).slice(8, -1).toLowerCase();
function isPlainObject(value) {
  if (getType(value) !== "object") {
    return false;
  }
  const pp = Object.getPrototypeOf(value);
  if (pp === null || pp === void 0) {
    return true;
  }
  return pp.constructor?.toString?.() === Object.toString();
}

// src/util/normalizeValue.ts
var normalizeValue = (value) => String(value).replace(/\r|\n/g, (match, i, str) => {
  if (match === "\r" && str[i + 1] !== "\n" || match === "\n" && str[i - 1] !== "\r") {
    return "\r\n";
  }
  return match;
});

// src/util/proxyHeaders.ts
function getProperty(target, prop) {
  if (typeof prop === "string") {
    for (const [name, value] of Object.entries(target)) {
      if (prop.toLowerCase() === name.toLowerCase()) {
        return value;
      }
    }
  }
  return void 0;
}
var proxyHeaders = (object) => new Proxy(
  object,
  {
    get: (target, prop) => getProperty(target, prop),
    has: (target, prop) => getProperty(target, prop) !== void 0
  }
);

// src/FormDataEncoder.ts
var defaultOptions = {
  enableAdditionalHeaders: false
};
var readonlyProp = { writable: false, configurable: false };
var _CRLF, _CRLF_BYTES, _CRLF_BYTES_LENGTH, _DASHES, _encoder, _footer, _form, _options, _FormDataEncoder_instances, getFieldHeader_fn, getContentLength_fn;
var FormDataEncoder = class {
  constructor(form, boundaryOrOptions, options) {
    __privateAdd(this, _FormDataEncoder_instances);
    __privateAdd(this, _CRLF, "\r\n");
    __privateAdd(this, _CRLF_BYTES);
    __privateAdd(this, _CRLF_BYTES_LENGTH);
    __privateAdd(this, _DASHES, "-".repeat(2));
    /**
     * TextEncoder instance
     */
    __privateAdd(this, _encoder, new TextEncoder());
    /**
     * Returns form-data footer bytes
     */
    __privateAdd(this, _footer);
    /**
     * FormData instance
     */
    __privateAdd(this, _form);
    /**
     * Instance options
     */
    __privateAdd(this, _options);
    if (!isFormData(form)) {
      throw new TypeError("Expected first argument to be a FormData instance.");
    }
    let boundary;
    if (isPlainObject(boundaryOrOptions)) {
      options = boundaryOrOptions;
    } else {
      boundary = boundaryOrOptions;
    }
    if (!boundary) {
      boundary = `form-data-encoder-${createBoundary()}`;
    }
    if (typeof boundary !== "string") {
      throw new TypeError("Expected boundary argument to be a string.");
    }
    if (options && !isPlainObject(options)) {
      throw new TypeError("Expected options argument to be an object.");
    }
    __privateSet(this, _form, Array.from(form.entries()));
    __privateSet(this, _options, { ...defaultOptions, ...options });
    __privateSet(this, _CRLF_BYTES, __privateGet(this, _encoder).encode(__privateGet(this, _CRLF)));
    __privateSet(this, _CRLF_BYTES_LENGTH, __privateGet(this, _CRLF_BYTES).byteLength);
    this.boundary = boundary;
    this.contentType = `multipart/form-data; boundary=${this.boundary}`;
    __privateSet(this, _footer, __privateGet(this, _encoder).encode(
      `${__privateGet(this, _DASHES)}${this.boundary}${__privateGet(this, _DASHES)}${__privateGet(this, _CRLF).repeat(2)}`
    ));
    const headers = {
      "Content-Type": this.contentType
    };
    const contentLength = __privateMethod(this, _FormDataEncoder_instances, getContentLength_fn).call(this);
    if (contentLength) {
      this.contentLength = contentLength;
      headers["Content-Length"] = contentLength;
    }
    this.headers = proxyHeaders(Object.freeze(headers));
    Object.defineProperties(this, {
      boundary: readonlyProp,
      contentType: readonlyProp,
      contentLength: readonlyProp,
      headers: readonlyProp
    });
  }
  /**
   * Creates an iterator allowing to go through form-data parts (with metadata).
   * This method **will not** read the files and **will not** split values big into smaller chunks.
   *
   * Using this method, you can convert form-data content into Blob:
   *
   * @example
   *
   * ```ts
   * import {Readable} from "stream"
   *
   * import {FormDataEncoder} from "form-data-encoder"
   *
   * import {FormData} from "formdata-polyfill/esm-min.js"
   * import {fileFrom} from "fetch-blob/form.js"
   * import {File} from "fetch-blob/file.js"
   * import {Blob} from "fetch-blob"
   *
   * import fetch from "node-fetch"
   *
   * const form = new FormData()
   *
   * form.set("field", "Just a random string")
   * form.set("file", new File(["Using files is class amazing"]))
   * form.set("fileFromPath", await fileFrom("path/to/a/file.txt"))
   *
   * const encoder = new FormDataEncoder(form)
   *
   * const options = {
   *   method: "post",
   *   body: new Blob(encoder, {type: encoder.contentType})
   * }
   *
   * const response = await fetch("https://httpbin.org/post", options)
   *
   * console.log(await response.json())
   * ```
   */
  *values() {
    for (const [name, raw] of __privateGet(this, _form)) {
      const value = isFile(raw) ? raw : __privateGet(this, _encoder).encode(normalizeValue(raw));
      yield __privateMethod(this, _FormDataEncoder_instances, getFieldHeader_fn).call(this, name, value);
      yield value;
      yield __privateGet(this, _CRLF_BYTES);
    }
    yield __privateGet(this, _footer);
  }
  /**
   * Creates an async iterator allowing to perform the encoding by portions.
   * This method reads through files and splits big values into smaller pieces (65536 bytes per each).
   *
   * @example
   *
   * ```ts
   * import {Readable} from "stream"
   *
   * import {FormData, File, fileFromPath} from "formdata-node"
   * import {FormDataEncoder} from "form-data-encoder"
   *
   * import fetch from "node-fetch"
   *
   * const form = new FormData()
   *
   * form.set("field", "Just a random string")
   * form.set("file", new File(["Using files is class amazing"], "file.txt"))
   * form.set("fileFromPath", await fileFromPath("path/to/a/file.txt"))
   *
   * const encoder = new FormDataEncoder(form)
   *
   * const options = {
   *   method: "post",
   *   headers: encoder.headers,
   *   body: Readable.from(encoder.encode()) // or Readable.from(encoder)
   * }
   *
   * const response = await fetch("https://httpbin.org/post", options)
   *
   * console.log(await response.json())
   * ```
   */
  async *encode() {
    for (const part of this.values()) {
      if (isFile(part)) {
        yield* getStreamIterator(part.stream());
      } else {
        yield* chunk(part);
      }
    }
  }
  /**
   * Creates an iterator allowing to read through the encoder data using for...of loops
   */
  [Symbol.iterator]() {
    return this.values();
  }
  /**
   * Creates an **async** iterator allowing to read through the encoder data using for-await...of loops
   */
  [Symbol.asyncIterator]() {
    return this.encode();
  }
};
_CRLF = new WeakMap();
_CRLF_BYTES = new WeakMap();
_CRLF_BYTES_LENGTH = new WeakMap();
_DASHES = new WeakMap();
_encoder = new WeakMap();
_footer = new WeakMap();
_form = new WeakMap();
_options = new WeakMap();
_FormDataEncoder_instances = new WeakSet();
getFieldHeader_fn = function(name, value) {
  let header = "";
  header += `${__privateGet(this, _DASHES)}${this.boundary}${__privateGet(this, _CRLF)}`;
  header += `Content-Disposition: form-data; name="${escapeName(name)}"`;
  if (isFile(value)) {
    header += `; filename="${escapeName(value.name)}"${__privateGet(this, _CRLF)}`;
    header += `Content-Type: ${value.type || "application/octet-stream"}`;
  }
  if (__privateGet(this, _options).enableAdditionalHeaders === true) {
    const size = isFile(value) ? value.size : value.byteLength;
    if (size != null && !isNaN(size)) {
      header += `${__privateGet(this, _CRLF)}Content-Length: ${size}`;
    }
  }
  return __privateGet(this, _encoder).encode(`${header}${__privateGet(this, _CRLF).repeat(2)}`);
};
/**
 * Returns form-data content length
 */
getContentLength_fn = function() {
  let length = 0;
  for (const [name, raw] of __privateGet(this, _form)) {
    const value = isFile(raw) ? raw : __privateGet(this, _encoder).encode(normalizeValue(raw));
    const size = isFile(value) ? value.size : value.byteLength;
    if (size == null || isNaN(size)) {
      return void 0;
    }
    length += __privateMethod(this, _FormDataEncoder_instances, getFieldHeader_fn).call(this, name, value).byteLength;
    length += size;
    length += __privateGet(this, _CRLF_BYTES_LENGTH);
  }
  return String(length + __privateGet(this, _footer).byteLength);
};


// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(75);
// EXTERNAL MODULE: ./node_modules/zod/v4/mini/schemas.js + 8 modules
var schemas = __webpack_require__(539);
// EXTERNAL MODULE: ./src/problems/log.ts
var log = __webpack_require__(234);
// EXTERNAL MODULE: ./src/problems/problem.ts
var problem = __webpack_require__(147);
// EXTERNAL MODULE: ./src/network/http.ts + 4 modules
var network_http = __webpack_require__(139);
// EXTERNAL MODULE: ./src/problems/cancel.ts
var cancel = __webpack_require__(900);
// EXTERNAL MODULE: ./src/network/retry.ts + 1 modules
var retry = __webpack_require__(647);
// EXTERNAL MODULE: ./src/problems/untrusted-text.ts
var untrusted_text = __webpack_require__(924);
// EXTERNAL MODULE: ./src/forge/bazaar.ts
var bazaar = __webpack_require__(368);
;// CONCATENATED MODULE: ./src/forge/forge-api.ts













/** The Forge answered `{error, code}`: the request was understood and refused. */
class ForgeRefusal extends problem/* ActionError */.lZ {
    code;
    forgeError;
    constructor(what, 
    /** The answer's `code` (the article: the HTTP status, repeated in the body), else the HTTP status. */
    code, forgeError) {
        super(`The Forge refused ${what}: ${forgeError}`);
        this.code = code;
        this.forgeError = forgeError;
        this.name = 'ForgeRefusal';
    }
}
/** SPEC §6b: the recovery idle retries for this long at most, whatever is left of max-retry-wait. */
const RECOVERY_IDLE_BUDGET_MS = 30_000;
/**
 * After a cancel, the recovery idle must be done within this, retries included: the runner kills the process
 * about 7.5 s after its first signal, and the outputs and summary still have to be written after it.
 */
const RECOVERY_AFTER_CANCEL_MS = 4_000;
/**
 * The Forge unpacks an uploaded zip before it answers, so the answer to an import may come long after its
 * last byte: the import waits this many times request-timeout for it (5 minutes at the default 30 s)…
 */
const IMPORT_ANSWER_TIMEOUT_FACTOR = 10;
/** …and never more than an hour (request-timeout goes up to 3600 s), far below GitHub's 6-hour job limit. */
const MAX_IMPORT_ANSWER_WAIT_MS = 60 * 60 * 1000;
/** How long an import waits for its answer after the upload's last byte, with this request-timeout. */
function importAnswerWaitMs(requestTimeoutMs) {
    return Math.min(requestTimeoutMs * IMPORT_ANSWER_TIMEOUT_FACTOR, MAX_IMPORT_ANSWER_WAIT_MS);
}
const errorSchema = schemas/* object */.Ikc({ error: schemas/* string */.YjP(), code: schemas/* optional */.lqM(schemas/* number */.aig()) });
const successSchema = schemas/* object */.Ikc({ success: schemas/* boolean */.zMY() });
const worldSchema = schemas/* object */.Ikc({ name: schemas/* string */.YjP(), secret: schemas/* optional */.lqM(schemas/* string */.YjP()) });
// The article does not pin the list's shape: accept a bare array or { worlds: [...] } (SPEC §5).
const worldListSchema = schemas/* union */.KCZ([schemas/* array */.YOg(worldSchema), schemas/* object */.Ikc({ worlds: schemas/* array */.YOg(worldSchema) })]);
/** The article: `{success}` on success, `{error, code}` on failure, at any HTTP status. Pure. */
function classifyForgeResponse(status, body) {
    const json = (0,network_http/* parseJson */.qF)(body);
    const error = errorSchema.safeParse(json);
    if (status === 401 || status === 403) {
        return { kind: 'key-rejected', status, error: error.success ? (0,untrusted_text/* untrusted */.b)(error.data.error) : undefined };
    }
    if (status >= 500 || status === 429) {
        const detail = error.success ? (0,untrusted_text/* untrusted */.b)(error.data.error, 100) : (0,network_http/* bodyExcerpt */.kG)(body, 100);
        return { kind: 'transient', failure: `HTTP ${status} (${detail})` };
    }
    if (error.success)
        return { kind: 'failed', code: error.data.code ?? status, error: (0,untrusted_text/* untrusted */.b)(error.data.error) };
    if (status >= 200 && status < 300 && json !== undefined)
        return { kind: 'ok', json };
    if (status >= 200 && status < 300) {
        return {
            kind: 'transient',
            failure: `HTTP ${status} with an unreadable body (${(0,network_http/* bodyExcerpt */.kG)(body, 100)})`,
        };
    }
    return { kind: 'failed', code: status, error: `HTTP ${status} (${(0,network_http/* bodyExcerpt */.kG)(body)})` };
}
class ForgeApi {
    options;
    constructor(options) {
        this.options = options;
    }
    async idle(request) {
        return this.#success(await this.#postJson('/api/game/idle', request, 'idle'));
    }
    async recoveryIdle(game) {
        const { http } = this.options;
        if (!http.signal?.aborted) {
            // Its own budget (the run's may be spent), still ended by a cancel: then the quick idle below.
            const budget = new retry/* RetryBudget */.Km(RECOVERY_IDLE_BUDGET_MS, http.signal);
            try {
                return await new ForgeApi({ ...this.options, budget }).idle({ game });
            }
            catch (error) {
                if (!http.signal?.aborted)
                    throw error;
            }
        }
        // Cancelled (before or during the idle): the run's transport refuses to send, so the idle gets one of its
        // own with a hard deadline, well inside the runner's kill 7.5 s after its first signal.
        const quick = new network_http/* HttpTransport */.G5(Math.min(http.timeoutMs, RECOVERY_AFTER_CANCEL_MS), (0,cancel/* deadline */.nl)(RECOVERY_AFTER_CANCEL_MS, `the Forge did not answer within ${RECOVERY_AFTER_CANCEL_MS / 1000} s of the cancel`));
        const budget = new retry/* RetryBudget */.Km(RECOVERY_AFTER_CANCEL_MS, quick.signal);
        return new ForgeApi({ ...this.options, http: quick, budget }).idle({ game });
    }
    async stop(game) {
        this.#requireSuccess(await this.#postJson('/api/game/stop', { game }, 'stop'), 'stop');
    }
    async listWorlds() {
        const json = await this.#send('list worlds', () => this.options.http.request('GET', this.#url('/api/data/worlds'), { headers: this.#headers() }));
        const list = worldListSchema.safeParse(json);
        if (!list.success) {
            throw new problem/* ActionError */.lZ('The Forge answered GET /api/data/worlds with something other than a list of worlds.');
        }
        return Array.isArray(list.data) ? list.data : list.data.worlds;
    }
    async deleteWorld(name, secret) {
        const json = await this.#send('delete world', () => this.#requestJson('/api/data/worlds/delete', { name, secret }), async () => !(await this.#worldExists(name)));
        this.#requireSuccess(json, 'delete world');
    }
    async installWorld(name, version) {
        try {
            this.#requireSuccess(await this.#postJson('/api/data/worlds/install', { name, version }, 'install world'), 'install world');
            return { installed: true };
        }
        catch (error) {
            // Undocumented: we take a 404 to an install that names a version as "the Bazaar has no such version"
            // (README, The Forge reset). Without a version, a 404 means the package itself is unknown: an error.
            if (error instanceof ForgeRefusal && error.code === 404 && version !== undefined) {
                return { installed: false, refusal: error.forgeError };
            }
            throw error;
        }
    }
    async bazaarListing(packageName) {
        // Public and unauthenticated (README badges read it): the key is not sent.
        const url = this.#url(`/api/bazaar/package/${encodeURIComponent(packageName)}`);
        try {
            const response = await this.options.http.request('GET', url, {
                headers: { Accept: 'application/json' },
            });
            return (0,bazaar/* parseBazaarAnswer */.x0)(response.status, response.body);
        }
        catch (error) {
            if (error instanceof network_http/* TransportError */.wX)
                return { kind: 'transient', failure: error.message };
            throw error;
        }
    }
    async importWorld(zipPath, world) {
        const { size, mtimeMs } = await (0,promises_.stat)(zipPath);
        const json = await this.#send('import world', async () => {
            const encoder = new FormDataEncoder(worldImportForm(zipPath, size, mtimeMs));
            return this.options.http.request('POST', this.#url('/api/data/import'), {
                body: external_node_stream_.Readable.from(encoder),
                headers: { ...this.#headers(), ...encoder.headers },
                timeoutMs: importAnswerWaitMs(this.options.http.timeoutMs),
            });
        }, () => this.#worldExists(world));
        this.#requireSuccess(json, 'import world');
    }
    async #worldExists(name) {
        return (await this.listWorlds()).some((w) => w.name === name);
    }
    /** Appends the article's route to forge-api-url, keeping any path a mirror has (https://host/forge). */
    #url(route) {
        return `${this.options.apiUrl.replace(/\/+$/, '')}${route}`;
    }
    #headers() {
        return { 'Access-Key': this.options.apiKey, Accept: 'application/json' };
    }
    async #postJson(route, body, what) {
        return this.#send(what, () => this.#requestJson(route, body));
    }
    #requestJson(route, body) {
        return this.options.http.request('POST', this.#url(route), {
            body: JSON.stringify(body),
            headers: { ...this.#headers(), 'Content-Type': 'application/json' },
        });
    }
    #success(json) {
        const answer = successSchema.safeParse(json);
        if (!answer.success)
            throw new problem/* ActionError */.lZ('The Forge answered without a success field; check forge-api-url.');
        return answer.data.success;
    }
    #requireSuccess(json, what) {
        if (!this.#success(json))
            throw new problem/* ActionError */.lZ(`The Forge answered ${what} with success: false.`);
    }
    /**
     * One call, retried on transient failures within the budget. A data call passes `alreadyDone`: before it is
     * repeated after a lost answer, a timeout or a 5xx, that check (a look at the worlds list) tells whether
     * the first attempt did its work, so the call is not made twice (SPEC §5).
     */
    async #send(what, request, alreadyDone) {
        return (0,retry/* withRetries */.LH)(async (attemptNumber) => {
            if (attemptNumber > 1 && alreadyDone && (await alreadyDone())) {
                log/* log */.R.info(`Forge ${what}: the earlier attempt did its work (its answer was lost); going on.`);
                return { ok: { success: true } };
            }
            let answer;
            try {
                const response = await request();
                answer = classifyForgeResponse(response.status, response.body);
            }
            catch (error) {
                if (!(error instanceof network_http/* TransportError */.wX))
                    throw error;
                answer = { kind: 'transient', failure: error.message };
            }
            switch (answer.kind) {
                case 'ok':
                    return { ok: answer.json };
                case 'failed':
                    throw new ForgeRefusal(what, answer.code, answer.error);
                case 'key-rejected':
                    throw new problem/* ActionError */.lZ(`The Forge rejected forge-api-key for ${what} (HTTP ${answer.status}${answer.error ? `: ${answer.error}` : ''}). The key needs the read-data, write-data and manage-games permissions: generate one as the Forge article shows and update the secret.`);
                case 'transient':
                    return { retry: { kind: 'transient' }, failure: `The Forge ${what} failed: ${answer.failure}` };
            }
        }, {
            what: `Forge ${what}`,
            budget: this.options.budget,
            giveUp: (failure, reason) => new problem/* ActionError */.lZ(`${failure}; gave up because ${reason}.`),
        });
    }
}
/** Bytes read from the zip at a time; see worldImportForm. */
const ZIP_CHUNK_BYTES = 16 * 1024;
/**
 * The article's import form (type=world, zip=the file) in the shape form-data-encoder reads: the entries
 * of a spec FormData. Node's own FormData holds only Blobs, read in 64 KiB chunks; while streaming, V8 lets
 * ~40 MiB of spent chunks pile up between scavenges, pushing peak memory past 100 MiB. Reading the zip in
 * 16 KiB chunks from an fs stream keeps it near 80 MiB, whatever the zip's size (npm run bench). Each call
 * opens the file afresh, so a retried import re-reads it from the start.
 */
function worldImportForm(zipPath, size, lastModified) {
    const zip = {
        name: external_node_path_default().basename(zipPath),
        type: 'application/zip',
        size,
        lastModified,
        stream: () => (0,external_node_fs_.createReadStream)(zipPath, { highWaterMark: ZIP_CHUNK_BYTES }),
        [Symbol.toStringTag]: 'File',
    };
    const entries = [
        ['type', 'world'],
        ['zip', zip],
    ];
    return {
        append: () => {
            throw new Error('the world import form is fixed');
        },
        getAll: (name) => entries.filter(([key]) => key === name).map(([, value]) => value),
        entries: () => entries[Symbol.iterator](),
        [Symbol.iterator]: () => entries[Symbol.iterator](),
        [Symbol.toStringTag]: 'FormData',
    };
}


/***/ })

};
