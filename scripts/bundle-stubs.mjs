// What scripts/bundle.mjs bundles in place of some packages, shared with the bench's stack floor
// (scripts/bench/stack-floor/build.mjs) so that both leave out the same code.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A stand-in of scripts/stubs/ (see scripts/stubs/README.md). */
export const stub = (/** @type {string} */ p) => path.join(root, 'scripts', 'stubs', p);

/**
 * Packages @actions/core or the AWS clients import but esc-action never calls, and their
 * stand-ins: see scripts/stubs/README.md.
 */
export const STUBBED = {
  '@actions/http-client/lib/auth': stub('@actions/http-client/lib/auth.js'),
  '@actions/http-client': stub('@actions/http-client/index.js'),
  '@aws-sdk/credential-provider-node': stub('@aws-sdk/credential-provider-node/index.js'),
};

// `yaml` resolves to its CommonJS build under Node; its ES build (shipped as browser/, with the
// same code but no Node hooks: the parser's LOG_TOKENS/LOG_STREAM lookups of process.env on every
// token, process.emitWarning for warnings that parseAllDocuments never emits) can be tree-shaken
// and needs no CommonJS wrapper: ~10 ms less per run (bench, interleaved runs).
export const YAML_ES = { yaml: path.join(root, 'node_modules', 'yaml', 'browser', 'index.js') };
