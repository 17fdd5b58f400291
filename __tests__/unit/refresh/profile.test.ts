// The credential_process line must mean the same argv to sh (JS, Go, Java SDKs) and to Python's
// shlex (botocore): checked by running both on hostile paths.
import { execFileSync } from 'node:child_process';
import {
  configFileText,
  credentialProcessLine,
  quoteArgument,
} from '../../../src/refresh/profile.js';

const PATHS = [
  '/home/runner/work/_temp/esc-action-AbC123/refresh.json',
  "/Users/O'Brien/actions runner/node",
  '/tmp/a $HOME `id` "q" \\ * ? ~ & | > < ( ) {} [] !',
];

function viaSh(line: string): string[] {
  const out = execFileSync('sh', ['-c', `${line.replace(/^'[^']*'/, 'printf "%s\\0"')}`], {
    encoding: 'utf8',
  });
  return out.split('\0').slice(0, -1);
}

function viaShlex(line: string): string[] {
  const out = execFileSync(
    'python3',
    ['-c', 'import json,shlex,sys; print(json.dumps(shlex.split(sys.stdin.read())))'],
    { input: line, encoding: 'utf8' },
  );
  return JSON.parse(out) as string[];
}

describe('credentialProcessLine', () => {
  it('gives sh and shlex the same arguments, whatever the path holds', () => {
    const args = ['/usr/bin/node', ...PATHS];
    const line = credentialProcessLine(args, 'linux');
    expect(viaShlex(line)).toEqual(args);
    expect(viaSh(line)).toEqual(PATHS);
  });

  it('double-quotes on Windows', () => {
    expect(
      credentialProcessLine(['C:\\node\\node.exe', 'D:\\a\\_temp\\x y\\r.json'], 'win32'),
    ).toBe('"C:\\node\\node.exe" "D:\\a\\_temp\\x y\\r.json"');
    expect(() => quoteArgument('C:\\100%\\x', 'win32')).toThrow('cmd.exe');
  });

  it('refuses what an AWS config file or a command line cannot carry', () => {
    expect(() => quoteArgument('/tmp/a\nb', 'linux')).toThrow('control character');
    expect(() => quoteArgument('/tmp/a #b', 'linux')).toThrow('comment');
    expect(() => quoteArgument('/tmp/a ;b', 'darwin')).toThrow('comment');
    expect(quoteArgument('/tmp/a#b', 'linux')).toBe("'/tmp/a#b'");
  });
});

describe('configFileText', () => {
  it('writes one profile with the command and the region', () => {
    expect(configFileText("'n' 'r'", 'eu-west-1')).toBe(
      [
        '# Written by esc-action for credential refresh; removed by its post step.',
        '[profile esc-action]',
        "credential_process = 'n' 'r'",
        'region = eu-west-1',
        '',
      ].join('\n'),
    );
    expect(() => configFileText('x', 'eu-west-1\n[x]')).toThrow('region');
  });
});
