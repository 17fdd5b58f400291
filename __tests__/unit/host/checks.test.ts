// The hosts' checks beyond the evaluator: values no variable or file can take, `keys` naming
// nothing, a run checked before anything is opened, names of environments that do not exist,
// inputs wrong before anything starts, and what the Export log says each variable gets.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkInputsAgainstWorkspace, InputError } from '../../../src/action/inputs.js';
import { exportLogLines, planExports } from '../../../src/action/publish.js';
import { refreshPlan } from '../../../src/action/refresh.js';
import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import type { Provider } from '../../../src/eval/provider.js';
import { fromPlain } from '../../../src/eval/value.js';
import { checkKeysInput, evaluateChecked } from '../../../src/host/checks.js';
import { checkExportTypes } from '../../../src/host/export-check.js';
import { environmentExports } from '../../../src/host/exports.js';
import { ResolveError, listEnvironments, resolveEnvironment } from '../../../src/host/resolve.js';
import { lowerFirst } from '../../../src/syntax/yaml-errors.js';

async function typeErrors(text: string, mode: 'open' | 'check' = 'open') {
  const r = await evaluateEnvironment('env', {
    mode,
    loader: (name) => ({ name, path: `${name}.yaml`, text }),
    providers: new Map([
      ['obj', { name: 'obj', open: () => Promise.resolve({ value: fromPlain({ a: 1 }) }) }],
    ]),
  });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return checkExportTypes(r.value, 'env').map(
    (d) => `${d.range?.start.line}:${d.range?.start.column} ${d.path} ${d.summary}`,
  );
}

describe('values no variable or file can take', () => {
  it('a list or an object under environmentVariables or files is an error at its key', async () => {
    const text = [
      'values:',
      '  environmentVariables:',
      '    LIST: [1, 2]',
      '    OBJECT: {x: 1}',
      '    EMPTY_LIST: []',
      '    TEXT: text',
      '  files:',
      '    KUBECONFIG: {apiVersion: v1}',
    ].join('\n');
    expect(await typeErrors(text)).toEqual([
      '3:5 values.environmentVariables.LIST LIST is a list, which cannot be exported (an environment variable holds text): write it as text with fn::toJSON, or with fn::join for a list of strings',
      '4:5 values.environmentVariables.OBJECT OBJECT is an object, which cannot be exported (an environment variable holds text): write it as text with fn::toJSON',
      '5:5 values.environmentVariables.EMPTY_LIST EMPTY_LIST is a list, which cannot be exported (an environment variable holds text): write it as text with fn::toJSON, or with fn::join for a list of strings',
      '8:5 values.files.KUBECONFIG KUBECONFIG is an object, which cannot be written as a file (a file holds text): write it as text with fn::toJSON',
    ]);
  });

  it('numbers, booleans, null and text are exported as ESC writes them, without an error', async () => {
    const text =
      'values:\n  environmentVariables:\n    N: 1.50\n    B: true\n    Z: null\n    J: {fn::toJSON: {x: [1]}}\n  files:\n    F: 8080\n';
    expect(await typeErrors(text)).toEqual([]);
  });

  it('a section that is not a map is an error at its key', async () => {
    expect(await typeErrors('values:\n  environmentVariables: [A, B]\n  files: text\n')).toEqual([
      '2:3 values.environmentVariables environmentVariables must be a map of names to values (NAME: value), not a list: nothing under it is exported',
      '3:3 values.files files must be a map of names to values (NAME: value), not a string: nothing under it is written as a file',
    ]);
  });

  it('an entry only an open would give is left to the open (unknown in check mode)', async () => {
    const text = 'values:\n  o:\n    fn::open::obj: {}\n  environmentVariables:\n    O: ${o}\n';
    expect(await typeErrors(text, 'check')).toEqual([]);
    expect(await typeErrors(text, 'open')).toEqual([
      expect.stringMatching(/^5:5 values.environmentVariables.O O is an object/),
    ]);
  });

  it('an object that is one only because of an error inside it is left to that error', async () => {
    const text = 'values:\n  environmentVariables:\n    A: {fn::jion: ["-", [a]]}\n    B: [1]\n';
    const r = await evaluateEnvironment('env', {
      mode: 'check',
      loader: (name) => ({ name, path: `${name}.yaml`, text }),
    });
    expect(r.diagnostics.map((d) => d.range?.start.line)).toEqual([3]);
    expect(checkExportTypes(r.value, 'env').map((d) => d.range?.start.line)).toEqual([3, 4]);
    expect(checkExportTypes(r.value, 'env', r.diagnostics).map((d) => d.range?.start.line)).toEqual(
      [4],
    );
  });

  it('an imported list is reported in the imported file', async () => {
    const sources: Record<string, string> = {
      base: 'values:\n  environmentVariables:\n    L: [a]\n',
      env: 'imports: [base]\nvalues:\n  environmentVariables:\n    OWN: x\n',
    };
    const r = await evaluateEnvironment('env', {
      mode: 'check',
      loader: (name) => ({ name, path: `${name}.yaml`, text: sources[name] ?? '' }),
    });
    expect(checkExportTypes(r.value, 'env').map((d) => [d.file, d.range?.start.line])).toEqual([
      ['base', 3],
    ]);
  });
});

