export const id = 673;
export const ids = [673];
export const modules = {

/***/ 9673:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   stringForm: () => (/* binding */ stringForm)
/* harmony export */ });
/* unused harmony export ownKeys */
/* harmony import */ var _go_quote_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1627);
/* harmony import */ var _go_utf8_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6724);
/* harmony import */ var _value_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2385);
/**
 * The string form of a public value (esc-language.md §2.5), as interpolation and `fn::toString`
 * produce it: arrays and objects Go-quoted, objects with their own keys only (keys merged in from
 * imports are left out; they are recognised through `base`, whose exported properties are the
 * very same objects).
 */



/** The keys an object value defines itself (not only inherited from its base). */
function ownKeys(v) {
    if (!(v.repr instanceof Map))
        return [];
    const base = v.base;
    const baseMap = base !== undefined && !base.unknown && base.repr instanceof Map ? base.repr : undefined;
    const keys = [];
    for (const [k, e] of v.repr)
        if (baseMap === undefined || baseMap.get(k) !== e)
            keys.push(k);
    return keys;
}
function stringForm(v) {
    if (v.unknown)
        return { text: '[unknown]', unknown: true, secret: v.secret };
    let unknown = false;
    let secret = v.secret;
    const r = v.repr;
    const quoted = (e) => {
        const s = stringForm(e);
        unknown ||= s.unknown;
        secret ||= s.secret;
        return (0,_go_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .goQuote */ .d)(s.text);
    };
    let text;
    if (r === null)
        text = '';
    else if (typeof r === 'boolean')
        text = r ? 'true' : 'false';
    else if (r instanceof _value_js__WEBPACK_IMPORTED_MODULE_2__/* .NumberText */ .jQ)
        text = r.text;
    else if (typeof r === 'string' || r instanceof Uint8Array)
        text = r;
    else if (Array.isArray(r))
        text = r.map(quoted).join(',');
    else
        text = (0,_go_utf8_js__WEBPACK_IMPORTED_MODULE_1__/* .sortedKeys */ .Mf)(ownKeys(v))
            .map((k) => `${(0,_go_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .goQuote */ .d)(k)}=${quoted(r.get(k))}`)
            .join(',');
    return { text, unknown, secret };
}


/***/ })

};
