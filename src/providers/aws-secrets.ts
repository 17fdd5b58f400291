/**
 * `aws-secrets`: values from AWS Secrets Manager (GetSecretValue per entry, concurrently), each
 * secret; binary secrets as base64 text.
 */
import type { OpenContext, Provider, ProviderResult, Schema } from '../eval/provider.js';
import { fromPlain, type Value } from '../eval/value.js';
import { errorText, scrub } from './errors.js';
import {
  getEntries,
  inputObject,
  loginInput,
  optString,
  reqString,
  readerInputSchema,
} from './inputs.js';
import { resolveRegion, type ResolvedOptions } from './options.js';
import { operationDeadline } from './retry.js';
import { clientConfig, createClient, send, trackEndpoint } from './sdk.js';

export const AWS_SECRETS_INPUT_SCHEMA: Schema = readerInputSchema({
  properties: {
    secretId: { type: 'string', minLength: 1 },
    versionId: { type: 'string' },
    versionStage: { type: 'string' },
  },
  required: ['secretId'],
});

export const AWS_SECRETS_OUTPUT_SCHEMA: Schema = {
  type: 'object',
  additionalProperties: { type: 'string' },
};

interface SecretValue {
  SecretString?: string;
  SecretBinary?: Uint8Array;
}

export function createAwsSecrets(o: ResolvedOptions): Provider {
  return {
    name: 'aws-secrets',
    inputSchema: AWS_SECRETS_INPUT_SCHEMA,
    outputSchema: AWS_SECRETS_OUTPUT_SCHEMA,
    open: async (inputs: Value, ctx: OpenContext): Promise<ProviderResult> => {
      const input = inputObject('aws-secrets', inputs);
      const region = resolveRegion(optString(input, 'region', 'aws-secrets'), o);
      const login = loginInput(input, 'aws-secrets');
      const entries = getEntries(input, 'aws-secrets').map(([name, e]) => {
        const path = `get.${name}`;
        return {
          name,
          secretId: reqString(e, 'secretId', path),
          versionId: optString(e, 'versionId', path),
          versionStage: optString(e, 'versionStage', path),
        };
      });
      const overall = operationDeadline('aws-secrets', o.timeoutMs, ctx.signal);
      const deadline = o.clock.now() + o.timeoutMs;
      try {
        const sm = await import('@aws-sdk/client-secrets-manager');
        const client = createClient(
          () => new sm.SecretsManagerClient(clientConfig(o, region, 'SECRETS_MANAGER', login)),
        );
        const endpoint = trackEndpoint(client);
        const settled = await Promise.allSettled(
          entries.map((e) =>
            send<SecretValue>(
              o,
              client,
              new sm.GetSecretValueCommand({
                SecretId: e.secretId,
                ...(e.versionId ? { VersionId: e.versionId } : {}),
                ...(e.versionStage ? { VersionStage: e.versionStage } : {}),
              }),
              {
                operation: 'Secrets Manager GetSecretValue',
                signal: overall.signal,
                deadline,
                endpoint,
              },
            ),
          ),
        );
        const out: { [key: string]: string } = {};
        const failures: string[] = [];
        settled.forEach((r, i) => {
          const e = entries[i]!;
          if (r.status === 'rejected') {
            failures.push(`get.${e.name} (secret ${e.secretId}): ${errorText(r.reason)}`);
            return;
          }
          const v = r.value;
          if (typeof v.SecretString === 'string') out[e.name] = v.SecretString;
          else if (v.SecretBinary instanceof Uint8Array)
            out[e.name] = Buffer.from(v.SecretBinary).toString('base64');
          else failures.push(`get.${e.name} (secret ${e.secretId}): the secret has no value`);
        });
        if (failures.length > 0) {
          const head =
            failures.length === 1
              ? 'could not read a secret'
              : `could not read ${failures.length} secrets`;
          throw new Error(
            scrub(`${head} from Secrets Manager in ${region}:\n${failures.join('\n')}`, [
              login.secretAccessKey,
              login.sessionToken,
            ]),
          );
        }
        return { value: fromPlain(out, true) };
      } finally {
        overall.dispose();
      }
    },
  };
}
