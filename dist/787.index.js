export const id = 787;
export const ids = [787];
export const modules = {

/***/ 787:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   sendThroughProxy: () => (/* binding */ sendThroughProxy)
/* harmony export */ });
/**
 * One request through the runner's proxy (HTTPS_PROXY, HTTP_PROXY; NO_PROXY honoured by getProxyUrl), with
 * `@actions/http-client` and its `tunnel` agents, loaded only by runs that have a proxy to go through.
 */
async function sendThroughProxy(request, userAgent) {
    const { HttpClient } = await __webpack_require__.e(/* import() */ 880).then(__webpack_require__.bind(__webpack_require__, 880));
    const { signal } = request;
    const client = new HttpClient(userAgent, signal ? [abortedBy(signal)] : [], {
        allowRedirects: request.redirectsLeft > 0,
        maxRedirects: request.redirectsLeft,
        allowRetries: false,
        keepAlive: false,
        socketTimeout: request.timeoutMs,
    });
    const response = await client.request(request.method, request.url, request.body ?? null, request.headers);
    return response.message;
}
/**
 * Hands Node's http.request the signal (http-client has no option for it), so a cancel ends a request that
 * is still waiting for its answer's headers, an upload included.
 */
function abortedBy(signal) {
    return {
        prepareRequest: (options) => Object.assign(options, { signal }),
        canHandleAuthentication: () => false,
        handleAuthentication: () => Promise.reject(new Error('not an authentication handler')),
    };
}


/***/ })

};
