import { bypassesProxy, normalizeHost, parseNoProxy } from '../../../src/providers/no-proxy.js';

const bypasses = (noProxy: string, host: string, port = 443) =>
  bypassesProxy(parseNoProxy(noProxy), host, port);

describe('NO_PROXY', () => {
  test.each([
    // A name: the host itself and every host below it, never a mere suffix.
    ['example.com', 'example.com', true],
    ['example.com', 'api.example.com', true],
    ['example.com', 'a.b.example.com', true],
    ['example.com', 'badexample.com', false],
    ['example.com', 'example.com.evil.net', false],
    ['.example.com', 'api.example.com', true],
    ['.example.com', 'example.com', true],
    ['*.example.com', 'api.example.com', true],
    ['*.example.com', 'example.com', true],
    ['sts.amazonaws.com', 'sts.us-east-1.amazonaws.com', false],
    ['.amazonaws.com', 'sts.us-east-1.amazonaws.com', true],
    // Case and a trailing dot do not matter.
    ['Example.COM', 'API.example.com', true],
    ['example.com.', 'api.example.com.', true],
    // Everything.
    ['*', 'anything.example', true],
    ['foo.test, *', '10.0.0.1', true],
    // Addresses and blocks, IPv4 and IPv6, matched literally (no DNS).
    ['127.0.0.1', '127.0.0.1', true],
    ['127.0.0.1', '127.0.0.2', false],
    ['127.0.0.1', 'localhost', false],
    ['localhost', '127.0.0.1', false],
    ['localhost', 'localhost', true],
    ['10.0.0.0/8', '10.200.3.4', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['169.254.169.254', '169.254.169.254', true],
    ['::1', '::1', true],
    ['::1', '[::1]', true],
    ['[::1]', '0:0:0:0:0:0:0:1', true],
    ['fd00::/8', 'fd12:3456::1', true],
    ['fd00::/8', 'fe80::1', false],
    // An address entry never matches a name by its digits, nor a name entry an address.
    ['0.0.1', '10.0.0.1', false],
    ['1', '10.0.0.1', false],
    // Lists: commas and whitespace, empty entries ignored.
    ['foo.test,,bar.test', 'bar.test', true],
    [' foo.test  bar.test ', 'bar.test', true],
    ['foo.test\nbar.test', 'x.bar.test', true],
    // Loopback is not exempt unless listed.
    ['', '127.0.0.1', false],
    ['example.com', '127.0.0.1', false],
    // Entries that cannot be read are ignored, the others still apply.
    ['10.0.0.0/33, bar.test', '10.0.0.1', false],
    ['ex*ample.com, bar.test', 'bar.test', true],
    ['host:notaport, bar.test', 'host', false],
  ])('%j vs %s → %s', (noProxy, host, expected) => {
    expect(bypasses(noProxy, host)).toBe(expected);
  });

  test.each([
    ['example.com:8443', 'api.example.com', 8443, true],
    ['example.com:8443', 'api.example.com', 443, false],
    ['127.0.0.1:4000', '127.0.0.1', 4000, true],
    ['127.0.0.1:4000', '127.0.0.1', 4001, false],
    ['[::1]:8080', '::1', 8080, true],
    ['[::1]:8080', '::1', 80, false],
    ['10.0.0.0/8:443', '10.1.1.1', 443, true],
    ['example.com:0', 'example.com', 443, false],
    ['example.com:70000', 'example.com', 443, false],
  ])('%j vs %s:%d → %s', (noProxy, host, port, expected) => {
    expect(bypasses(noProxy, host, port)).toBe(expected);
  });

  it('normalizes the host a request goes to', () => {
    expect(normalizeHost('[FD00::1]')).toBe('fd00::1');
    expect(normalizeHost('Api.Example.com.')).toBe('api.example.com');
  });

  it('reads each kind of entry into a rule', () => {
    expect(parseNoProxy('*, a.test:81, .b.test, 10.0.0.0/8, ::1').map((r) => r.kind)).toEqual([
      'all',
      'name',
      'name',
      'ip',
      'ip',
    ]);
    expect(parseNoProxy('a.test:81')).toEqual([{ kind: 'name', name: 'a.test', port: 81 }]);
    expect(parseNoProxy(' , ,')).toEqual([]);
  });
});
