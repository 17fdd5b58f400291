/**
 * The interface of aws-actions/configure-aws-credentials v6 (its action.yml at the commit read on
 * 2026-12-02, plus the output `authenticated-arn` its code sets without declaring it): every name
 * the README's migration table must account for.
 */
export const CAC_INPUTS = [
  'aws-region',
  'aws-profile',
  'overwrite-aws-profile',
  'role-to-assume',
  'aws-access-key-id',
  'aws-secret-access-key',
  'aws-session-token',
  'web-identity-token-file',
  'role-chaining',
  'audience',
  'http-proxy',
  'no-proxy',
  'mask-aws-account-id',
  'role-duration-seconds',
  'role-external-id',
  'role-session-name',
  'role-skip-session-tagging',
  'transitive-tag-keys',
  'inline-session-policy',
  'managed-session-policies',
  'output-credentials',
  'output-env-credentials',
  'unset-current-credentials',
  'disable-retry',
  'retry-max-attempts',
  'special-characters-workaround',
  'use-existing-credentials',
  'allowed-account-ids',
  'force-skip-oidc',
  'action-timeout-s',
  'custom-tags',
  'sts-endpoint',
] as const;

export const CAC_OUTPUTS = [
  'aws-account-id',
  'aws-access-key-id',
  'aws-secret-access-key',
  'aws-session-token',
  'aws-expiration',
  'authenticated-arn',
] as const;
