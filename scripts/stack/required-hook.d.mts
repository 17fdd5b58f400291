// Generated from required-hook.mjs by gen-types.mjs; do not edit.
export {};
