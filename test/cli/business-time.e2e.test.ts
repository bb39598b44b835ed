import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toOrganization } from '../../src/organizations/organization.types';
import { mutationText } from '../support/graphql-helpers';
import { startTestServer, type TestServer } from '../support/test-server';
import { runDaftar } from './daftar-process';

const REGISTER = mutationText('registerOrganization', 'organization { id }');
const RENAME = mutationText('renameOrganization', 'position');

/**
 * The command line on business time: events recorded today (one after another) that happened in
 * 1395, in 1397 and in 1395 again, as a clerk enters an old file.
 */
describe('daftar export and replay on business time', () => {
  let server: TestServer;
  let tabriz: string;
  let ardabil: string;

  beforeAll(async () => {
    server = await startTestServer();
    tabriz = (await server.ok(REGISTER, { input: { kind: 'PROVINCE', name: 'تبریز', occurredAt: '1395/02/10 09:00' } })).registerOrganization.organization.id;
    await server.ok(RENAME, { input: { organizationId: tabriz, name: 'استان آذربایجان شرقی', occurredAt: '1397/05/01' } });
    ardabil = (await server.ok(REGISTER, { input: { kind: 'PROVINCE', name: 'اردبیل', occurredAt: '1395/11/20 16:00' } })).registerOrganization.organization.id;
    await server.ok(RENAME, { input: { organizationId: ardabil, name: 'استان اردبیل', occurredAt: '1395/12/01' } });
  });
  afterAll(() => server.stop());

  const exported = (file: string) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { position: string; type: string; metadata: { occurredAt: string } });

  it('exports what happened in a range, Solar Hijri or ISO, whenever it was recorded', () => {
    const file = join(server.dataDir, 'year-1395.ndjson');
    const result = runDaftar(['export', '--occurred-from', '۱۳۹۵/۰۱/۰۱', '--occurred-to', '1395/12/30 23:59:59', '--out', file], { DATA_DIR: server.dataDir });
    expect(result.stderr).toContain('exported 3 events');
    expect(result.stderr).toContain('filtered export');
    expect(result.status).toBe(0);
    expect(exported(file).map((event) => [event.position, event.type])).toEqual([
      ['1', 'OrganizationRegistered'],
      ['3', 'OrganizationRegistered'],
      ['4', 'OrganizationRenamed'],
    ]);

    const iso = join(server.dataDir, 'since-1397.ndjson');
    expect(runDaftar(['export', '--occurred-from', '2018-03-21T00:00:00+03:30', '--out', iso], { DATA_DIR: server.dataDir }).status).toBe(0);
    expect(exported(iso).map((event) => event.metadata.occurredAt)).toEqual(['2018-07-22T19:30:00.000Z']);
  });

  it('refuses a business time that is not a date, naming the option', () => {
    const result = runDaftar(['export', '--occurred-to', '1395/12/31'], { DATA_DIR: server.dataDir });
    expect(result.stderr).toMatch(/option '--occurred-to <date>' argument '1395\/12\/31' is invalid\. "1395\/12\/31": month 12 of 1395 has 30 days/);
    expect(result.status).toBe(1);
  });

  it('replays every read model as what had happened by a business time describes it, as recorded now', async () => {
    const out = join(server.dataDir, 'happened-by-1395.json');
    const result = runDaftar(['replay', '--occurred-until', '1395/12/30 23:59:59', '--out', out], { DATA_DIR: server.dataDir });
    expect(result.stderr).toContain('replayed to position 4 (what had happened by 2017-03-20T20:29:59.000Z)');
    expect(result.status).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file).toMatchObject({ asOf: null, occurredUntil: '2017-03-20T20:29:59.000Z', position: '4' });
    const names = Object.fromEntries(file.collections.organizations.map(toOrganization).map((organization: any) => [organization.id, organization.name]));
    // Tabriz's renaming happened in 1397: not yet; Ardabil's happened in 1395.
    expect(names).toEqual({ [tabriz]: 'تبریز', [ardabil]: 'استان اردبیل' });

    const before = join(server.dataDir, 'happened-by-1395-02.json');
    expect(runDaftar(['replay', '--occurred-until', '1395/02/09', '--out', before], { DATA_DIR: server.dataDir }).status).toBe(0);
    expect(JSON.parse(readFileSync(before, 'utf8')).collections.organizations).toEqual([]);
  });

  it('replays what had happened by then as recorded at an earlier position', () => {
    const out = join(server.dataDir, 'happened-by-1395-recorded-at-3.json');
    const result = runDaftar(['replay', '--occurred-until', '1395/12/30 23:59:59', '--at-position', '3', '--out', out], { DATA_DIR: server.dataDir });
    expect(result.status).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.position).toBe('3');
    const names = file.collections.organizations.map((doc: any) => toOrganization(doc).name).sort();
    expect(names).toEqual(['اردبیل', 'تبریز']);
  });
});
