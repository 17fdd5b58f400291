// esc-action stand-in for @actions/http-client (see scripts/stubs/README.md).
const fail = (what) => {
  throw new Error(
    `internal error: esc-action does not bundle @actions/http-client (${what} was called); ` +
      'the OIDC token is requested by src/providers/token.ts',
  );
};
export class HttpClient {
  constructor() {
    fail('new HttpClient');
  }
}
export const HttpCodes = {};
export const Headers = {};
export const MediaTypes = {};
export class HttpClientError extends Error {}
export class HttpClientResponse {
  constructor() {
    fail('new HttpClientResponse');
  }
}
export const isHttps = () => fail('isHttps');
export const getProxyUrl = () => fail('getProxyUrl');
