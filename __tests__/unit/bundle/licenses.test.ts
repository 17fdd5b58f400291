import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundledPackages, formatNotices, packageDirOf } from '../../../scripts/licenses.mjs';

function pkg(root: string, name: string, version: string, files: Record<string, string>): void {
  const dir = path.join(root, 'node_modules', ...name.split('/'));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name, version, license: 'MIT' }),
  );
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
}

describe('third-party notices', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'esc-licenses-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('packageDirOf finds the innermost package of a bundled input, scoped or not', () => {
    expect(packageDirOf('node_modules/yaml/browser/dist/index.js')).toBe('node_modules/yaml');
    expect(packageDirOf('node_modules/@aws-sdk/core/dist-es/index.js')).toBe(
      'node_modules/@aws-sdk/core',
    );
    expect(packageDirOf('node_modules/a/node_modules/@s/b/x.js')).toBe(
      'node_modules/a/node_modules/@s/b',
    );
    expect(packageDirOf('build/tsc/index.js')).toBeUndefined();
    expect(packageDirOf('scripts/stubs/@actions/http-client/index.js')).toBeUndefined();
  });

  test('each package once, sorted, with its license text and NOTICE', () => {
    pkg(root, 'zed', '1.0.0', { 'LICENSE.md': 'zed license\r\n' });
    pkg(root, '@s/alpha', '2.1.0', { LICENSE: 'alpha license', NOTICE: 'alpha notice' });
    const got = bundledPackages(root, [
      'node_modules/zed/a.js',
      'node_modules/zed/b.js',
      'node_modules/@s/alpha/index.js',
      'build/tsc/main.js',
    ]);
    expect(got.map((p) => `${p.name}@${p.version}`)).toEqual(['@s/alpha@2.1.0', 'zed@1.0.0']);
    expect(got[0]).toMatchObject({ text: 'alpha license', notice: 'alpha notice' });
    expect(got[1]).toMatchObject({ text: 'zed license', notice: undefined });
    const text = formatNotices(got);
    expect(text).toContain('- @s/alpha 2.1.0 (MIT)\n- zed 1.0.0 (MIT)');
    expect(text).toContain('alpha license\n\nNOTICE:\n\nalpha notice');
  });

  test('a bundled package without a license text fails the build unless a standard text fits', () => {
    pkg(root, 'bare', '0.1.0', {});
    expect(() => bundledPackages(root, ['node_modules/bare/i.js'])).toThrow(
      'bare@0.1.0 (node_modules/bare) is bundled into dist/ but ships no license file',
    );
    const [got] = bundledPackages(root, ['node_modules/bare/i.js'], { MIT: 'the MIT text' });
    expect(got?.text).toContain('declares MIT and ships no license file');
    expect(got?.text).toContain('the MIT text');
  });

  test('dist/licenses.txt names every package whose code is in the committed bundles', () => {
    const notices = fs.readFileSync(path.join('dist', 'licenses.txt'), 'utf8');
    for (const name of ['@actions/core', '@aws-sdk/client-sts', 'yaml', '@smithy/core']) {
      expect(notices).toMatch(new RegExp(`^- ${name.replace('/', '\\/')} \\d`, 'm'));
    }
  });
});
