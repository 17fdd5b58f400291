// Environments for the secret-flag propagation tests.
/** An imported environment holding secrets in several shapes. */
export const SECRET_REFS_BASE = `values:
  tok:
    fn::secret: supersecret-token-123
  obj:
    fn::fromJSON:
      fn::secret: '{"pw":"json-piece-secret","n":{"deep":"deep-secret"},"list":["el-0","el-1"]}'
  list:
    fn::split: [",", {fn::secret: "alpha-piece,beta-piece"}]
  pub: public-text
`;

/** Reaches pieces of those secrets in every way the language allows. */
export const SECRET_REFS_ROOT = `imports:
  - proj/base
values:
  local:
    fn::split: [":", {fn::secret: "left-part:right-part"}]
  refs:
    envTok: \${environments.proj.base.tok}
    envPw: \${environments.proj.base.obj.pw}
    envDeep: \${environments.proj.base.obj.n.deep}
    envObj: \${environments.proj.base.obj.n}
    envListEl: \${environments.proj.base.obj.list[1]}
    envSplit: \${environments.proj.base.list[0]}
    importPw: \${obj.pw}
    importSplit: \${list[1]}
    localSplit: \${local[0]}
    viaImports: \${imports.proj/base.list[1]}
    interpolated: "x-\${environments.proj.base.list[1]}-y"
    joined: {fn::join: ["+", "\${local}"]}
    base64: {fn::toBase64: "\${local[1]}"}
    pub: \${environments.proj.base.pub}
`;