describe('the keys input', () => {
  const engine = async (text: string) => ({
    result: await evaluateEnvironment('env', {
      mode: 'check',
      loader: (name) => ({ name, path: `${name}.yaml`, text }),
    }),
    resolved: { name: 'env', file: '/w/.esc/env.yaml', displayPath: '.esc/env.yaml' },
  });
  const text = 'values:\n  environmentVariables:\n    AWS_REGION: x\n  files:\n    KUBECONFIG: y\n';

  it('a key the environment does not define is an error naming the nearest name', async () => {
    const e = await engine(text);
    expect(
      checkKeysInput(e, ['AWS_REGON', 'KUBECONFIG', 'NOTHING_LIKE_IT']).map((d) => d.summary),
    ).toEqual([
      'input "keys" lists AWS_REGON, which .esc/env.yaml does not define (did you mean AWS_REGION?)',
      'input "keys" lists NOTHING_LIKE_IT, which .esc/env.yaml does not define (it defines AWS_REGION, KUBECONFIG)',
    ]);
    expect(checkKeysInput(e, ['AWS_REGION'])).toEqual([]);
    expect(checkKeysInput(e, undefined)).toEqual([]);
  });

  it('counts the variables the aws-region input adds', async () => {
    const e = await engine('values:\n  environmentVariables:\n    OTHER: x\n');
    expect(checkKeysInput(e, ['AWS_DEFAULT_REGION'], 'eu-west-1')).toEqual([]);
    expect(checkKeysInput(e, ['AWS_DEFAULT_REGION'])).toHaveLength(1);
  });

  it('is not decided while the names are unknown (a section a provider gives)', async () => {
    const e = await engine(
      'values:\n  o:\n    fn::open::nothing: {}\n  environmentVariables: ${o.vars}\n',
    );
    expect(checkKeysInput(e, ['ANY'])).toEqual([]);
  });
});

describe('a run is checked before anything is opened', () => {
  let ws: string;
  let opened: number;
  const counting: Provider = {
    name: 'counting',
    open: () => {
      opened++;
      return Promise.resolve({ value: fromPlain({ v: 'x' }) });
    },
  };
  beforeEach(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'esc-checked-'));
    fs.mkdirSync(path.join(ws, '.esc'));
    opened = 0;
  });
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  const run = (text: string, keys?: string[]) => {
    fs.writeFileSync(path.join(ws, '.esc', 'env.yaml'), text);
    return evaluateChecked(
      {
        environment: 'env',
        environmentsDir: '.esc',
        workspace: ws,
        mode: 'open',
        providers: new Map([['counting', counting]]),
      },
      { unknownScope: 'exports', ...(keys ? { keys } : {}) },
    );
  };

  it('reports every error of the check (the evaluator’s and the hosts’) and opens nothing', async () => {
    const r = await run(
      [
        'values:',
        '  p:',
        '    fn::open::counting: {}',
        '  joined:',
        '    fn::jion: [",", [a]]',
        '  environmentVariable:',
        '    A: x',
        '  environmentVariables:',
        '    L: [1]',
        '    R: ${nope}',
        '    V: ${p.v}',
      ].join('\n'),
      ['V', 'W'],
    );
    expect(r.mode).toBe('check');
    expect(opened).toBe(0);
    expect(r.result.diagnostics.map((d) => `${d.range?.start.line ?? '-'} ${d.summary}`)).toEqual([
      '- input "keys" lists W, which .esc/env.yaml does not define (it defines R, V)',
      "5 'fn::' is a reserved prefix: fn::jion is not a builtin function; did you mean fn::join?",
      "6 'environmentVariable' under values is ignored: did you mean 'environmentVariables'? (only values.environmentVariables is read; if the name is intended, end its line with the comment \"# esc-action: intended\")",
      '9 L is a list, which cannot be exported (an environment variable holds text): write it as text with fn::toJSON, or with fn::join for a list of strings',
      '10 unknown property "nope"',
    ]);
  });

  it('opens a file without errors, once', async () => {
    const r = await run(
      'values:\n  p:\n    fn::open::counting: {}\n  environmentVariables:\n    V: ${p.v}\n',
    );
    expect(r.mode).toBe('open');
    expect(opened).toBe(1);
    expect(r.result.diagnostics).toEqual([]);
  });
});

