import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory per test file for real SQLite files, removed with everything in it afterwards. */
export const useTempDir = (prefix = 'daftar-eventstore-'): { path: (name: string) => string } => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return { path: (name) => join(dir, name) };
};
