/**
 * Warming an AWS SDK client while something else is awaited. A client's first request is several
 * times slower than its next: V8 compiles the request pipeline's functions on first call, the
 * endpoint rules are evaluated, the serialiser's and the XML parser's tables are built. aws-login
 * pays that after the OIDC token arrives unless the pipeline already ran once: `warmUp` runs a
 * command through all of it (our middleware included) with a canned answer in place of the
 * network, while the token is still on its way.
 */

/** What a service would answer (status, headers, body), for `warmUp`. */
export interface CannedAnswer {
  statusCode: number;
  headers: Readonly<Record<string, string>>;
  body: string;
}

interface StackCommand {
  middlewareStack: {
    add(
      mw: (next: unknown) => (args: unknown) => Promise<unknown>,
      options: { step: 'deserialize'; name: string; priority: 'low' },
    ): void;
  };
}

/**
 * Sends `command` through `client` with `answer` given by the innermost step instead of the
 * HTTP handler: middleware resolution, endpoint rules, serialisation, the client's own
 * middleware and the deserialisation of `answer` all run; nothing is sent. The command must be
 * one made for this purpose (the step is added to it, not to the client). Resolves to the output
 * the SDK made of `answer` (for tests: callers throw it away), or undefined when the pipeline
 * failed. Never throws: a failure here is left for the real request to meet and report.
 */
export async function warmUp(
  client: unknown,
  command: unknown,
  answer: CannedAnswer,
): Promise<unknown> {
  try {
    (command as StackCommand).middlewareStack.add(
      // The innermost step of the last step: it wraps the HTTP handler and never calls it.
      () => async () => ({
        response: {
          statusCode: answer.statusCode,
          headers: { ...answer.headers },
          body: new TextEncoder().encode(answer.body),
        },
      }),
      { step: 'deserialize', name: 'escActionWarmUp', priority: 'low' },
    );
    return await (client as { send(c: unknown): Promise<unknown> }).send(command);
  } catch {
    // The real request reports whatever this met.
    return undefined;
  }
}

/**
 * `() => true` once `p` has settled (fulfilled or rejected). Lets a caller skip warming when
 * what it waits for is already there (then the warm-up would only add work).
 */
export function settledFlag(p: Promise<unknown>): () => boolean {
  let settled = false;
  const done = (): void => {
    settled = true;
  };
  p.then(done, done);
  return () => settled;
}

/**
 * An AssumeRoleWithWebIdentity answer shaped as STS sends it, with placeholder values that never
 * leave `warmUp` (its result is thrown away).
 */
export const STS_WEB_IDENTITY_ANSWER: CannedAnswer = {
  statusCode: 200,
  headers: { 'content-type': 'text/xml' },
  body: [
    '<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
    '<AssumeRoleWithWebIdentityResult>',
    '<SubjectFromWebIdentityToken>warm-up</SubjectFromWebIdentityToken>',
    '<Audience>warm-up</Audience>',
    '<AssumedRoleUser>',
    '<Arn>arn:aws:sts::000000000000:assumed-role/warm-up/warm-up</Arn>',
    '<AssumedRoleId>AROAWARMUP:warm-up</AssumedRoleId>',
    '</AssumedRoleUser>',
    '<Credentials>',
    '<SessionToken>warm-up</SessionToken>',
    '<SecretAccessKey>warm-up</SecretAccessKey>',
    '<Expiration>2000-01-01T00:00:00Z</Expiration>',
    '<AccessKeyId>ASIAWARMUP</AccessKeyId>',
    '</Credentials>',
    '<Provider>warm-up</Provider>',
    '</AssumeRoleWithWebIdentityResult>',
    '<ResponseMetadata><RequestId>warm-up</RequestId></ResponseMetadata>',
    '</AssumeRoleWithWebIdentityResponse>',
  ].join(''),
};
