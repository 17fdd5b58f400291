// Loaded with `node --import` (NODE_OPTIONS) by tests: appends the URL of every ES module file the
// process loads (entries and the chunks they import, dynamic imports included), one a line, to
// $ESC_IMPORTED_FILE. Shows whether a run loaded a chunk of dist/ (e.g. the proxy agents').
// The same file registers itself as a module-loading hook (which Node runs off the main thread).
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

if (isMainThread && process.env.ESC_IMPORTED_FILE) register(import.meta.url);

/**
 * @param {string} url
 * @param {unknown} context
 * @param {(url: string, context: unknown) => Promise<unknown>} nextLoad
 */
export async function load(url, context, nextLoad) {
  const file = process.env.ESC_IMPORTED_FILE;
  if (file && url.startsWith('file:')) appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
}
