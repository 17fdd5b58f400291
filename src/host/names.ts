/**
 * Rules for the names an environment exports (`environmentVariables` and `files` keys; a file's
 * name becomes a variable holding its path). A secret's or a provider's content must not be able
 * to run code in `run` or in later steps, so the rules depend on where a name comes from:
 *
 * - Everywhere: a name is a valid variable name, and not one the runner owns (`GITHUB_*`,
 *   `RUNNER_*`, `ACTIONS_*`, except `GITHUB_TOKEN`) nor `NODE_OPTIONS` (the runner refuses it).
 * - A *sensitive* name (one that changes how programs start, which code they load, where they
 *   find programs, configuration or packages, or whom they trust on the network: `BASH_ENV`,
 *   `PATH`, `LD_PRELOAD`, `GIT_SSH_COMMAND`, `HTTPS_PROXY`…) must be *literal*: written as a key
 *   of a mapping under `environmentVariables`/`files` in an environment file (the root or an
 *   import). Keys of an object computed from data (`fn::fromJSON`, a provider's output, a
 *   `${reference}` to an object, any builtin) are refused.
 * - A literal name whose value is *run as code* (the `code` groups: shell start-up, loader,
 *   interpreter options and paths, helper commands, git's commands and configuration) must also
 *   have a literal value: plain text written in the file, not a secret, a `${...}` or a builtin.
 *   The other sensitive names (proxies, certificates, package sources, tool configuration) may
 *   take any value when their name is literal: `HTTPS_PROXY: http://u:${password}@proxy` is the
 *   file author's explicit choice.
 *
 * Names are compared without regard to case, as Windows and many tools (npm, proxies) do.
 * Problems are error diagnostics at the key or the expression, so hosts annotate the line and
 * export nothing.
 */
import { parseInterpolation } from '../ast/interpolation.js';
import { definitionOf } from '../eval/evalue.js';
import type { Value } from '../eval/value.js';
import type { Diagnostic, Range } from '../syntax/diagnostic.js';
import type { SyntaxNode } from '../syntax/node.js';
import { joinKey } from '../syntax/path.js';

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The runner's documented default variables (docs: "Default environment variables"). */
export const RUNNER_DEFAULT_VARIABLES: ReadonlySet<string> = new Set([
  'GITHUB_ACTION',
  'GITHUB_ACTION_PATH',
  'GITHUB_ACTION_REPOSITORY',
  'GITHUB_ACTIONS',
  'GITHUB_ACTOR',
  'GITHUB_ACTOR_ID',
  'GITHUB_API_URL',
  'GITHUB_BASE_REF',
  'GITHUB_ENV',
  'GITHUB_EVENT_NAME',
  'GITHUB_EVENT_PATH',
  'GITHUB_GRAPHQL_URL',
  'GITHUB_HEAD_REF',
  'GITHUB_JOB',
  'GITHUB_OUTPUT',
  'GITHUB_PATH',
  'GITHUB_REF',
  'GITHUB_REF_NAME',
  'GITHUB_REF_PROTECTED',
  'GITHUB_REF_TYPE',
  'GITHUB_REPOSITORY',
  'GITHUB_REPOSITORY_ID',
  'GITHUB_REPOSITORY_OWNER',
  'GITHUB_REPOSITORY_OWNER_ID',
  'GITHUB_RETENTION_DAYS',
  'GITHUB_RUN_ATTEMPT',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_NUMBER',
  'GITHUB_SERVER_URL',
  'GITHUB_SHA',
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY',
  'GITHUB_TRIGGERING_ACTOR',
  'GITHUB_WORKFLOW',
  'GITHUB_WORKFLOW_REF',
  'GITHUB_WORKFLOW_SHA',
  'GITHUB_WORKSPACE',
  'RUNNER_ARCH',
  'RUNNER_DEBUG',
  'RUNNER_ENVIRONMENT',
  'RUNNER_NAME',
  'RUNNER_OS',
  'RUNNER_TEMP',
  'RUNNER_TOOL_CACHE',
]);

