import { ConfigError, loadConfig } from '../src/config';

describe('EVENTSTORE_CONNECTION_STRING', () => {
  it.each([
    'esdb://localhost:2113?tls=false',
    'esdb+discover://cluster.example:2113',
    'kurrentdb://localhost:2113?tls=false',
    'kurrentdb+discover://cluster.example:2113',
    'postgres://daftar:secret@localhost:5432/ledger',
    'postgresql://daftar@db.example/ledger?sslmode=require',
  ])('accepts %s', (connectionString) => {
    expect(loadConfig({ EVENTSTORE_CONNECTION_STRING: connectionString }).EVENTSTORE_CONNECTION_STRING).toBe(connectionString);
  });

  it.each(['mysql://localhost/ledger', 'localhost:5432', 'http://localhost:2113', 'POSTGRES://localhost/ledger'])('refuses %s, naming the schemes it takes', (connectionString) => {
    const refusal = (() => {
      try {
        loadConfig({ EVENTSTORE_CONNECTION_STRING: connectionString });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as ConfigError).problems).toEqual([
      'EVENTSTORE_CONNECTION_STRING: must start with esdb://, esdb+discover://, kurrentdb:// or kurrentdb+discover:// (EventStoreDB, KurrentDB), or postgres:// or postgresql:// (PostgreSQL)',
    ]);
  });

  it('is optional: without it the embedded SQLite store is used', () => {
    expect(loadConfig({}).EVENTSTORE_CONNECTION_STRING).toBeUndefined();
  });
});

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
