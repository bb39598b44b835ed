import { ConfigError, loadConfig } from '../src/config';

describe('configuration of the HTTP server', () => {
  it('has timeouts and a connection cap by default', () => {
    expect(loadConfig({})).toMatchObject({
      HTTP_REQUEST_TIMEOUT_MS: 30_000,
      HTTP_HEADERS_TIMEOUT_MS: 10_000,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: 5_000,
      HTTP_MAX_CONNECTIONS: 1_000,
    });
  });

  it('names every value that is not a whole number in range', () => {
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: 'soon', HTTP_MAX_CONNECTIONS: '0' })).toThrow(
      expect.objectContaining({ problems: [expect.stringMatching(/^HTTP_REQUEST_TIMEOUT_MS: /), expect.stringMatching(/^HTTP_MAX_CONNECTIONS: /)] }),
    );
  });

  it('refuses a headers timeout longer than the whole request may take', () => {
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' })).toThrow(ConfigError);
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' })).toThrow(/HTTP_HEADERS_TIMEOUT_MS: 6000 is longer than HTTP_REQUEST_TIMEOUT_MS/);
  });
});