/** Prefixes the runner owns (its defaults, its internals such as ACTIONS_ID_TOKEN_REQUEST_URL). */
const RUNNER_PREFIXES = ['GITHUB_', 'RUNNER_', 'ACTIONS_'] as const;
/** Names under those prefixes that tools conventionally read and workflows set. */
const RUNNER_PREFIX_EXCEPTIONS: ReadonlySet<string> = new Set(['GITHUB_TOKEN']);

export interface SensitiveGroup {
  /** Short id, for tests and the README. */
  id: string;
  /** Why the name matters, completing "<NAME> …". */
  why: string;
  /** True when the value itself is run as code (executed, sourced, expanded, parsed as options). */
  code: boolean;
  /** Names; one ending in `*` is a prefix. Upper case; matched without regard to case. */
  names: readonly string[];
}

/**
 * Sensitive names by group; well-known names under a prefix are also listed on their own, so
 * messages may name them even when they come from a secret (see `nameLabel`). Sources: bash(1) and dash(1) (BASH_ENV and ENV are expanded, command
 * substitution included, before being sourced; PS4 with xtrace), ld.so(8) and dyld(1), node(1),
 * python(1), perlrun(1), ruby(1), the JDK launcher, the .NET host, git(1) ("ENVIRONMENT
 * VARIABLES", GIT_CONFIG_COUNT/KEY/VALUE), the Go, Cargo, Make and npm/pip configuration
 * references, and GitHub's "Workflow commands" (NODE_OPTIONS).
 */
