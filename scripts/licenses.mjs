// Third-party notices for dist/: every package esbuild put into a bundle (read from the build's
// own metafile, not from package.json), with its version, its license text and its NOTICE file if
// it ships one. `npm run bundle` writes them to dist/licenses.txt, so CI's dist check keeps the
// file current with what is bundled.
import * as fs from 'node:fs';
import * as path from 'node:path';

const LICENSE_FILE = /^(licen[cs]e|copying)([.-].*)?$/i;
const NOTICE_FILE = /^notice([.-].*)?$/i;

/** The package folder (…/node_modules/<name> or …/node_modules/@scope/<name>) of a bundled input. */
export function packageDirOf(input) {
  const parts = input.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const scoped = parts[at + 1].startsWith('@');
  if (scoped && at + 2 >= parts.length) return undefined;
  return parts.slice(0, at + (scoped ? 3 : 2)).join('/');
}

function readFirst(dir, pattern) {
  const names = fs
    .readdirSync(dir)
    .filter((n) => pattern.test(n))
    .sort();
  for (const n of names) {
    const file = path.join(dir, n);
    if (fs.statSync(file).isFile()) return fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  }
  return undefined;
}

/**
 * The packages behind `inputs` (metafile input paths, relative to `root`): name, version,
 * license, license text and notice, sorted by name. A few AWS SDK packages declare Apache-2.0 but
 * ship no license file: they get the standard text (`standardTexts`, SPDX id → text), marked as
 * such. Any other bundled package without a license text fails the build: shipping its code
 * without one is not allowed.
 */
export function bundledPackages(root, inputs, standardTexts = {}) {
  const dirs = new Set();
  for (const input of inputs) {
    const dir = packageDirOf(input);
    if (dir !== undefined) dirs.add(dir);
  }
  const packages = new Map();
  for (const rel of dirs) {
    const dir = path.resolve(root, rel);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const key = `${manifest.name}@${manifest.version}`;
    if (packages.has(key)) continue;
    const license = typeof manifest.license === 'string' ? manifest.license : 'see text';
    let text = readFirst(dir, LICENSE_FILE);
    if (text === undefined && standardTexts[license] !== undefined) {
      text = `(The package declares ${license} and ships no license file; the standard text follows.)\n\n${standardTexts[license]}`;
    }
    if (text === undefined) {
      throw new Error(`${key} (${rel}) is bundled into dist/ but ships no license file`);
    }
    packages.set(key, {
      name: manifest.name,
      version: manifest.version,
      license,
      text: text.trim(),
      notice: readFirst(dir, NOTICE_FILE)?.trim(),
    });
  }
  return [...packages.values()].sort((a, b) =>
    a.name === b.name ? a.version.localeCompare(b.version) : a.name < b.name ? -1 : 1,
  );
}

/** The text of dist/licenses.txt. */
export function formatNotices(packages) {
  const rule = '-'.repeat(78);
  const head = [
    'Third-party software bundled in this directory',
    '',
    'esc-action is licensed under the Apache License 2.0 (see LICENSE at the root of the',
    'repository). The bundles in dist/ also contain the following packages, each under its own',
    "license, reproduced below. This file is written by `npm run bundle` from the bundler's",
    'record of what it included; do not edit it by hand.',
    '',
    ...packages.map((p) => `- ${p.name} ${p.version} (${p.license})`),
  ];
  const bodies = packages.map((p) =>
    [
      rule,
      `${p.name} ${p.version}`,
      `License: ${p.license}`,
      '',
      p.text,
      ...(p.notice ? ['', 'NOTICE:', '', p.notice] : []),
    ].join('\n'),
  );
  return `${[head.join('\n'), ...bodies].join('\n\n')}\n`;
}
