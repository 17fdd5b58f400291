import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../src/cli/main.js';
import { shellQuote } from '../../../src/cli/shell-quote.js';

const SECRET = 's3cr3t-Value';
const FILE_SECRET = 'PRIVATE-KEY-LINE';

let ws: string;
beforeAll(() => {
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'esc-cli-unit-'));
  fs.mkdirSync(path.join(ws, '.esc'));
  fs.writeFileSync(
    path.join(ws, '.esc', 'app.yaml'),
    [
      'values:',
      '  name: shop',
      '  token:',
      `    fn::secret: ${SECRET}`,
      '  key:',
      `    fn::secret: "-----BEGIN-----\\n${FILE_SECRET}\\n-----END-----"`,
      '  list: [a, "${token}"]',
      '  environmentVariables:',
      '    APP_NAME: ${name}',
      '    APP_TOKEN: ${token}',
      '    TRICKY: "it\'s $(echo pwned) `id` $$HOME"',
      '  files:',
      '    APP_CONFIG: "name: shop"',
      '    APP_KEY: ${key}',
      '',
    ].join('\n'),
  );
});
afterAll(() => fs.rmSync(ws, { recursive: true, force: true }));

async function cli(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  const errs: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  stderr.on('data', (c: Buffer) => errs.push(c));
  const code = await main(args, { stdout, stderr, env: {}, cwd: ws });
  return {
    code,
    stdout: Buffer.concat(chunks).toString('utf8'),
    stderr: Buffer.concat(errs).toString('utf8'),
  };
}

/** The paths of files the output points to (removed by the caller). */
function filePaths(out: string): string[] {
  return [...out.matchAll(/(\/[^"'\n]*esc-action-[^"'\n]*)/g)].map((m) => m[1] as string);
}

describe('open: every format hides secrets unless --show-secrets', () => {
  it.each(['json', 'yaml', 'dotenv', 'shell', 'string'])('%s', async (format) => {
    const hidden = await cli(['open', 'app', '--format', format]);
    expect(hidden.stderr).toBe('');
    expect(hidden.code).toBe(0);
    expect(hidden.stdout).not.toContain(SECRET);
    expect(hidden.stdout).toContain('[secret]');
    expect(hidden.stdout).toContain('shop');
    // A secret file is not written without the flag: nothing secret reaches the disk.
    for (const f of filePaths(hidden.stdout)) {
      expect(fs.readFileSync(f, 'utf8')).not.toContain(FILE_SECRET);
      fs.rmSync(path.dirname(f), { recursive: true, force: true });
    }

    const shown = await cli(['open', 'app', '--format', format, '--show-secrets']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(SECRET);
    expect(shown.stdout).not.toContain('[secret]');
    for (const f of filePaths(shown.stdout))
      fs.rmSync(path.dirname(f), { recursive: true, force: true });
  });

  it('string: secrets inside arrays and objects are hidden too', async () => {
    const r = await cli(['open', 'app', '--format', 'string']);
    expect(r.stdout).toContain('"list"="\\"a\\",\\"[secret]\\""');
    expect(r.stdout).toContain('"token"="[secret]"');
  });

  it('dotenv: a secret file shows [secret] instead of a path; other files are written', async () => {
    const r = await cli(['open', 'app', '--format', 'dotenv']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain('APP_TOKEN="[secret]"');
    expect(lines).toContain('APP_KEY="[secret]"');
    const config = lines.find((l) => l.startsWith('APP_CONFIG='));
    const file = JSON.parse(config!.slice('APP_CONFIG='.length)) as string;
    expect(fs.readFileSync(file, 'utf8')).toBe('name: shop');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('shell: single-quoted, so eval runs nothing a value holds', async () => {
    const r = await cli(['open', 'app', '--format', 'shell', '--show-secrets']);
    const script = r.stdout + 'printf "%s|%s|%s" "$APP_NAME" "$APP_TOKEN" "$TRICKY"\n';
    const out = execFileSync('sh', ['-c', `eval "$(cat)"`], { input: script, encoding: 'utf8' });
    expect(out).toBe(`shop|${SECRET}|it's $(echo pwned) \`id\` $HOME`);
    for (const f of filePaths(r.stdout))
      fs.rmSync(path.dirname(f), { recursive: true, force: true });
  });
});

describe('shellQuote', () => {
  it.each(['', 'plain', "it's", "''", '$(id)', '`id`', '$HOME', 'a\nb', '\\', '"', '!x'])(
    'round-trips %j through sh',
    (s) => {
      const out = execFileSync('sh', ['-c', `printf %s ${shellQuote(s)}`], { encoding: 'utf8' });
      expect(out).toBe(s);
    },
  );
});

describe('run: a reference the environment lacks', () => {
  it('is an error, exit 1, and the command does not run', async () => {
    const marker = path.join(ws, 'ran');
    const r = await cli(['run', 'app', '--', 'sh', '-c', `touch ${marker}`, 'sh', '${nam}']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'esc-action: argument 5: ${nam}: unknown property "nam" in the environment; did you mean "name"?\n' +
        'esc-action: the command was not run\n',
    );
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('runs when every reference resolves', async () => {
    const marker = path.join(ws, 'ran-ok');
    const r = await cli(['run', 'app', '--', 'sh', '-c', 'touch "$1"', 'sh', `${marker}-\${name}`]);
    expect(r.code).toBe(0);
    expect(fs.existsSync(`${marker}-shop`)).toBe(true);
  });
});