export const SENSITIVE_GROUPS: readonly SensitiveGroup[] = [
  {
    id: 'shell',
    why: 'changes how shells start and run commands',
    code: true,
    names: [
      'BASH_ENV',
      'ENV',
      'SHELLOPTS',
      'BASHOPTS',
      'BASH_XTRACEFD',
      'BASH_LOADABLES_PATH',
      'BASH_COMPAT',
      'BASH_FUNC_*',
      'PS0',
      'PS1',
      'PS2',
      'PS3',
      'PS4',
      'PROMPT_COMMAND',
      'IFS',
      'CDPATH',
      'GLOBIGNORE',
      'EXECIGNORE',
      'FPATH',
      'ZDOTDIR',
      'SHELL',
      'INPUTRC',
      'HOME',
      'XDG_CONFIG_HOME',
      'XDG_CONFIG_DIRS',
      'XDG_DATA_HOME',
      'XDG_DATA_DIRS',
      'COMSPEC',
      'PATHEXT',
      'PSMODULEPATH',
      'PSEXECUTIONPOLICYPREFERENCE',
      'SYSTEMROOT',
      'WINDIR',
    ],
  },
  {
    id: 'loader',
    why: 'changes which programs and libraries are found and loaded',
    code: true,
    names: [
      'PATH',
      'LD_*',
      'LD_PRELOAD',
      'LD_LIBRARY_PATH',
      'LD_AUDIT',
      'DYLD_*',
      'DYLD_INSERT_LIBRARIES',
      'DYLD_LIBRARY_PATH',
      'LIBPATH',
      'SHLIB_PATH',
      'GCONV_PATH',
      'GLIBC_TUNABLES',
      'LOCPATH',
      'NLSPATH',
      'MALLOC_CONF',
    ],
  },
  {
    id: 'runtime',
    why: 'changes how an interpreter, compiler or build tool starts (options, start-up code, module paths)',
    code: true,
    names: [
      'NODE_OPTIONS',
      'NODE_PATH',
      'NODE_REPL_EXTERNAL_MODULE',
      'PYTHON*',
      'PYTHONSTARTUP',
      'PYTHONPATH',
      'PYTHONHOME',
      'PERL*',
      'PERL5OPT',
      'PERL5LIB',
      'PERLLIB',
      'RUBY*',
      'RUBYOPT',
      'RUBYLIB',
      'GEM_HOME',
      'GEM_PATH',
      'BUNDLE_GEMFILE',
      'JAVA_TOOL_OPTIONS',
      '_JAVA_OPTIONS',
      'JDK_JAVA_OPTIONS',
      'JAVA_OPTIONS',
      'JAVA_OPTS',
      'JAVA_HOME',
      'JAVACMD',
      'CLASSPATH',
      'MAVEN_OPTS',
      'MAVEN_ARGS',
      'GRADLE_OPTS',
      'GRADLE_USER_HOME',
      'SBT_OPTS',
      'ANT_OPTS',
      'DOTNET_*',
      'DOTNET_STARTUP_HOOKS',
      'CORECLR_*',
      'COR_*',
      'COMPLUS_*',
      'GOFLAGS',
      'GOTOOLCHAIN',
      'GOROOT',
      'GOPATH',
      'GOBIN',
      'GOENV',
      'CGO_*',
      'CC',
      'CXX',
      'CPP',
      'LD',
      'AR',
      'CFLAGS',
      'CXXFLAGS',
      'CPPFLAGS',
      'LDFLAGS',
      'MAKEFLAGS',
      'MFLAGS',
      'GNUMAKEFLAGS',
      'MAKEFILES',
      'RUSTFLAGS',
      'RUSTDOCFLAGS',
      'RUSTC',
      'RUSTDOC',
      'RUSTC_WRAPPER',
      'RUSTC_WORKSPACE_WRAPPER',
      'RUSTUP_TOOLCHAIN',
      'RUSTUP_HOME',
      'CARGO_HOME',
      'CARGO_BUILD_*',
      'CARGO_TARGET_*',
      'CARGO_ENCODED_RUSTFLAGS',
      'PHPRC',
      'PHP_INI_SCAN_DIR',
      'LUA_*',
      'R_PROFILE',
      'R_PROFILE_USER',
      'R_ENVIRON',
      'R_ENVIRON_USER',
      'R_LIBS',
      'R_LIBS_USER',
      'R_LIBS_SITE',
      'TCLLIBPATH',
      'YARN_YARN_PATH',
    ],
  },
  {
    id: 'helper',
    why: 'names a command that programs run',
    code: true,
    names: [
      'EDITOR',
      'VISUAL',
      'FCEDIT',
      'SUDO_EDITOR',
      'PAGER',
      'MANPAGER',
      'LESSOPEN',
      'LESSCLOSE',
      'BROWSER',
      'SSH_ASKPASS',
      'SSH_ASKPASS_REQUIRE',
      'SUDO_ASKPASS',
      'VIMINIT',
      'GVIMINIT',
      'EXINIT',
      'MYVIMRC',
      'GH_EDITOR',
      'GH_BROWSER',
      'GH_PAGER',
      'AWS_PAGER',
    ],
  },
  {
    id: 'git-command',
    why: 'changes which commands, hooks or configuration git runs',
    code: true,
    names: [
      'GIT_SSH',
      'GIT_SSH_COMMAND',
      'GIT_EXEC_PATH',
      'GIT_ASKPASS',
      'GIT_EDITOR',
      'GIT_SEQUENCE_EDITOR',
      'GIT_PAGER',
      'GIT_PROXY_COMMAND',
      'GIT_EXTERNAL_DIFF',
      'GIT_TEMPLATE_DIR',
      'GIT_CONFIG',
      'GIT_CONFIG_GLOBAL',
      'GIT_CONFIG_SYSTEM',
      'GIT_CONFIG_PARAMETERS',
      'GIT_CONFIG_KEY_*',
      'GIT_DIR',
      'GIT_WORK_TREE',
      'GIT_COMMON_DIR',
      'GIT_OBJECT_DIRECTORY',
      'GIT_ALTERNATE_OBJECT_DIRECTORIES',
    ],
  },
  {
    id: 'git',
    why: "changes how git behaves (git's own settings)",
    code: false,
    names: ['GIT_*'],
  },
  {
    id: 'network',
    why: 'changes where programs connect or which certificates they trust',
    code: false,
    names: [
      'HTTP_PROXY',
      'HTTPS_PROXY',
      'ALL_PROXY',
      'NO_PROXY',
      'FTP_PROXY',
      'SSL_CERT_FILE',
      'SSL_CERT_DIR',
      'NODE_EXTRA_CA_CERTS',
      'NODE_TLS_REJECT_UNAUTHORIZED',
      'REQUESTS_CA_BUNDLE',
      'CURL_CA_BUNDLE',
      'AWS_CA_BUNDLE',
      'SSH_AUTH_SOCK',
      'DOCKER_HOST',
      'DOCKER_TLS_VERIFY',
      'DOCKER_CERT_PATH',
      'DOCKER_CONTEXT',
      'BUILDKIT_HOST',
      'GH_HOST',
    ],
  },
  {
    id: 'packages',
    why: 'changes where packages and tools are downloaded from',
    code: false,
    names: [
      'NPM_CONFIG_*',
      'NPM_CONFIG_REGISTRY',
      'YARN_RC_FILENAME',
      'YARN_NPM_REGISTRY_SERVER',
      'COREPACK_*',
      'PIP_*',
      'PIP_INDEX_URL',
      'PIP_EXTRA_INDEX_URL',
      'UV_INDEX*',
      'UV_DEFAULT_INDEX',
      'UV_EXTRA_INDEX_URL',
      'GOPROXY',
      'GONOPROXY',
      'GOSUMDB',
      'GONOSUMDB',
      'GONOSUMCHECK',
      'GOPRIVATE',
      'GOINSECURE',
    ],
  },
  {
    // From botocore's configprovider.py and credentials.py, the JavaScript SDK v3's node config
    // providers and credential providers, and the Go SDK v2's config/env_config.go: every setting
    // that moves a request to another host (endpoints, metadata and container credential
    // services, endpoint variants, client-side monitoring, service models) or picks the identity
    // a call is signed with (profiles, a web identity role, a credentials or token cache file).
    // Static keys (AWS_ACCESS_KEY_ID…) are not here: a secret that holds keys is the usual place
    // for them, and they only choose whose account the calls land in, not where they go.
    id: 'aws',
    why: 'changes where AWS SDKs and the aws CLI send requests or which identity signs them',
    code: false,
    names: [
      'AWS_ENDPOINT_*',
      'AWS_ENDPOINT_URL',
      'AWS_ENDPOINT_URL_STS',
      'AWS_ENDPOINT_URL_S3',
      'AWS_ENDPOINT_DISCOVERY_ENABLED',
      'AWS_ENABLE_ENDPOINT_DISCOVERY',
      'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
      'AWS_USE_FIPS_ENDPOINT',
      'AWS_USE_DUALSTACK_ENDPOINT',
      'AWS_STS_REGIONAL_ENDPOINTS',
      'AWS_S3_*',
      'AWS_S3_US_EAST_1_REGIONAL_ENDPOINT',
      'AWS_S3_USE_ARN_REGION',
      'AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS',
      'AWS_DISABLE_HOST_PREFIX_INJECTION',
      'AWS_ACCOUNT_ID_ENDPOINT_MODE',
      'AWS_SIGV4A_SIGNING_REGION_SET',
      'AWS_AUTH_SCHEME_PREFERENCE',
      'AWS_DATA_PATH',
      'AWS_CSM_*',
      'AWS_EC2_METADATA_*',
      'AWS_EC2_METADATA_SERVICE_ENDPOINT',
      'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE',
      'AWS_EC2_METADATA_DISABLED',
      'AWS_EC2_METADATA_V1_DISABLED',
      'AWS_METADATA_SERVICE_*',
      'AWS_IMDS_USE_IPV6',
      'AWS_CONTAINER_*',
      'AWS_CONTAINER_CREDENTIALS_FULL_URI',
      'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
      'AWS_CONTAINER_AUTHORIZATION_TOKEN',
      'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
      'AWS_PROFILE',
      'AWS_DEFAULT_PROFILE',
      'AWS_SDK_LOAD_CONFIG',
      'AWS_ROLE_*',
      'AWS_ROLE_ARN',
      'AWS_ROLE_SESSION_NAME',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
      'AWS_CREDENTIAL_FILE',
      'AWS_LOGIN_CACHE_DIRECTORY',
      'AWS_SSO_*',
      'BOTO_CONFIG',
    ],
  },
  {
    id: 'config',
    why: 'points programs to configuration that can run commands',
    code: false,
    names: [
      'KUBECONFIG',
      'AWS_CONFIG_FILE',
      'AWS_SHARED_CREDENTIALS_FILE',
      'DOCKER_CONFIG',
      'TF_CLI_CONFIG_FILE',
      'TF_CLI_ARGS*',
      'GH_CONFIG_DIR',
      'CURL_HOME',
      'WGETRC',
      'GNUPGHOME',
    ],
  },
];