describe('a wrong environment name', () => {
  let ws: string;
  beforeEach(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'esc-names-'));
    fs.mkdirSync(path.join(ws, '.esc', 'proj'), { recursive: true });
    fs.writeFileSync(path.join(ws, '.esc', 'aws-dev.yaml'), 'values: {}\n');
    fs.writeFileSync(path.join(ws, '.esc', 'proj', 'prod.yml'), 'values: {}\n');
    fs.writeFileSync(path.join(ws, '.esc', 'notes.txt'), '');
  });
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  const message = (name: string, inRunner: boolean) => {
    try {
      resolveEnvironment(name, '.esc', ws, { inRunner });
    } catch (err) {
      expect(err).toBeInstanceOf(ResolveError);
      return (err as Error).message;
    }
    throw new Error('resolved');
  };

  it('lists the environments of the directory, nested ones too', () => {
    expect(listEnvironments(path.join(ws, '.esc')).sort()).toEqual(['aws-dev', 'proj/prod']);
    expect(listEnvironments(path.join(ws, 'missing'))).toEqual([]);
  });

  it('suggests the nearest file, and names actions/checkout only in a runner', () => {
    expect(message('aws-devv', false)).toBe(
      'environment "aws-devv" not found (did you mean "aws-dev"?): expected the file .esc/aws-devv.yaml (or .yml); check the environment name and environments-dir',
    );
    expect(message('proj/prdo', true)).toBe(
      'environment "proj/prdo" not found (did you mean "proj/prod"?): expected the file .esc/proj/prdo.yaml (or .yml); check the environment name and environments-dir, and that the repository is checked out (actions/checkout) before this step',
    );
    expect(message('staging', false)).not.toContain('did you mean');
  });
});

describe('inputs checked against the workspace, before anything starts', () => {
  let ws: string;
  beforeEach(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'esc-inputs-'));
    fs.mkdirSync(path.join(ws, 'app'));
    fs.writeFileSync(path.join(ws, 'file'), '');
  });
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  const check = (run: string, workingDirectory: string, shell = 'bash') =>
    checkInputsAgainstWorkspace({ run, shell, workingDirectory }, ws);

  it('a working-directory that is missing or a file is an input error', () => {
    expect(() => check('make', 'app')).not.toThrow();
    expect(() => check('make', 'ap')).toThrow(InputError);
    expect(() => check('make', 'ap')).toThrow(
      /^input "working-directory" names ap, which does not exist or is not a directory/,
    );
    expect(() => check('make', 'file')).toThrow(InputError);
  });

  it('a shell the action cannot start is an input error', () => {
    expect(() => check('make', '', 'zsh -e')).toThrow(/^input "shell" must be one of/);
    expect(() => check('make', '', 'perl {0}')).not.toThrow();
  });

  it('without run, neither input is used, so neither is checked', () => {
    expect(() => check('', 'nowhere', 'zsh -e')).not.toThrow();
  });
});

describe('the Export log says what run and later steps get', () => {
  const exports = environmentExports(
    fromPlain({
      environmentVariables: {
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'token',
        AWS_REGION: 'us-east-1',
        EMPTY: '',
      },
    }),
  );

  it('without refresh: exported, or run only', () => {
    const plan = planExports(exports, new Map(), {
      exportVariables: true,
      keys: ['AWS_REGION', 'EMPTY'],
    });
    expect(exportLogLines(plan, exports)).toEqual([
      'AWS_ACCESS_KEY_ID: run only',
      'AWS_REGION: exported to later steps',
      'AWS_SECRET_ACCESS_KEY: run only',
      'AWS_SESSION_TOKEN: run only',
      'EMPTY: exported empty to later steps',
    ]);
  });

  it('with refresh-credentials: the keys are exported empty, the profile gives the credentials', () => {
    const plan = refreshPlan(
      planExports(exports, new Map(), { exportVariables: true, keys: undefined }),
      '/tmp/f/config',
      '/tmp/f/credentials',
    );
    const lines = exportLogLines(plan, exports);
    expect(lines).toContain(
      'AWS_ACCESS_KEY_ID: exported empty to later steps (refresh-credentials: the credentials come from AWS_PROFILE esc-action)',
    );
    expect(lines).toContain('AWS_CONFIG_FILE: exported to later steps');
    expect(lines.filter((l) => l.includes('AKIA'))).toEqual([]);
  });
});

describe('messages passed on from the YAML library', () => {
  it('start in lower case, words in capitals kept', () => {
    expect(lowerFirst('Implicit keys need to be on a single line')).toBe(
      'implicit keys need to be on a single line',
    );
    expect(lowerFirst('YAML document')).toBe('YAML document');
    expect(lowerFirst('already lower')).toBe('already lower');
  });
});
