// The token request src/index.ts sends before the rest of the action loads, as a runner runs
// dist/index.js: a request that no token source takes (the file names aws-login only in a comment)
// never holds the step, even when the token endpoint accepts the connection and never answers.
import { jest } from '@jest/globals';
import {
  makeWorkspace,
  resolveEntry,
  runAction,
  startBlackhole,
  type Blackhole,
} from '../../scripts/stack/index.mjs';

jest.setTimeout(60_000);

let endpoint: Blackhole;
beforeAll(async () => {
  endpoint = await startBlackhole();
});
afterAll(async () => endpoint?.stop());

describe('the early token request', () => {
  test('is sent, and when nothing takes it the step ends without waiting for its answer', async () => {
    const workspace = makeWorkspace({
      '.esc/plain.yaml': [
        '# Credentials come later, from fn::open::aws-login in another environment.',
        'values:',
        '  environmentVariables:',
        '    STAGE: plain',
        '',
      ].join('\n'),
    });
    const before = endpoint.connections();
    const r = await runAction({
      entry: resolveEntry('dist/index.js'),
      inputs: { environment: 'plain' },
      workspace,
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${endpoint.url}/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-bearer',
      },
      timeoutMs: 30_000,
    });
    // The request did go out early (the file mentions aws-login)...
    expect(endpoint.connections()).toBeGreaterThan(before);
    // ...and the step finished on its own, with the environment exported, instead of being
    // killed by the harness while the silent endpoint held the process open.
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(0);
    expect(r.githubEnv['STAGE']).toBe('plain');
  });
});