const EXACT = new Map<string, SensitiveGroup>();
const PREFIXES: [string, SensitiveGroup][] = [];
for (const g of SENSITIVE_GROUPS) {
  for (const n of g.names) {
    if (n.endsWith('*')) PREFIXES.push([n.slice(0, -1), g]);
    else if (!EXACT.has(n)) EXACT.set(n, g);
  }
}
// Longest prefix first, so GIT_CONFIG_KEY_* (code) wins over GIT_* (settings).
PREFIXES.sort((a, b) => b[0].length - a[0].length);

/** The sensitive group of a name and the entry it matched (`LD_*`), or undefined. */
function sensitiveMatch(name: string): { group: SensitiveGroup; entry: string } | undefined {
  const n = name.toUpperCase();
  const exact = EXACT.get(n);
  if (exact !== undefined) return { group: exact, entry: n };
  for (const [p, g] of PREFIXES) if (n.startsWith(p)) return { group: g, entry: `${p}*` };
  return undefined;
}

/** The sensitive group of a name (compared without case), or undefined for an ordinary name. */
export function sensitiveGroup(name: string): SensitiveGroup | undefined {
  return sensitiveMatch(name)?.group;
}

/** The runner prefix `name` falls under (compared without case), or undefined. */
function runnerPrefix(name: string): string | undefined {
  const n = name.toUpperCase();
  if (RUNNER_PREFIX_EXCEPTIONS.has(n)) return undefined;
  return RUNNER_PREFIXES.find((p) => n.startsWith(p));
}

