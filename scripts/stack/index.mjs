// The end-to-end test stack: moto, a GitHub OIDC token endpoint, a recording AWS proxy, a runner.
export * from './tools.mjs';
export * from './proc.mjs';
export * from './moto.mjs';
export * from './oidc.mjs';
export * from './proxy.mjs';
export * from './runner.mjs';
