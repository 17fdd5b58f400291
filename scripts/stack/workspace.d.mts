// Generated from workspace.mjs by gen-types.mjs; do not edit.
/**
 * DESIGN.md's `.esc/aws-dev.yaml`, with the role ARN given.
 * @param {string} [roleArn]
 */
export function seedEnvironmentYaml(roleArn?: string): string;
/**
 * Creates a temporary directory holding `files` (relative path → content).
 * @param {Record<string, string | Uint8Array>} files
 * @param {string} [prefix]
 * @returns {string}
 */
export function makeWorkspace(files: Record<string, string | Uint8Array>, prefix?: string): string;
/**
 * @param {string} dir
 * @param {Record<string, string | Uint8Array>} files
 */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void;