/** True when the runner owns `name` (compared without case). */
export function isRunnerName(name: string): boolean {
  return runnerPrefix(name) !== undefined;
}

/**
 * How a message shows a name. A name computed from a secret is part of the secret's content, so
 * it is quoted only when it is a well-known name (an exact entry of the lists above); otherwise
 * the message names the rule it matched (`GIT_*`) and not the name.
 */
export function nameLabel(name: string, fromSecret = false): string {
  if (!fromSecret) return JSON.stringify(name);
  const n = name.toUpperCase();
  if (EXACT.has(n) || RUNNER_DEFAULT_VARIABLES.has(n)) return JSON.stringify(name);
  const rule = runnerPrefix(n) ?? sensitiveMatch(n)?.entry.slice(0, -1);
  return rule === undefined ? 'a name from a secret' : `a name from a secret (${rule}*)`;
}

/**
 * Why `name` cannot be exported whatever its origin, or undefined when it can. `fromSecret`: the
 * name was computed from a secret (see `nameLabel`).
 */
export function exportNameProblem(name: string, fromSecret = false): string | undefined {
  const label = nameLabel(name, fromSecret);
  if (!VARIABLE_NAME.test(name))
    return `${label} is not a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)`;
  if (isRunnerName(name))
    return `${label} belongs to the runner (names starting with GITHUB_, RUNNER_ or ACTIONS_, except GITHUB_TOKEN); an environment cannot set it`;
  if (name.toUpperCase() === 'NODE_OPTIONS')
    return `${label} cannot be exported: it would change how every later Node.js step runs (the runner refuses it)`;
  return undefined;
}

export type Section = 'environmentVariables' | 'files';
const SECTIONS: readonly Section[] = ['environmentVariables', 'files'];

/** Why a sensitive `name` cannot come from data (a computed key), or undefined. */
export function computedNameProblem(
  name: string,
  section: Section,
  fromSecret = false,
): string | undefined {
  const g = sensitiveGroup(name);
  if (g === undefined) return undefined;
  const label = nameLabel(name, fromSecret);
  const subject = label.startsWith('"') ? `the name ${label}` : label;
  return `${subject} is computed (by a builtin, a reference or a provider), not written as a key under ${section}, and it ${g.why}: a secret or a provider's output must not choose such a name; write it as a key in the environment file`;
}

