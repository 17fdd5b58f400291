// Bundles the stack floor (./entry.mjs) the way scripts/bundle.mjs bundles the action at its
// leanest: esbuild, the packages' ES builds (the AWS SDK's, yaml's), minified, dynamic imports
// as chunks, and the same stand-ins (scripts/stubs) for the packages @actions/core and the STS
// client import but a run never calls. The bench builds it into a temporary folder on every run
// (scripts/bench/round-robin.mjs); nothing of it is committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { STUBBED, YAML_ES, stub } from '../../bundle-stubs.mjs';
import { REPO_ROOT } from '../../stack/index.mjs';

/**
 * Builds the floor into `outDir`; returns the path of its entry (run it as a runner runs an
 * action: INPUT_ENVIRONMENT, GITHUB_WORKSPACE, the token request variables, AWS_ENDPOINT_URL).
 * @param {string} outDir
 * @returns {Promise<string>}
 */
export async function buildStackFloor(outDir) {
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: { index: join(REPO_ROOT, 'scripts', 'bench', 'stack-floor', 'entry.mjs') },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    minify: true,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    logLevel: 'warning',
    // The floor never runs a command: @actions/exec is only @actions/core's import.
    alias: { ...YAML_ES, ...STUBBED, '@actions/exec': stub('@actions/exec-for-core/index.js') },
    banner: {
      js: "import{createRequire as __floorRequire}from'node:module';const require=__floorRequire(import.meta.url);",
    },
  });
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
  return join(outDir, 'index.js');
}
