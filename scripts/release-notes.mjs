// Prints the CHANGELOG.md section of one version (Keep a Changelog: `## [1.2.3] - 2026-12-01`),
// without its heading, for the release workflow's GitHub release notes:
//   node scripts/release-notes.mjs v1.2.3 [CHANGELOG.md]
// Exits 1 with a message when the tag is not vX.Y.Z or the changelog has no such section, so a
// release cannot go out without its notes.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const TAG = /^v(\d+)\.(\d+)\.(\d+)$/;

/** `v1.2.3` → `{ version: '1.2.3', major: 'v1' }`; undefined for anything else. */
export function parseReleaseTag(tag) {
  const m = TAG.exec(tag);
  return m ? { version: `${m[1]}.${m[2]}.${m[3]}`, major: `v${m[1]}` } : undefined;
}

/** The body of the `## [version]` section of a Keep a Changelog text, trimmed; undefined if absent. */
export function releaseNotes(changelog, version) {
  const lines = changelog.replace(/\r\n/g, '\n').split('\n');
  const heading = (l) => /^## /.test(l);
  const start = lines.findIndex(
    (l) => heading(l) && (l.startsWith(`## [${version}]`) || l.startsWith(`## ${version}`)),
  );
  if (start < 0) return undefined;
  let end = lines.findIndex((l, i) => i > start && heading(l));
  if (end < 0) end = lines.length;
  // Link reference definitions at the end of the file belong to no section.
  const body = lines
    .slice(start + 1, end)
    .filter((l) => !/^\[[^\]]+\]: /.test(l))
    .join('\n')
    .trim();
  return body === '' ? undefined : body;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [tag = '', file = 'CHANGELOG.md'] = process.argv.slice(2);
  const parsed = parseReleaseTag(tag);
  if (!parsed) {
    console.error(
      `release-notes: ${JSON.stringify(tag)} is not a release tag (vMAJOR.MINOR.PATCH)`,
    );
    process.exit(1);
  }
  const notes = releaseNotes(fs.readFileSync(file, 'utf8'), parsed.version);
  if (notes === undefined) {
    console.error(
      `release-notes: ${file} has no section "## [${parsed.version}]": move the Unreleased entries under it`,
    );
    process.exit(1);
  }
  process.stdout.write(`${notes}\n`);
}
