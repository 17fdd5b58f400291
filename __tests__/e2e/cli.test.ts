/**
 * The CLI as a user runs it: `node dist/cli/index.js open|check|run` on files of their own,
 * outside a runner (no GITHUB_ACTIONS, no token variables), provider-free environments.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACTION_NODE, makeWorkspace, resolveEntry } from '../../scripts/stack/index.mjs';

const cli = resolveEntry('dist/cli/index.js');

function esc(args: string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  const r = spawnSync(ACTION_NODE, [cli, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('esc-action CLI (bundled)', () => {
  let ws: string;
  beforeAll(() => {
    ws = makeWorkspace({
      '.esc/app.yaml': [
        'imports: [base]',
        'values:',
        '  port: 8080',
        '  big: 12345678901234567890',
        '  url: "http://localhost:${port}/x"',
        '  token:',
        '    fn::secret: s3cr3t-value',
        '  environmentVariables:',
        '    URL: ${url}',
        '    TOKEN: ${token}',
        '    EMPTY: null',
        '  files:',
        '    CERT: ${base.cert}',
        '',
      ].join('\n'),
      '.esc/base.yaml': 'values:\n  base:\n    cert: "line1\\nline2"\n',
      '.esc/bad.yaml': 'values:\n  a: ${nope}\n  b:\n    fn::join: [",", [1, 2]]\n',
      '.esc/warn.yaml': 'values:\n  a: 1\nvalues:\n  b: 2\n',
      'other/env.yaml': 'values:\n  x: 1\n',
      '.esc/tricky.yaml': [
        'values:',
        '  s:',
        '    fn::secret: "it\'s $$(touch pwned) `id` $$HOME"',
        '  environmentVariables:',
        '    TRICKY: ${s}',
        '',
      ].join('\n'),
      '.esc/umlaut.yaml': [
        'values:',
        '  environmentVariables:',
        '    PW:',
        '      fn::secret: Xäpässwörd-🔑-ä',
        '',
      ].join('\n'),
      '.esc/names.yaml': [
        'values:',
        '  s:',
        '    fn::secret: \'{"BASH_ENV": "$(touch pwned)", "OK": "1"}\'',
        '  environmentVariables:',
        '    fn::fromJSON: ${s}',
        '',
      ].join('\n'),
    });
  });
  afterAll(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('open prints sorted JSON with exact numbers and redacted secrets', () => {
    const r = esc(['open', 'app'], ws);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual([
      'base',
      'big',
      'environmentVariables',
      'files',
      'port',
      'token',
      'url',
    ]);
    expect(r.stdout).toContain('"big": 12345678901234567890');
    expect(out.token).toBe('[secret]');
    expect(out.environmentVariables).toEqual({
      EMPTY: null,
      TOKEN: '[secret]',
      URL: 'http://localhost:8080/x',
    });
    expect(r.stdout).not.toContain('s3cr3t-value');
    expect(JSON.parse(esc(['open', 'app', '--show-secrets'], ws).stdout).token).toBe(
      's3cr3t-value',
    );
  });

  it('open --format dotenv prints variables then file paths, JSON-quoted, null as empty', () => {
    const hidden = esc(['open', 'app', '--format', 'dotenv'], ws);
    expect(hidden.code).toBe(0);
    expect(hidden.stdout).toContain('TOKEN="[secret]"\n');
    expect(hidden.stdout).not.toContain('s3cr3t-value');
    for (const m of hidden.stdout.matchAll(/^CERT="(.+)"$/gm))
      fs.rmSync(path.dirname(m[1]!), { recursive: true, force: true });
    const r = esc(['open', 'app', '--format', 'dotenv', '--show-secrets'], ws);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'EMPTY=""',
      'TOKEN="s3cr3t-value"',
      'URL="http://localhost:8080/x"',
    ]);
    const m = /^CERT="(.+)"$/.exec(lines[3] ?? '');
    expect(m).not.toBeNull();
    const file = m![1]!;
    expect(fs.readFileSync(file, 'utf8')).toBe('line1\nline2');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    const shell = esc(['open', 'app', '--format', 'shell'], ws).stdout;
    expect(shell).toMatch(/^export EMPTY=''$/m);
    expect(shell).toMatch(/^export TOKEN='\[secret\]'$/m);
    for (const m of shell.matchAll(/^export CERT='(.+)'$/gm))
      fs.rmSync(path.dirname(m[1]!), { recursive: true, force: true });
  });

  it('open hides secrets in every format unless --show-secrets', () => {
    for (const format of ['json', 'yaml', 'dotenv', 'shell', 'string']) {
      const r = esc(['open', 'app', '--format', format], ws);
      expect([format, r.code, r.stderr]).toEqual([format, 0, '']);
      expect(r.stdout).not.toContain('s3cr3t-value');
      expect(r.stdout).toContain('[secret]');
      const shown = esc(['open', 'app', '--format', format, '--show-secrets'], ws);
      expect([format, shown.code]).toEqual([format, 0]);
      expect(shown.stdout).toContain('s3cr3t-value');
      for (const m of (r.stdout + shown.stdout).matchAll(/^(?:export )?CERT=["'](.+)["']$/gm))
        fs.rmSync(path.dirname(m[1]!), { recursive: true, force: true });
    }
    expect(esc(['open', 'app', '--format', 'string'], ws).stdout).toContain('"token"="[secret]"');
  });

  it('open --format shell can be eval-ed: no value runs as a command', () => {
    const r = esc(['open', 'tricky', '--format', 'shell', '--show-secrets'], ws);
    expect(r.code).toBe(0);
    const out = spawnSync('sh', ['-c', `eval "$1"; printf '%s' "$TRICKY"`, 'sh', r.stdout], {
      encoding: 'utf8',
    });
    expect(out.stdout).toBe("it's $(touch pwned) `id` $HOME");
    expect(fs.existsSync(path.join(ws, 'pwned'))).toBe(false);
  });

  it('any error: diagnostics as file:line:col: severity: message, exit 1, nothing on stdout', () => {
    const r = esc(['open', 'bad'], ws);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      '.esc/bad.yaml:2:8: error: unknown property "nope"',
      '.esc/bad.yaml:4:22: error: expected string, got number',
      '.esc/bad.yaml:4:25: error: expected string, got number',
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('warnings alone do not fail', () => {
    const r = esc(['open', 'warn'], ws);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('.esc/warn.yaml:3:1: warning: duplicate key "values"\n');
    expect(JSON.parse(r.stdout)).toEqual({ b: 2 });
  });

  it('check computes what it can and prints unknowns; check --format json prints the values', () => {
    const r = esc(['check', 'app', '--format', 'json'], ws);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).url).toBe('http://localhost:8080/x');
    const bad = esc(['check', 'bad'], ws);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('.esc/bad.yaml:2:8: error: unknown property "nope"');
  });

  it('resolves --dir and .yaml paths, and never outside the directory', () => {
    expect(esc(['open', 'env', '--dir', 'other'], ws).code).toBe(0);
    expect(esc(['open', '.esc/app.yaml'], ws).code).toBe(0);
    const out = esc(['open', 'other/env.yaml'], ws);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/outside the environments directory/);
    const up = esc(['open', '../etc/passwd'], ws);
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(/not a valid environment name/);
  });

  it('run gives the command the variables and files, interpolates arguments and redacts secrets', () => {
    const r = esc(
      [
        'run',
        'app',
        '--',
        'sh',
        '-c',
        'echo "$URL $TOKEN"; cat "$CERT"; echo; echo "$1"',
        'sh',
        'port=${port}',
      ],
      ws,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('http://localhost:8080/x [secret]\nline1\nline2\nport=8080\n');
  });

  it('run refuses a ${path} the environment lacks: exit 1, the command never runs', () => {
    const r = esc(
      ['run', 'app', '--', 'sh', '-c', 'touch ran; echo "$1"', 'sh', '--url=${urll}'],
      ws,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'esc-action: argument 5: ${urll}: unknown property "urll" in the environment; did you mean "url"?\n' +
        'esc-action: the command was not run\n',
    );
    expect(fs.existsSync(path.join(ws, 'ran'))).toBe(false);
  });

  it('open, check and run refuse a sensitive name computed from a secret, at the fn::fromJSON', () => {
    for (const cmd of [
      ['open', 'names'],
      ['check', 'names'],
      ['run', 'names', '--', 'touch', 'ran'],
    ]) {
      const r = esc(cmd, ws);
      expect([cmd[0], r.code, r.stdout]).toEqual([cmd[0], 1, '']);
      expect(r.stderr).toMatch(/^\.esc\/names\.yaml:5:5: error: the name "BASH_ENV" is computed/);
    }
    expect(fs.existsSync(path.join(ws, 'ran'))).toBe(false);
    expect(fs.existsSync(path.join(ws, 'pwned'))).toBe(false);
  });

  it('run redacts a secret whatever byte a pipe read ends at, multi-byte characters included', () => {
    // 65534 bytes then the secret: a 64 KiB pipe read ends inside the first "ä" of the secret.
    const script =
      'for i in $(seq 40); do head -c 65534 /dev/zero | tr "\\0" a; printf "%s\\n" "$PW"; done';
    const r = esc(['run', 'umlaut', '--', 'sh', '-c', script], ws);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(41);
    expect(lines.slice(0, 40).every((l) => l === 'a'.repeat(65534) + '[secret]')).toBe(true);
    expect(r.stdout).not.toContain('pässwörd');
    expect(r.stdout).not.toContain('\ufffd');
  });

  it('run passes on output that never ends a line, holding a bounded amount of it', () => {
    // 256 MiB without a newline, through a CLI whose heap could not hold it.
    const size = 256 * 1024 * 1024;
    const r = spawnSync(
      'bash',
      [
        '-c',
        'set -o pipefail; "$0" --max-old-space-size=32 "$1" run umlaut -- head -c "$2" /dev/zero | wc -c',
        ACTION_NODE,
        cli,
        String(size),
      ],
      { cwd: ws, env: { PATH: process.env.PATH, HOME: process.env.HOME }, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(Number(r.stdout.trim())).toBe(size);
  });

  it('run exits with the command status, and 127 for a missing command', () => {
    expect(esc(['run', 'app', '--', 'sh', '-c', 'exit 7'], ws).code).toBe(7);
    const missing = esc(['run', 'app', '--', 'no-such-command-xyz'], ws);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('command not found: no-such-command-xyz');
  });

  it('usage errors exit 2 and say what is allowed', () => {
    const r = esc(['open', 'app', '--format', 'flat'], ws);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown output format "flat"');
  });
});
