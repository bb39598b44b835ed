import { ConfigError, loadConfig } from '../src/config';

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
