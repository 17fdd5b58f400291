/**
 * The README's examples work as written: every environment file it shows passes `check` (and
 * matches the repository's own `.esc/` copy where there is one), and every `check` command it
 * shows succeeds when run from the repository root, with the bundled CLI.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ACTION_NODE, makeWorkspace, resolveEntry } from '../../scripts/stack/index.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const cli = resolveEntry('dist/cli/index.js');

interface Block {
  lang: string;
  body: string;
  line: number;
}

function codeBlocks(): Block[] {
  const out: Block[] = [];
  for (const m of readme.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)) {
    const line = readme.slice(0, m.index).split('\n').length;
    out.push({ lang: m[1] ?? '', body: m[2] ?? '', line });
  }
  return out;
}

/**
 * README blocks that are environment files: YAML (or untagged) blocks that name an `.esc/` file on
 * their first line, have a top-level `values` or `imports`, or use the language anywhere
 * (`fn::`, `environmentVariables`, `files:`, `${...}` outside a workflow's `${{ }}`). A block
 * caught only by the last rule and not a whole environment fails `check`, which is the point:
 * the README shows no fragment that a reader could not paste as it is.
 */
const HEADER = /^# \.esc\/([\w/-]+)\.ya?ml\s*$/;
function isEnvironmentBlock(b: Pick<Block, 'lang' | 'body'>): boolean {
  if (b.lang !== 'yaml' && b.lang !== 'yml' && b.lang !== '') return false;
  if (/^AWSTemplateFormatVersion:/m.test(b.body)) return false; // its `!Sub ${...}` is CloudFormation's
  return (
    HEADER.test(b.body.split('\n')[0] ?? '') ||
    /^(values|imports):/m.test(b.body) ||
    /fn::|^\s*environmentVariables:|^\s*files:|\$\{(?!\{)/m.test(b.body)
  );
}
const environments = codeBlocks()
  .filter(isEnvironmentBlock)
  .map((b) => {
    const named = HEADER.exec(b.body.split('\n')[0] ?? '');
    return { name: named?.[1] ?? `readme-line-${b.line}`, body: b.body, line: b.line };
  });

/** `check` commands shown in shell blocks, as the arguments after the CLI's name. */
const checkCommands = codeBlocks()
  .filter((b) => b.lang === 'sh')
  .flatMap((b) => b.body.split('\n'))
  .map((l) => /(?:^|\s)(?:esc-action|github:org\/esc-action#\S+)\s+(check\s[^#]*)/.exec(l)?.[1])
  .filter((c): c is string => c !== undefined)
  .map((c) => c.trim().split(/\s+/));

function esc(args: string[], cwd: string) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  return spawnSync(ACTION_NODE, [cli, ...args], { cwd, env, encoding: 'utf8' });
}

describe("the README's examples", () => {
  test('show at least one environment file and one check command', () => {
    expect(environments.length).toBeGreaterThan(0);
    expect(checkCommands.length).toBeGreaterThan(0);
  });

  test('include every environment file the README shows, each once by name', () => {
    const names = environments.map((e) => e.name);
    // The first example, the named profiles (plain and chained) and the migration's "after" file.
    expect(names).toEqual(
      expect.arrayContaining(['aws-dev', 'two-accounts', 'hub-accounts', 'deploy']),
    );
    expect(new Set(names).size).toBe(names.length);
    // Every YAML block that is not an environment file is a workflow or a CloudFormation template.
    const others = codeBlocks().filter(
      (b) => (b.lang === 'yaml' || b.lang === 'yml') && !isEnvironmentBlock(b),
    );
    for (const b of others) {
      expect({
        line: b.line,
        kind: /AWSTemplateFormatVersion|\buses:|\brun:|\bsteps:/.test(b.body),
      }).toEqual({
        line: b.line,
        kind: true,
      });
    }
  });

  test.each(environments.map((e) => [e.name, e] as const))(
    'environment %s passes check and matches .esc/ where the repository has it',
    (name, e) => {
      const files = Object.fromEntries(environments.map((x) => [`.esc/${x.name}.yaml`, x.body]));
      const ws = makeWorkspace(files);
      try {
        const r = esc(['check', name], ws);
        expect({ line: e.line, code: r.status, stderr: r.stderr }).toEqual({
          line: e.line,
          code: 0,
          stderr: `.esc/${name}.yaml: ok\n`,
        });
      } finally {
        fs.rmSync(ws, { recursive: true, force: true });
      }
      const own = path.join(root, '.esc', `${name}.yaml`);
      if (fs.existsSync(own)) expect(parse(e.body)).toEqual(parse(fs.readFileSync(own, 'utf8')));
    },
  );

  test.each(checkCommands.map((c) => [c.join(' '), c] as const))(
    '`%s` succeeds from the repository root',
    (_, args) => {
      const r = esc(args, root);
      expect({ code: r.status, out: r.stdout }).toEqual({ code: 0, out: '' });
      expect(r.stderr).toMatch(/: ok\n$/);
    },
  );
});
