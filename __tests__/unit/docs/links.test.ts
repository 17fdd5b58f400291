// The documentation holds together: every relative link in README.md and docs/*.md names a file
// of the repository and, with a `#fragment`, a heading of that page (as GitHub makes anchors);
// every page of docs/ is linked from the docs index; and the pages describe the product, not how
// it was developed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { DOCS_ROOT, DOC_FILES, readDoc } from '../../../__fixtures__/docs.js';

/** The text outside fenced code blocks. */
const prose = (text: string) => text.replace(/^( *)```[\s\S]*?^\1```/gm, '');

/** GitHub's anchors for the headings of a Markdown page (duplicates get -1, -2, …). */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose(text).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = (m[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

const links = DOC_FILES.flatMap((file) =>
  [...prose(readDoc(file)).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => ({ file, target })),
);

describe('the documentation', () => {
  test('has pages and links between them', () => {
    expect(DOC_FILES.length).toBeGreaterThanOrEqual(11);
    expect(links.length).toBeGreaterThan(30);
  });

  test.each(links.map((l) => [`${l.file} → ${l.target}`, l] as const))('%s resolves', (_, l) => {
    const [path = '', fragment] = l.target.split('#');
    const resolved = path === '' ? l.file : normalize(join(dirname(l.file), path));
    expect({ link: l.target, exists: existsSync(join(DOCS_ROOT, resolved)) }).toEqual({
      link: l.target,
      exists: true,
    });
    if (fragment !== undefined) {
      const text = readFileSync(join(DOCS_ROOT, resolved), 'utf8');
      expect({ link: l.target, anchor: anchors(text).has(fragment) }).toEqual({
        link: l.target,
        anchor: true,
      });
    }
  });

  test('the docs index and the README link every page of docs/', () => {
    const index = readDoc('docs/README.md');
    const readme = readDoc('README.md');
    for (const page of DOC_FILES.filter((f) => f.startsWith('docs/') && f !== 'docs/README.md')) {
      const name = page.slice('docs/'.length);
      expect({ page, index: index.includes(`](${name})`) }).toEqual({ page, index: true });
      expect({ page, readme: readme.includes(`](${page})`) }).toEqual({ page, readme: true });
    }
  });

  test('describes the product, not its development', () => {
    // Written with \s so that the same search over the tests does not find this line.
    const history =
      /\bissues?\s[0-9]{1,2}\b|second\spass|first\sprototype|session\sstart|load\saverage/i;
    for (const file of [...DOC_FILES, 'CHANGELOG.md', 'CONTRIBUTING.md']) {
      const text = readFileSync(join(DOCS_ROOT, file), 'utf8');
      const line = text.split('\n').find((l) => history.test(l));
      expect({ file, line }).toEqual({ file, line: undefined });
    }
  });
});
