// Workspaces for end-to-end runs: the seed environment file from DESIGN.md and helpers to write files.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * DESIGN.md's `.esc/aws-dev.yaml`, with the role ARN given.
 * @param {string} [roleArn]
 */
export function seedEnvironmentYaml(roleArn = 'arn:aws:iam::123456789012:role/gha-deploy') {
  return `values:
  aws:
    login:
      fn::open::aws-login:
        oidc:
          duration: 1h
          roleArn: ${roleArn}
          sessionName: gha-\${context.github.run_id}
  environmentVariables:
    AWS_REGION: us-east-1
    AWS_ACCESS_KEY_ID: \${aws.login.accessKeyId}
    AWS_SECRET_ACCESS_KEY: \${aws.login.secretAccessKey}
    AWS_SESSION_TOKEN: \${aws.login.sessionToken}
`;
}

/**
 * Creates a temporary directory holding `files` (relative path → content).
 * @param {Record<string, string | Uint8Array>} files
 * @param {string} [prefix]
 * @returns {string}
 */
export function makeWorkspace(files, prefix = 'esc-ws-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFiles(dir, files);
  return dir;
}

/**
 * @param {string} dir
 * @param {Record<string, string | Uint8Array>} files
 */
export function writeFiles(dir, files) {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}
