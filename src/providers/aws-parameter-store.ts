/**
 * `aws-parameter-store`: values from SSM Parameter Store through GetParameters, 10 names per
 * request, grouped by the decrypt flag. StringList values become arrays of strings; SecureString
 * values are secret; missing parameters are one clear error naming them.
 */
import type { OpenContext, Provider, ProviderResult, Schema } from '../eval/provider.js';
import { fromPlain, type Value } from '../eval/value.js';
import { errorText, scrub } from './errors.js';
import {
  getEntries,
  inputObject,
  loginInput,
  optBoolean,
  optString,
  reqString,
  readerInputSchema,
} from './inputs.js';
import { resolveRegion, type ResolvedOptions } from './options.js';
import { operationDeadline } from './retry.js';
import { clientConfig, createClient, send, trackEndpoint } from './sdk.js';

export const AWS_PARAMETER_STORE_INPUT_SCHEMA: Schema = readerInputSchema({
  properties: { name: { type: 'string', minLength: 1 }, decrypt: { type: 'boolean' } },
  required: ['name'],
});

export const AWS_PARAMETER_STORE_OUTPUT_SCHEMA: Schema = {
  type: 'object',
  additionalProperties: {
    anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  },
};

/** GetParameters takes at most this many names. */
export const BATCH_SIZE = 10;

export interface ParameterBatch {
  decrypt: boolean;
  names: string[];
}

/** Distinct names grouped by decrypt flag (false first), in batches of at most BATCH_SIZE. */
export function planBatches(
  entries: readonly { name: string; decrypt: boolean }[],
): ParameterBatch[] {
  const batches: ParameterBatch[] = [];
  for (const decrypt of [false, true]) {
    const names = [...new Set(entries.filter((e) => e.decrypt === decrypt).map((e) => e.name))];
    for (let i = 0; i < names.length; i += BATCH_SIZE)
      batches.push({ decrypt, names: names.slice(i, i + BATCH_SIZE) });
  }
  return batches;
}

export interface Parameter {
  Name?: string;
  Type?: string;
  Value?: string;
  Selector?: string;
  ARN?: string;
}

/** Whether a returned parameter answers the requested name (`name`, `name:3`, `name:label` or an ARN). */
export function parameterMatches(requested: string, p: Parameter): boolean {
  const sel = p.Selector ?? '';
  return (
    requested === `${p.Name ?? ''}${sel}` || (p.ARN !== undefined && requested === `${p.ARN}${sel}`)
  );
}

/** The output value of one parameter: StringList as an array, SecureString secret. */
export function parameterValue(p: Parameter): Value {
  const secret = p.Type === 'SecureString';
  const text = p.Value ?? '';
  if (p.Type === 'StringList') return fromPlain(text === '' ? [] : text.split(','), secret);
  return fromPlain(text, secret);
}

export function createAwsParameterStore(o: ResolvedOptions): Provider {
  return {
    name: 'aws-parameter-store',
    inputSchema: AWS_PARAMETER_STORE_INPUT_SCHEMA,
    outputSchema: AWS_PARAMETER_STORE_OUTPUT_SCHEMA,
    open: async (inputs: Value, ctx: OpenContext): Promise<ProviderResult> => {
      const input = inputObject('aws-parameter-store', inputs);
      const region = resolveRegion(optString(input, 'region', 'aws-parameter-store'), o);
      const login = loginInput(input, 'aws-parameter-store');
      const entries = getEntries(input, 'aws-parameter-store').map(([key, e]) => ({
        key,
        name: reqString(e, 'name', `get.${key}`),
        decrypt: optBoolean(e, 'decrypt', `get.${key}`) ?? false,
      }));
      const overall = operationDeadline('aws-parameter-store', o.timeoutMs, ctx.signal);
      const deadline = o.clock.now() + o.timeoutMs;
      const secrets = [login.secretAccessKey, login.sessionToken];
      try {
        const ssm = await import('@aws-sdk/client-ssm');
        const client = createClient(() => new ssm.SSMClient(clientConfig(o, region, 'SSM', login)));
        const endpoint = trackEndpoint(client);
        const batches = planBatches(entries);
        const settled = await Promise.allSettled(
          batches.map((b) =>
            send<{ Parameters?: Parameter[]; InvalidParameters?: string[] }>(
              o,
              client,
              new ssm.GetParametersCommand({ Names: b.names, WithDecryption: b.decrypt }),
              { operation: 'SSM GetParameters', signal: overall.signal, deadline, endpoint },
            ),
          ),
        );
        const found = new Map<string, Parameter>(); // `${decrypt}\0${name}` -> parameter
        const invalid = new Set<string>();
        const failures: string[] = [];
        settled.forEach((r, i) => {
          const b = batches[i]!;
          if (r.status === 'rejected') {
            failures.push(`${b.names.join(', ')}: ${errorText(r.reason)}`);
            return;
          }
          for (const n of r.value.InvalidParameters ?? []) invalid.add(n);
          for (const name of b.names) {
            const p = (r.value.Parameters ?? []).find((q) => parameterMatches(name, q));
            if (p) found.set(`${b.decrypt}\0${name}`, p);
          }
        });
        if (failures.length > 0) {
          throw new Error(
            scrub(
              `could not read parameters from SSM Parameter Store in ${region}:\n${failures.join('\n')}`,
              secrets,
            ),
          );
        }
        const out = new Map<string, Value>();
        const missing: string[] = [];
        for (const e of entries) {
          const p = found.get(`${e.decrypt}\0${e.name}`);
          if (!p || invalid.has(e.name)) missing.push(`${e.name} (get.${e.key})`);
          else out.set(e.key, parameterValue(p));
        }
        if (missing.length > 0) {
          throw new Error(
            `${missing.length === 1 ? 'Parameter' : 'Parameters'} not found in SSM Parameter Store in ${region}: ` +
              `${missing.join(', ')}. Check the names (and versions or labels), the region, and that the role may ` +
              'ssm:GetParameters on them.',
          );
        }
        return { value: { repr: out, secret: false, unknown: false } };
      } finally {
        overall.dispose();
      }
    },
  };
}