/** How a value was written, for the rule on code-bearing values. */
export type ValueSource = 'literal' | 'secret' | 'computed';

function isBuiltinCall(node: SyntaxNode): boolean {
  return (
    node.kind === 'object' &&
    node.entries.length === 1 &&
    (node.entries[0]?.key.value.startsWith('fn::') ?? false)
  );
}

/**
 * `literal` when the value is plain text (or a number, boolean, null) written in an environment
 * file: no `${...}`, no builtin, not a provider's output, not secret.
 */
export function valueSource(v: Value): ValueSource {
  if (v.secret) return 'secret';
  const def = definitionOf(v);
  if (def === undefined || v.unknown) return 'computed';
  if (def.kind === 'null' || def.kind === 'boolean' || def.kind === 'number') return 'literal';
  if (def.kind !== 'string') return 'computed';
  const parsed = parseInterpolation(def);
  return parsed.parts.every((p) => p.access === undefined) ? 'literal' : 'computed';
}

/** Why a literal sensitive `name` cannot hold this value, or undefined. */
export function literalValueProblem(name: string, v: Value, section: Section): string | undefined {
  const g = sensitiveGroup(name);
  if (g === undefined || !g.code) return undefined;
  const source = valueSource(v);
  if (source === 'literal') return undefined;
  const what = section === 'files' ? `the content of the file ${name}` : `the value of ${name}`;
  const from =
    source === 'secret' ? 'is secret' : 'is computed (a ${...} reference, a builtin or a provider)';
  return `${what} ${from}, and ${name} ${g.why}: it must be plain text written in the environment file, so that no secret or provider output can run code`;
}

/**
 * The range of the key `key` when it is written literally in a mapping of an environment file:
 * the mapping that defined the section, or an imported one it was laid over, whichever level the
 * exported property comes from. Undefined when the key comes from data: the keys of an object
 * produced by a builtin (`fn::fromJSON`), a provider or a `${reference}`.
 */
export function literalKeyRange(section: Value, key: string): Range | undefined {
  for (let v: Value | undefined = section; v !== undefined; v = v.base) {
    if (v.unknown || !(v.repr instanceof Map)) return undefined;
    const here = v.repr.get(key);
    if (here === undefined) return undefined;
    const below = v.base?.repr instanceof Map ? v.base.repr.get(key) : undefined;
    // Exported properties are memoised: an inherited key is the very same object below.
    if (below === here) continue;
    const def = definitionOf(v);
    if (def?.kind !== 'object' || isBuiltinCall(def)) return undefined;
    return def.entries.find((e) => e.key.value === key)?.key.range;
  }
  return undefined;
}

function exported(v: Value): boolean {
  const r = v.repr;
  return v.unknown || !(Array.isArray(r) || r instanceof Map);
}

/**
 * Error diagnostics for every exported name that breaks a rule: at the key when it is written
 * literally, else at the expression that produced it (the `fn::fromJSON`, the reference), or at
 * the value when the value is what breaks the rule.
 */
export function checkExportNames(root: Value | undefined, rootName: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const repr = root?.repr;
  if (!(repr instanceof Map)) return out;
  for (const section of SECTIONS) {
    const s = repr.get(section);
    if (s === undefined || !(s.repr instanceof Map)) continue;
    for (const [name, v] of s.repr) {
      if (!exported(v)) continue;
      const keyRange = literalKeyRange(s, name);
      const fromSecret = keyRange === undefined && (v.secret || s.secret);
      let problem = exportNameProblem(name, fromSecret);
      let range = keyRange ?? v.origin ?? s.origin;
      if (problem === undefined && keyRange === undefined)
        problem = computedNameProblem(name, section, fromSecret);
      if (problem === undefined && keyRange !== undefined) {
        problem = literalValueProblem(name, v, section);
        range = v.origin ?? keyRange;
      }
      if (problem === undefined) continue;
      out.push({
        severity: 'error',
        summary: problem,
        file: range?.file ?? rootName,
        ...(range !== undefined ? { range } : {}),
        path: joinKey(joinKey('values', section), name),
      });
    }
  }
  return out;
}
