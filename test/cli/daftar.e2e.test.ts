import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { developmentSecret } from '../../src/auth/dev-secret';
import { signToken, verifyToken } from '../../src/auth/tokens';
import { openEventStore } from '../../src/eventstore/open-event-store';
import { useTempDir } from '../eventstore/temp-event-log';
import { freePort } from '../support/child-server';
import { ROOT, heavyPackagesIn, runDaftar, runDaftarRecordingModules, spawnDaftar } from './daftar-process';

const dir = useTempDir('daftar-cli-');

const eventsIn = async (dataDir: string) => {
  const store = await openEventStore({ dataDir });
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
};

describe('daftar, the command line', () => {
  it('is the package bin, built from src/cli/daftar.ts, and every npm script for a command runs it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ daftar: 'dist/src/cli/daftar.js' });
    expect(readFileSync(join(ROOT, 'src/cli/daftar.ts'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    for (const command of ['token', 'demo', 'export', 'verify', 'replay'])
      expect(pkg.scripts[command]).toMatch(new RegExp(`node dist/src/cli/daftar\\.js ${command}$`));
  });

  it('lists its commands without loading any of them', () => {
    const help = runDaftarRecordingModules(['--help'], {}, dir.path('help.modules'));
    expect(help.status).toBe(0);
    for (const command of ['serve', 'token', 'demo', 'export', 'verify', 'replay']) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(heavyPackagesIn(help.modules)).toEqual([]);
  });

  it('prints a token signed with the development secret, loading neither GraphQL nor the store', async () => {
    const dataDir = dir.path('token-data');
    const token = runDaftarRecordingModules(
      ['token', '--sub', 'u1', '--name', 'رضا', '--role', 'AUDITOR', 'OVERSIGHT'],
      { DATA_DIR: dataDir },
      dir.path('token.modules'),
    );
    expect(token.stderr).toBe('');
    expect(token.status).toBe(0);
    expect(await verifyToken(token.stdout.trim(), developmentSecret(dataDir))).toEqual({ id: 'u1', name: 'رضا', roles: ['AUDITOR', 'OVERSIGHT'] });
    expect(heavyPackagesIn(token.modules)).toEqual([]);
  });

  it('says which command failed and why, with exit code 1', () => {
    const missing = runDaftar(['verify', dir.path('no-such-export.ndjson')], {});
    expect(missing.stderr).toMatch(/^daftar verify: ENOENT/);
    expect(missing.status).toBe(1);
    const badDate = runDaftar(['replay', '--out', dir.path('replay.json'), '--as-of', 'yesterday'], {});
    expect(badDate.stderr).toContain('not a date-time: yesterday');
    expect(badDate.status).toBe(1);
  });

  describe('on one store', () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = dir.path('demo-data');
    });

    it('records the demo once: run again, it says the demo is already there and records nothing', async () => {
      const first = runDaftar(['demo'], { DATA_DIR: dataDir }, 240_000);
      expect(first.stderr).toMatch(/^demo: recorded 18 organizations, the meeting \S+ with 63 outcomes/m);
      expect(first.status).toBe(0);
      const recorded = await eventsIn(dataDir);
      expect(recorded.length).toBeGreaterThan(100);

      const second = runDaftar(['demo'], { DATA_DIR: dataDir }, 240_000);
      expect(second.stderr).toBe(
        `demo: the Tabriz demo is already in this store (${recorded.length} events recorded by the demo clerk, ` +
          `${recorded[0].recordedAt} to ${recorded.at(-1)!.recordedAt}): nothing was recorded\n`,
      );
      expect(second.status).toBe(0);
      expect(await eventsIn(dataDir)).toEqual(recorded);
    }, 480_000);

    it('exports the log, and verifies the export without loading GraphQL or the store', async () => {
      const file = dir.path('demo.ndjson');
      const exported = runDaftar(['export', '--out', file], { DATA_DIR: dataDir });
      expect(exported.status).toBe(0);
      const head = (await eventsIn(dataDir)).at(-1)!.hash;
      const verified = runDaftarRecordingModules(['verify', file, '--head', head], {}, dir.path('verify.modules'));
      expect(verified.stdout).toMatch(new RegExp(`^VERIFIED: ${file}\n`));
      expect(verified.stdout).toContain(`head: matches the expected ${head}: nothing was cut off the end`);
      expect(verified.status).toBe(0);
      expect(heavyPackagesIn(verified.modules)).toEqual([]);
    }, 120_000);

    it('serves the store over GraphQL, and stops on SIGTERM', async () => {
      const port = await freePort();
      const server = spawnDaftar(['serve'], { DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), NODE_ENV: 'test' });
      let output = '';
      server.stdout!.on('data', (chunk) => (output += chunk));
      server.stderr!.on('data', (chunk) => (output += chunk));
      const exited = once(server, 'exit');
      try {
        const url = `http://127.0.0.1:${port}`;
        for (let healthy = false; !healthy; ) {
          if (server.exitCode !== null) throw new Error(`daftar serve exited with ${server.exitCode}: ${output}`);
          healthy = await fetch(`${url}/healthz`).then((response) => response.ok, () => false);
          if (!healthy) await new Promise((resolve) => setTimeout(resolve, 200));
        }
        const token = await signToken({ sub: 'a1', name: 'حسابرس', roles: ['AUDITOR'] }, developmentSecret(dataDir));
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ meetings { totalCount } }' }),
        });
        expect(await response.json()).toEqual({ data: { meetings: { totalCount: 1 } } });
      } finally {
        server.kill('SIGTERM');
        const [code] = await exited;
        // The output is shown only when the exit code is wrong: it says why.
        expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
      }
    }, 180_000);
  });
});
