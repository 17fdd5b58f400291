import { evaluateEnvironment } from '../../../src/eval/evaluate.js';
import {
  SENSITIVE_GROUPS,
  checkExportNames,
  computedNameProblem,
  exportNameProblem,
  literalValueProblem,
  nameLabel,
  sensitiveGroup,
} from '../../../src/host/names.js';
import { fromPlain } from '../../../src/eval/value.js';

async function namesOf(sources: Record<string, string>, mode: 'check' | 'open' = 'check') {
  const r = await evaluateEnvironment('env', {
    mode,
    loader: (name) =>
      sources[name] === undefined
        ? { error: `no ${name}` }
        : { name, path: `${name}.yaml`, text: sources[name] },
  });
  expect(r.diagnostics).toEqual([]);
  return checkExportNames(r.value, 'env').map((d) => ({
    file: d.file,
    line: d.range?.start.line,
    column: d.range?.start.column,
    path: d.path,
    summary: d.summary,
  }));
}

/** The names refused, as `section.NAME`. */
async function refused(sources: Record<string, string>, mode: 'check' | 'open' = 'check') {
  return (await namesOf(sources, mode)).map((d) => d.path.replace(/^values\./, ''));
}

describe('exportNameProblem', () => {
  it.each(['GITHUB_TOKEN', 'github_token', 'GH_TOKEN', 'AWS_REGION', '_x', 'a1', 'CI', 'GITHUB'])(
    'allows %s',
    (n) => expect(exportNameProblem(n)).toBeUndefined(),
  );
  it.each([
    ['1A', 'not a valid environment variable name'],
    ['A-B', 'not a valid environment variable name'],
    ['', 'not a valid environment variable name'],
    ['A B', 'not a valid environment variable name'],
    ['É', 'not a valid environment variable name'],
    ['BASH_FUNC_x%%', 'not a valid environment variable name'],
    ['GITHUB_SHA', 'belongs to the runner'],
    ['github_sha', 'belongs to the runner'],
    ['GITHUB_REF', 'belongs to the runner'],
    ['GITHUB_ENV', 'belongs to the runner'],
    ['GITHUB_PATH', 'belongs to the runner'],
    ['GITHUB_SOMETHING_NEW', 'belongs to the runner'],
    ['RUNNER_TEMP', 'belongs to the runner'],
    ['Runner_Temp', 'belongs to the runner'],
    ['ACTIONS_ID_TOKEN_REQUEST_URL', 'belongs to the runner'],
    ['ACTIONS_RUNTIME_TOKEN', 'belongs to the runner'],
    ['actions_step_debug', 'belongs to the runner'],
    ['NODE_OPTIONS', 'NODE_OPTIONS'],
    ['node_options', 'the runner refuses it'],
  ])('refuses %j', (n, why) => expect(exportNameProblem(n)).toContain(why));
});

