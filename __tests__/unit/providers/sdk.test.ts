import { STSClient } from '@aws-sdk/client-sts';
import { resolveClientConfig } from '../../../src/providers/sdk.js';

describe('resolveClientConfig', () => {
  it('calls the first-send providers once each, and only those', () => {
    const calls: string[] = [];
    const provider = (name: string) => () => {
      calls.push(name);
      return Promise.resolve(name);
    };
    resolveClientConfig({
      config: {
        region: provider('region'),
        useFipsEndpoint: provider('useFipsEndpoint'),
        useDualstackEndpoint: provider('useDualstackEndpoint'),
        maxAttempts: provider('maxAttempts'),
        credentials: provider('credentials'),
        defaultUserAgentProvider: provider('defaultUserAgentProvider'),
        retryMode: 'standard',
      },
    });
    expect(calls).toEqual(['region', 'useFipsEndpoint', 'useDualstackEndpoint', 'maxAttempts']);
  });

  it("looks up the shared config files' endpoint only when the client has no endpoint of its own", () => {
    const calls: string[] = [];
    const config = (extra: Record<string, unknown>) => ({
      serviceConfiguredEndpoint: () => {
        calls.push(JSON.stringify(extra));
        return Promise.resolve(undefined);
      },
      ...extra,
    });
    resolveClientConfig({ config: config({ isCustomEndpoint: false }) });
    resolveClientConfig({ config: config({ isCustomEndpoint: true }) });
    resolveClientConfig({ config: config({ ignoreConfiguredEndpointUrls: true }) });
    expect(calls).toEqual(['{"isCustomEndpoint":false}']);
  });

  it('leaves failures to the request: nothing thrown, no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      expect(() =>
        resolveClientConfig({
          config: {
            region: () => {
              throw new Error('no region');
            },
            useFipsEndpoint: () => Promise.reject(new Error('bad flag')),
          },
        }),
      ).not.toThrow();
      expect(() => resolveClientConfig({})).not.toThrow();
      expect(() => resolveClientConfig(undefined)).not.toThrow();
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it('a real client resolves to the values its request uses', async () => {
    const client = new STSClient({
      region: 'eu-west-3',
      maxAttempts: 1,
      credentials: async () => {
        throw new Error('unsigned');
      },
    });
    resolveClientConfig(client);
    await expect(client.config.region()).resolves.toBe('eu-west-3');
    await expect(client.config.maxAttempts()).resolves.toBe(1);
    await expect(client.config.useFipsEndpoint()).resolves.toBe(false);
  });
});
