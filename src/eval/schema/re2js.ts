/**
 * Loads re2js (the JavaScript port of RE2) on first use, synchronously: schema validation runs
 * inside the synchronous evaluation, and most runs never meet a user pattern, so start-up must
 * not pay for parsing re2js (~260 KB) and building its tables.
 *
 * From the sources (jest, tsc output) this requires the `re2js` package. The bundles define
 * `ESC_RE2JS_FILE` (scripts/bundle.mjs): re2js is then a CommonJS file written beside the bundle
 * file that holds this module, outside every chunk a run loads.
 */
import { createRequire } from 'node:module';
import type * as Re2js from 're2js';

/** Replaced by the bundler with the path of re2js relative to the bundle file. */
declare const ESC_RE2JS_FILE: string | undefined;

let loaded: typeof Re2js | undefined;

/** re2js, loaded on the first call. */
export function re2js(): typeof Re2js {
  if (loaded === undefined) {
    const file = typeof ESC_RE2JS_FILE === 'string' ? ESC_RE2JS_FILE : 're2js';
    loaded = createRequire(import.meta.url)(file) as typeof Re2js;
  }
  return loaded;
}

/** Whether re2js has been loaded in this process (for tests of the start-up promise). */
export function re2jsLoaded(): boolean {
  return loaded !== undefined;
}
