// Generated from index.mjs by gen-types.mjs; do not edit.
export * from './tools.mjs';
export * from './proc.mjs';
export * from './moto.mjs';
export * from './oidc.mjs';
export * from './proxy.mjs';
export * from './tinyproxy.mjs';
export * from './tls.mjs';
export * from './runner.mjs';
export * from './workspace.mjs';
