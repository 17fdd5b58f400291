import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseReleaseTag, releaseNotes } from '../../../scripts/release-notes.mjs';

const CHANGELOG = [
  '# Changelog',
  '',
  '## [Unreleased]',
  '',
  '- next thing',
  '',
  '## [1.2.0] - 2026-12-01',
  '',
  '### Added',
  '',
  '- a feature',
  '',
  '## [1.1.9] - 2026-11-01',
  '',
  '- a fix',
  '',
  '[1.2.0]: https://example.invalid/compare/v1.1.9...v1.2.0',
  '',
].join('\r\n');

describe('release notes', () => {
  test('release tags are vMAJOR.MINOR.PATCH and name their major tag', () => {
    expect(parseReleaseTag('v1.2.0')).toEqual({ version: '1.2.0', major: 'v1' });
    expect(parseReleaseTag('v12.0.3')).toEqual({ version: '12.0.3', major: 'v12' });
    for (const bad of ['1.2.0', 'v1', 'v1.2', 'v1.2.0-rc.1', 'v1.2.0\n', ' v1.2.0']) {
      expect(parseReleaseTag(bad)).toBeUndefined();
    }
  });

  test("a version's section, without its heading, the next section or link definitions", () => {
    expect(releaseNotes(CHANGELOG, '1.2.0')).toBe('### Added\n\n- a feature');
    expect(releaseNotes(CHANGELOG, '1.1.9')).toBe('- a fix');
    expect(releaseNotes(CHANGELOG, '1.1.0')).toBeUndefined();
    expect(releaseNotes('## [2.0.0] - 2026-12-02\n\n', '2.0.0')).toBeUndefined();
  });

  test('the command fails with a message when the changelog has no section for the tag', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esc-notes-'));
    try {
      const file = path.join(dir, 'CHANGELOG.md');
      fs.writeFileSync(file, CHANGELOG);
      const script = path.resolve('scripts/release-notes.mjs');
      const ok = spawnSync(process.execPath, [script, 'v1.2.0', file], { encoding: 'utf8' });
      expect([ok.status, ok.stdout]).toEqual([0, '### Added\n\n- a feature\n']);
      const missing = spawnSync(process.execPath, [script, 'v3.0.0', file], { encoding: 'utf8' });
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain('has no section "## [3.0.0]"');
      const bad = spawnSync(process.execPath, [script, 'latest', file], { encoding: 'utf8' });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('"latest" is not a release tag');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
