// The end-to-end test stack: moto, a GitHub OIDC token endpoint, a recording AWS proxy, a real
// forward proxy (tinyproxy), a runner.
// Plain ESM with JSDoc types so node scripts and ts-jest tests share it. The *.d.mts files beside
// each module are generated from the JSDoc: after changing a signature run
// `node scripts/stack/gen-types.mjs`.
export * from './tools.mjs';
export * from './proc.mjs';
export * from './moto.mjs';
export * from './oidc.mjs';
export * from './proxy.mjs';
export * from './tinyproxy.mjs';
export * from './tls.mjs';
export * from './runner.mjs';
export * from './workspace.mjs';
