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

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('INTEGRITY_CHECK_EVERY', () => {
  it('is a minute unless set', () => expect(loadConfig({}).INTEGRITY_CHECK_EVERY).toBe(60_000));

  it('reads a whole number with a unit as milliseconds', () => {
    expect(['500ms', '30s', '5m', '2h'].map((every) => loadConfig({ INTEGRITY_CHECK_EVERY: every }).INTEGRITY_CHECK_EVERY)).toEqual([
      500, 30_000, 300_000, 7_200_000,
    ]);
  });

  it('refuses anything else, naming the variable and what it must be', () => {
    for (const every of ['5', '5 minutes', '1.5m', '-1s', 'soon'])
      expect(problemsOf({ INTEGRITY_CHECK_EVERY: every })).toEqual([
        'INTEGRITY_CHECK_EVERY: must be a duration: a whole number and a unit, ms, s, m or h (e.g. 30s, 5m, 1h)',
      ]);
    expect(problemsOf({ INTEGRITY_CHECK_EVERY: '50ms' })).toEqual(['INTEGRITY_CHECK_EVERY: must be at least 100 ms']);
  });
});

describe('CONSOLE', () => {
  it('is on unless set', () => expect(loadConfig({}).CONSOLE).toBe(true));

  it('reads true/false and 1/0', () => {
    expect(['true', 'false', '1', '0'].map((value) => loadConfig({ CONSOLE: value }).CONSOLE)).toEqual([true, false, true, false]);
  });

  it('refuses anything else, naming the variable', () => {
    expect(problemsOf({ CONSOLE: 'off' })).toEqual([expect.stringMatching(/^CONSOLE: /)]);
  });
});
