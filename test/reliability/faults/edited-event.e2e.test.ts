import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startChildServer } from '../../support/child-server';
import { dropAppendOnlyTriggers } from '../../support/raw-sqlite';
import { envFor, eventually, freshDataDir, gql, health, organizationNames, registerOrganizations } from './fault-kit';
import { givenStoppedFolder } from './stopped-folder';

jest.setTimeout(180_000);

/** What someone with the file in hand does: the triggers dropped, an event's data changed, its hash left as it was. */
const editEvent = (dataDir: string, position: number) => {
  const db = new Database(join(dataDir, 'events.sqlite'));
  try {
    dropAppendOnlyTriggers(db);
    const { data } = db.prepare('SELECT data FROM events WHERE position = ?').get(position) as { data: string };
    const edited = { ...JSON.parse(data), name: 'نامی که ثبت نشده بود' };
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify(edited), position);
  } finally {
    db.close();
  }
};

const LEDGER = `query { ledgerHead { position integrity { status verifiedPosition brokenPosition reason brokenSince } }
  verifyIntegrity { ok firstBrokenPosition reason } }`;

const expectBrokenAt = async (url: string, position: number) => {
  const { status, body } = await eventually(() => health(url), (answer) => answer.status === 503);
  expect(status).toBe(503);
  expect(body).toMatchObject({ status: 'event log damaged', integrity: { status: 'BROKEN', brokenPosition: String(position) } });
  expect(body.integrity.reason).toContain(`position ${position} was altered`);
  const { data } = await gql(url, LEDGER, {}, 'AUDITOR');
  expect(data.ledgerHead.integrity).toMatchObject({ status: 'BROKEN', brokenPosition: String(position), brokenSince: expect.any(String) });
  expect(data.verifyIntegrity).toMatchObject({ ok: false, firstBrokenPosition: String(position) });
};

describe('an event edited in events.sqlite while the server was stopped', () => {
  it('is found at start: /healthz 503 "event log damaged", ledgerHead BROKEN at its position, every write still served', async () => {
    const dataDir = freshDataDir();
    try {
      const names = await givenStoppedFolder(dataDir, 5);
      editEvent(dataDir, 2);
      const server = await startChildServer(envFor(dataDir), 60_000, 'answering');
      try {
        await expectBrokenAt(server.url, 2);
        expect(await organizationNames(server.url)).toHaveLength(names.length);
      } finally {
        await server.kill('SIGTERM');
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('an event edited in events.sqlite under a running server', () => {
  it('is found by the next scheduled check (INTEGRITY_CHECK_EVERY), though it had been verified before', async () => {
    const dataDir = freshDataDir();
    try {
      const server = await startChildServer(envFor(dataDir, { INTEGRITY_CHECK_EVERY: '500ms' }));
      try {
        const names = await registerOrganizations(server.url, 'پیش از ویرایش', 5);
        const verified = await eventually(() => health(server.url), ({ body }) => body.integrity?.verifiedPosition === '5' && body.integrity.status === 'INTACT');
        expect(verified.body.integrity).toMatchObject({ status: 'INTACT', verifiedPosition: '5' });

        editEvent(dataDir, 3);
        await expectBrokenAt(server.url, 3);
        expect(await organizationNames(server.url)).toHaveLength(names.length);
      } finally {
        await server.kill('SIGTERM');
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
