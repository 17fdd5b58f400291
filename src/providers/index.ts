/**
 * The AWS providers, ready for the evaluator: `aws-login`, `aws-assume-role` (an esc-action
 * extension), `aws-secrets`, `aws-parameter-store`.
 * Nothing from the AWS SDK is loaded until a provider is opened.
 */
import type { Provider } from '../eval/provider.js';
import { createAwsAssumeRole } from './aws-assume-role.js';
import { createAwsLogin } from './aws-login.js';
import { createAwsParameterStore } from './aws-parameter-store.js';
import { createAwsSecrets } from './aws-secrets.js';
import { resolveOptions, type AwsProviderOptions } from './options.js';

export type { AwsProviderOptions } from './options.js';
export { createTokenSource, type TokenSource, type TokenSourceOptions } from './token.js';

export function createAwsProviders(options: AwsProviderOptions): ReadonlyMap<string, Provider> {
  const o = resolveOptions(options);
  const providers = [
    createAwsLogin(o),
    createAwsAssumeRole(o),
    createAwsSecrets(o),
    createAwsParameterStore(o),
  ];
  return new Map(providers.map((p) => [p.name, p]));
}