describe('sensitiveGroup', () => {
  it.each([
    ['BASH_ENV', 'shell'],
    ['ENV', 'shell'],
    ['bash_env', 'shell'],
    ['PS4', 'shell'],
    ['PROMPT_COMMAND', 'shell'],
    ['SHELLOPTS', 'shell'],
    ['BASHOPTS', 'shell'],
    ['IFS', 'shell'],
    ['ZDOTDIR', 'shell'],
    ['HOME', 'shell'],
    ['ComSpec', 'shell'],
    ['PSModulePath', 'shell'],
    ['PATH', 'loader'],
    ['Path', 'loader'],
    ['LD_PRELOAD', 'loader'],
    ['LD_LIBRARY_PATH', 'loader'],
    ['ld_audit', 'loader'],
    ['DYLD_INSERT_LIBRARIES', 'loader'],
    ['GCONV_PATH', 'loader'],
    ['GLIBC_TUNABLES', 'loader'],
    ['NODE_PATH', 'runtime'],
    ['PYTHONSTARTUP', 'runtime'],
    ['PYTHONPATH', 'runtime'],
    ['PYTHONWARNINGS', 'runtime'],
    ['PERL5OPT', 'runtime'],
    ['PERL5LIB', 'runtime'],
    ['RUBYOPT', 'runtime'],
    ['RUBYLIB', 'runtime'],
    ['JAVA_TOOL_OPTIONS', 'runtime'],
    ['_JAVA_OPTIONS', 'runtime'],
    ['JDK_JAVA_OPTIONS', 'runtime'],
    ['CLASSPATH', 'runtime'],
    ['DOTNET_STARTUP_HOOKS', 'runtime'],
    ['CORECLR_PROFILER_PATH', 'runtime'],
    ['GOFLAGS', 'runtime'],
    ['CGO_LDFLAGS', 'runtime'],
    ['RUSTC_WRAPPER', 'runtime'],
    ['CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER', 'runtime'],
    ['MAKEFLAGS', 'runtime'],
    ['LUA_INIT', 'runtime'],
    ['PHPRC', 'runtime'],
    ['EDITOR', 'helper'],
    ['PAGER', 'helper'],
    ['LESSOPEN', 'helper'],
    ['SSH_ASKPASS', 'helper'],
    ['VIMINIT', 'helper'],
    ['GIT_SSH', 'git-command'],
    ['GIT_SSH_COMMAND', 'git-command'],
    ['GIT_EXEC_PATH', 'git-command'],
    ['GIT_ASKPASS', 'git-command'],
    ['GIT_EDITOR', 'git-command'],
    ['GIT_PAGER', 'git-command'],
    ['GIT_PROXY_COMMAND', 'git-command'],
    ['GIT_EXTERNAL_DIFF', 'git-command'],
    ['GIT_CONFIG_GLOBAL', 'git-command'],
    ['GIT_CONFIG_PARAMETERS', 'git-command'],
    ['GIT_CONFIG_KEY_0', 'git-command'],
    ['GIT_TEMPLATE_DIR', 'git-command'],
    ['GIT_CONFIG_VALUE_0', 'git'],
    ['GIT_CONFIG_COUNT', 'git'],
    ['GIT_AUTHOR_NAME', 'git'],
    ['HTTPS_PROXY', 'network'],
    ['https_proxy', 'network'],
    ['NO_PROXY', 'network'],
    ['NODE_EXTRA_CA_CERTS', 'network'],
    ['NODE_TLS_REJECT_UNAUTHORIZED', 'network'],
    ['SSL_CERT_FILE', 'network'],
    ['DOCKER_HOST', 'network'],
    ['npm_config_registry', 'packages'],
    ['PIP_INDEX_URL', 'packages'],
    ['GOPROXY', 'packages'],
    ['KUBECONFIG', 'config'],
    ['AWS_CONFIG_FILE', 'config'],
    ['TF_CLI_ARGS_plan', 'config'],
    ['AWS_ENDPOINT_URL', 'aws'],
    ['aws_endpoint_url', 'aws'],
    ['AWS_ENDPOINT_URL_STS', 'aws'],
    ['aws_endpoint_url_secrets_manager', 'aws'],
    ['AWS_Endpoint_Url_Bedrock_Runtime', 'aws'],
    ['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'aws'],
    ['AWS_PROFILE', 'aws'],
    ['aws_default_profile', 'aws'],
    ['AWS_ROLE_ARN', 'aws'],
    ['AWS_ROLE_SESSION_NAME', 'aws'],
    ['AWS_WEB_IDENTITY_TOKEN_FILE', 'aws'],
    ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'aws'],
    ['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'aws'],
    ['AWS_CONTAINER_AUTHORIZATION_TOKEN', 'aws'],
    ['AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', 'aws'],
    ['AWS_EC2_METADATA_SERVICE_ENDPOINT', 'aws'],
    ['AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE', 'aws'],
    ['AWS_EC2_METADATA_DISABLED', 'aws'],
    ['AWS_SDK_LOAD_CONFIG', 'aws'],
    ['AWS_STS_REGIONAL_ENDPOINTS', 'aws'],
    ['AWS_USE_FIPS_ENDPOINT', 'aws'],
    ['AWS_USE_DUALSTACK_ENDPOINT', 'aws'],
    ['AWS_ENDPOINT_DISCOVERY_ENABLED', 'aws'],
    ['AWS_S3_US_EAST_1_REGIONAL_ENDPOINT', 'aws'],
    ['AWS_CSM_HOST', 'aws'],
    ['AWS_DATA_PATH', 'aws'],
    ['BOTO_CONFIG', 'aws'],
    ['AWS_PAGER', 'helper'],
  ])('%s is %s', (n, id) => expect(sensitiveGroup(n)?.id).toBe(id));

  it.each([
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_CREDENTIAL_EXPIRATION',
    'AWS_MAX_ATTEMPTS',
    'GH_TOKEN',
    'GITHUB_TOKEN',
    'NPM_TOKEN',
    'NODE_ENV',
    'TF_VAR_region',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'DATABASE_URL',
    'PATHS',
    'MYPATH',
    'LDAP_URL',
    'CCACHE_DIR',
    'ENVIRONMENT',
    'GITLAB_TOKEN',
  ])('%s is ordinary', (n) => expect(sensitiveGroup(n)).toBeUndefined());

  it('lists upper-case names only, each once', () => {
    const all = SENSITIVE_GROUPS.flatMap((g) => g.names);
    for (const n of all) expect(n).toBe(n.toUpperCase());
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('messages', () => {
  it('do not repeat a name computed from a secret unless it is a well-known name', () => {
    expect(nameLabel('my-password-123', true)).toBe('a name from a secret');
    expect(nameLabel('GIT_hunter2', true)).toBe('a name from a secret (GIT_*)');
    expect(nameLabel('GITHUB_hunter2', true)).toBe('a name from a secret (GITHUB_*)');
    expect(nameLabel('BASH_ENV', true)).toBe('"BASH_ENV"');
    expect(nameLabel('GITHUB_SHA', true)).toBe('"GITHUB_SHA"');
    expect(nameLabel('my-password-123')).toBe('"my-password-123"');
    expect(exportNameProblem('my-password-123', true)).not.toContain('password');
    expect(computedNameProblem('PYTHONhunter2', 'files', true)).not.toContain('hunter2');
    expect(computedNameProblem('PYTHONhunter2', 'files', true)).toMatch(
      /^a name from a secret \(PYTHON\*\) is computed .* under files/,
    );
  });

  it('say why a value cannot be given to a code name', () => {
    const secret = { ...fromPlain('x'), secret: true };
    expect(literalValueProblem('BASH_ENV', secret, 'environmentVariables')).toMatch(
      /^the value of BASH_ENV is secret, and BASH_ENV changes how shells start/,
    );
    expect(literalValueProblem('LD_PRELOAD', secret, 'files')).toMatch(
      /^the content of the file LD_PRELOAD is secret/,
    );
    // Not a code name: any value.
    expect(literalValueProblem('HTTPS_PROXY', secret, 'environmentVariables')).toBeUndefined();
    expect(literalValueProblem('APP_TOKEN', secret, 'environmentVariables')).toBeUndefined();
  });
});

describe('checkExportNames', () => {
  it('reports at the key, in the file that wrote it, and skips what is not exported', async () => {
    const got = await namesOf({
      env: [
        'imports: [base]',
        'values:',
        '  environmentVariables:',
        '    GOOD: 1',
        '    GITHUB_SHA: abc',
        '    "bad-name": x',
        '    NESTED_IS_SKIPPED: {a: 1}',
        '    "also bad": {a: 1}',
        '  files:',
        '    NODE_OPTIONS: --inspect',
      ].join('\n'),
      base: 'values:\n  environmentVariables:\n    RUNNER_TEMP: /tmp\n    GH_TOKEN: t\n',
    });
    expect(got).toEqual([
      {
        file: 'env',
        line: 5,
        column: 5,
        path: 'values.environmentVariables.GITHUB_SHA',
        summary:
          '"GITHUB_SHA" belongs to the runner (names starting with GITHUB_, RUNNER_ or ACTIONS_, except GITHUB_TOKEN); an environment cannot set it',
      },
      {
        file: 'base',
        line: 3,
        column: 5,
        path: 'values.environmentVariables.RUNNER_TEMP',
        summary: expect.stringContaining(
          '"RUNNER_TEMP" belongs to the runner',
        ) as unknown as string,
      },
      {
        file: 'env',
        line: 6,
        column: 5,
        path: 'values.environmentVariables["bad-name"]',
        summary: '"bad-name" is not a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)',
      },
      {
        file: 'env',
        line: 10,
        column: 5,
        path: 'values.files.NODE_OPTIONS',
        summary: expect.stringContaining('"NODE_OPTIONS" cannot be exported') as unknown as string,
      },
    ]);
  });

  it('allows sensitive names written as keys with plain values, in the root and in imports', async () => {
    expect(
      await refused({
        env: [
          'imports: [base]',
          'values:',
          '  environmentVariables:',
          '    PATH: /opt/tool/bin:/usr/bin:/bin',
          '    LD_LIBRARY_PATH: /opt/tool/lib',
          '    JAVA_TOOL_OPTIONS: -Xmx2g',
          '    GIT_SSH_COMMAND: ssh -o StrictHostKeyChecking=yes',
          '    PS4: "+ $$ "',
          '    PYTHONUNBUFFERED: 1',
          '    GIT_TERMINAL_PROMPT: false',
          '    IFS: null',
          '  files:',
          '    BASH_ENV: |',
          '      set -o pipefail',
          '    KUBECONFIG: ${kube}',
          '  kube:',
          '    fn::secret: "apiVersion: v1"',
        ].join('\n'),
        base: 'values:\n  environmentVariables:\n    NODE_PATH: /opt/node\n    HTTPS_PROXY: http://proxy:3128\n',
      }),
    ).toEqual([]);
  });

  it('allows names of a computed object that are not sensitive', async () => {
    expect(
      await refused({
        env: [
          'values:',
          '  creds:',
          '    fn::secret: \'{"AWS_ACCESS_KEY_ID": "AKIA", "DB_PASSWORD": "pw", "GITHUB_TOKEN": "t"}\'',
          '  environmentVariables:',
          '    fn::fromJSON: ${creds}',
          '  files:',
          '    fn::fromJSON: \'{"APP_CONFIG": "a: 1", "GOOGLE_APPLICATION_CREDENTIALS": "{}"}\'',
        ].join('\n'),
      }),
    ).toEqual([]);
  });

  it('refuses every sensitive name computed from a secret, at the fn::fromJSON, without quoting the rest', async () => {
    const names = [
      'BASH_ENV',
      'env',
      'PATH',
      'LD_PRELOAD',
      'DYLD_INSERT_LIBRARIES',
      'NODE_PATH',
      'PYTHONSTARTUP',
      'PERL5OPT',
      'RUBYOPT',
      'JAVA_TOOL_OPTIONS',
      'GIT_SSH_COMMAND',
      'GIT_CONFIG_KEY_0',
      'GIT_hunter2',
      'https_proxy',
      'npm_config_script_shell',
      'KUBECONFIG',
    ];
    const json = JSON.stringify(Object.fromEntries([...names, 'FINE'].map((n) => [n, 'x'])));
    const got = await namesOf(
      {
        env: [
          'values:',
          '  s:',
          `    fn::secret: '${json}'`,
          '  environmentVariables:',
          '    fn::fromJSON: ${s}',
        ].join('\n'),
      },
      'open',
    );
    expect(got.map((d) => d.path.replace('values.environmentVariables.', '')).sort()).toEqual(
      [...names].sort(),
    );
    for (const d of got) {
      expect([d.file, d.line, d.column]).toEqual(['env', 5, 5]);
      expect(d.summary).toMatch(/is computed .*not written as a key under environmentVariables/);
      expect(d.summary).not.toContain('hunter2');
    }
  });

  it('refuses sensitive names from a provider-free fn::fromJSON and from a reference to an object', async () => {
    expect(
      await refused({
        env: [
          'values:',
          '  vars:',
          '    PATH: /bin',
          '    OK: 1',
          '  environmentVariables: ${vars}',
          '  files:',
          '    fn::fromJSON: \'{"LD_PRELOAD": "x", "OK2": "y"}\'',
        ].join('\n'),
      }),
    ).toEqual(['environmentVariables.PATH', 'files.LD_PRELOAD']);
  });

  it('decides by the level a key comes from: a computed object laid over an import cannot take its literal names', async () => {
    const base =
      'values:\n  environmentVariables:\n    HTTPS_PROXY: http://corp:3128\n    PATH: /usr/bin\n';
    expect(
      await refused({
        env: [
          'imports: [base]',
          'values:',
          '  environmentVariables:',
          '    fn::fromJSON: \'{"HTTPS_PROXY": "http://evil"}\'',
        ].join('\n'),
        base,
      }),
    ).toEqual(['environmentVariables.HTTPS_PROXY']);
    // The names the import wrote and nobody overrode stay literal.
    expect(
      await refused({
        env: 'imports: [base]\nvalues:\n  environmentVariables:\n    APP: 1\n',
        base,
      }),
    ).toEqual([]);
    // An imported environment whose names are computed is refused at its own fn::fromJSON.
    const got = await namesOf({
      env: 'imports: [base]\nvalues:\n  environmentVariables:\n    APP: 1\n',
      base: 'values:\n  environmentVariables:\n    fn::fromJSON: \'{"BASH_ENV": "x"}\'\n',
    });
    expect(got.map((d) => [d.file, d.line, d.path])).toEqual([
      ['base', 3, 'values.environmentVariables.BASH_ENV'],
    ]);
  });

  it.each(['check', 'open'] as const)(
    'refuses data in the value of a code name written literally, at the value (%s mode)',
    async (mode) => {
      const got = await namesOf(
        {
          env: [
            'values:',
            '  s:',
            '    fn::secret: /tmp/x',
            '  plain: /tmp/y',
            '  environmentVariables:',
            '    BASH_ENV: ${s}',
            '    ENV: ${plain}',
            '    PATH: /bin:${plain}',
            '    LD_PRELOAD:',
            '      fn::join: ["", [a, b]]',
            '    NODE_PATH:',
            '      fn::secret: /n',
            '    HTTPS_PROXY: http://u:${s}@proxy',
            '    GIT_CONFIG_VALUE_0: ${s}',
            '  files:',
            '    PYTHONSTARTUP: ${s}',
            '    KUBECONFIG: ${s}',
          ].join('\n'),
        },
        mode,
      );
      expect(got.map((d) => [d.path.replace('values.', ''), d.line, d.column])).toEqual([
        ['environmentVariables.BASH_ENV', 6, 15],
        ['environmentVariables.ENV', 7, 10],
        ['environmentVariables.LD_PRELOAD', 10, 7],
        ['environmentVariables.NODE_PATH', 12, 7],
        ['environmentVariables.PATH', 8, 11],
        ['files.PYTHONSTARTUP', 16, 20],
      ]);
      const byPath = new Map(got.map((d) => [d.path, d.summary]));
      expect(byPath.get('values.environmentVariables.BASH_ENV')).toMatch(
        /^the value of BASH_ENV is secret/,
      );
      expect(byPath.get('values.environmentVariables.ENV')).toMatch(
        /^the value of ENV is computed/,
      );
      expect(byPath.get('values.files.PYTHONSTARTUP')).toMatch(
        /^the content of the file PYTHONSTARTUP is secret/,
      );
    },
  );

  it('counts a mapping under fn::final as literal, and the result of any other builtin as computed', async () => {
    expect(
      await refused({
        env: [
          'values:',
          '  environmentVariables:',
          '    fn::final:',
          '      PATH: /bin',
          '      BASH_ENV: /etc/profile',
          '  files:',
          '    fn::validate:',
          '      schema: {type: object}',
          '      value:',
          '        LD_PRELOAD: x',
          '        OK: y',
        ].join('\n'),
      }),
    ).toEqual(['files.LD_PRELOAD']);
  });

  it('treats an escaped $$ as plain text and any interpolation as computed', async () => {
    expect(
      await refused({
        env: [
          'values:',
          '  ref: main',
          '  environmentVariables:',
          '    PS4: "+ $${BASH_SOURCE}: "',
          '    PROMPT_COMMAND: echo ${ref}',
          '    Path: C:\\tools',
          '    ld_preload: ${ref}',
        ].join('\n'),
      }),
    ).toEqual(['environmentVariables.PROMPT_COMMAND', 'environmentVariables.ld_preload']);
  });

  it('falls back to the value when the section is a reference', async () => {
    const got = await namesOf({
      env: 'values:\n  vars:\n    GITHUB_SHA: x\n  environmentVariables: ${vars}\n',
    });
    expect(got).toHaveLength(1);
    expect(got[0]?.path).toBe('values.environmentVariables.GITHUB_SHA');
    expect(got[0]?.line).toBe(3);
  });

  it('is empty without a value', () => {
    expect(checkExportNames(undefined, 'env')).toEqual([]);
  });
});
