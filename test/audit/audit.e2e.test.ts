import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../support/test-server';
import { PERSIAN_DATE_TIME, UNKNOWN_ID } from '../support/graphql-helpers';
import { SQLITE_EVENT_LOG_FILE } from '../../src/eventstore/open-event-store';
import { subscribe } from './live-subscriber';
import { dropAppendOnlyTriggers } from '../support/raw-sqlite';

const EVENT_FIELDS = `eventId entityType entityId type revision position recordedAt recordedAtJalali occurredAtJalali actor { id name role }
  changes { path before after }`;

const REGISTER = `mutation ($input: RegisterOrganizationInput!) {
  registerOrganization(input: $input) { organization { id createdAtJalali } events { position recordedAt } position } }`;
const RENAME = `mutation ($input: RenameOrganizationInput!) {
  renameOrganization(input: $input) { organization { name } events { position recordedAt } position } }`;
const DEFINE_GROUP = `mutation ($input: DefineRegionalGroupInput!) {
  defineRegionalGroup(input: $input) { regionalGroup { id createdAtJalali } position } }`;
const HISTORY = `query ($id: ID!, $first: Int, $after: String) {
  history(entityId: $id, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${EVENT_FIELDS} } } } }`;
const AUDIT_LOG = `query ($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { type position actor { id } entityType entityId } } } }`;
const DIFF = `query ($id: ID!, $from: DateTime!, $to: DateTime!) { diff(entityId: $id, from: $from, to: $to) { path before after } }`;
const VERIFY = `query ($head: ExpectedHeadInput) {
  verifyIntegrity(expectedHead: $head) { ok checkedEvents firstBrokenPosition headPosition headHash reason expectedHeadFound } }`;
const LEDGER_HEAD = `query { ledgerHead { position hash recordedAt recordedAtJalali } }`;
const EVENTS = `subscription ($filter: EventsFilter) { events(filter: $filter) { type position entityId actor { id } changes { path before after } } }`;


describe('audit over GraphQL: history, audit log, diff, integrity, live events', () => {
  let server: TestServer;
  let tokens: { first: string; second: string; third: string };
  let organizationId: string;
  let provinceId: string;
  let groupId: string;
  const steps: { position: string; recordedAt: string }[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    tokens = {
      first: await server.tokenFor('clerk-a', 'منشی الف', ['CLERK']),
      second: await server.tokenFor('clerk-b', 'منشی ب', ['CLERK']),
      third: await server.tokenFor('admin-c', 'مدیر ج', ['ADMIN']),
    };
    // One organization changed by three actors in turn, and a regional group beside it.
    const registered = await server.ok(REGISTER, { input: { kind: 'MINISTRY', name: 'وزارت كشور', nameEn: 'Ministry' } }, tokens.first);
    organizationId = registered.registerOrganization.organization.id;
    steps.push(registered.registerOrganization.events[0]);
    const renamed = await server.ok(RENAME, { input: { organizationId, name: 'وزارت کشور', reason: 'ی و ک فارسی' } }, tokens.second);
    steps.push(renamed.renameOrganization.events[0]);
    const renamedAgain = await server.ok(RENAME, { input: { organizationId, name: 'وزارت کشور ج.ا.ا', nameEn: 'Ministry of Interior' } }, tokens.third);
    steps.push(renamedAgain.renameOrganization.events[0]);
    const province = await server.ok(REGISTER, { input: { kind: 'PROVINCE', name: 'آذربایجان شرقی' } }, tokens.first);
    provinceId = province.registerOrganization.organization.id;
    const group = await server.ok(DEFINE_GROUP, { input: { name: 'گروه ۱', number: 1, provinceIds: [provinceId], missionIds: [] } }, tokens.first);
    groupId = group.defineRegionalGroup.regionalGroup.id;
  });
  afterAll(() => server.stop());

  describe('history', () => {
    it("lists an entity's events oldest first, each with its actor and the fields it changed", async () => {
      const { history } = await server.ok(HISTORY, { id: organizationId }, server.tokens.AUDITOR);
      expect(history.totalCount).toBe(3);
      const [registered, renamed, renamedAgain] = history.edges.map((edge: any) => edge.node);
      expect([registered.actor.id, renamed.actor.id, renamedAgain.actor.id]).toEqual(['clerk-a', 'clerk-b', 'admin-c']);
      expect(registered).toMatchObject({ type: 'OrganizationRegistered', entityType: 'organization', entityId: organizationId, revision: 0 });
      expect(registered.changes).toEqual(
        expect.arrayContaining([
          { path: 'name', before: null, after: 'وزارت كشور' },
          { path: 'kind', before: null, after: 'MINISTRY' },
          { path: 'status', before: null, after: 'ACTIVE' },
        ]),
      );
      expect(renamed.changes).toEqual([{ path: 'name', before: 'وزارت كشور', after: 'وزارت کشور' }]);
      expect(renamedAgain.changes).toEqual([
        { path: 'name', before: 'وزارت کشور', after: 'وزارت کشور ج.ا.ا' },
        { path: 'nameEn', before: 'Ministry', after: 'Ministry of Interior' },
      ]);
      expect(renamed.recordedAtJalali).toMatch(PERSIAN_DATE_TIME);
      expect(renamed.occurredAtJalali).toMatch(PERSIAN_DATE_TIME);
    });

    it('pages with first/after', async () => {
      const first = await server.ok(HISTORY, { id: organizationId, first: 2 }, server.tokens.AUDITOR);
      expect(first.history.edges.map((edge: any) => edge.node.revision)).toEqual([0, 1]);
      expect(first.history.pageInfo.hasNextPage).toBe(true);
      const rest = await server.ok(HISTORY, { id: organizationId, first: 2, after: first.history.pageInfo.endCursor }, server.tokens.AUDITOR);
      expect(rest.history.edges.map((edge: any) => edge.node.revision)).toEqual([2]);
      // Changes of a later page still compare with the event before it, which is not on the page.
      expect(rest.history.edges[0].node.changes[0]).toEqual({ path: 'name', before: 'وزارت کشور', after: 'وزارت کشور ج.ا.ا' });
    });

    it('finds any kind of entity by its id alone, and answers NOT_FOUND for an unknown one', async () => {
      const { history } = await server.ok(HISTORY, { id: groupId }, server.tokens.AUDITOR);
      expect(history.edges[0].node).toMatchObject({ type: 'RegionalGroupDefined', entityType: 'regionalGroup' });
      expect(history.edges[0].node.changes).toEqual(expect.arrayContaining([{ path: 'provinceIds[0]', before: null, after: provinceId }]));
      const missing = await server.gql(HISTORY, { id: UNKNOWN_ID }, server.tokens.AUDITOR);
      expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
    });
  });

  describe('audit log', () => {
    const auditLog = async (filter: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      (await server.ok(AUDIT_LOG, { filter, ...extra }, server.tokens.AUDITOR)).auditLog;

    it('filters by actor', async () => {
      const log = await auditLog({ actorId: 'clerk-b' });
      expect(log.edges.map((edge: any) => edge.node)).toEqual([
        { type: 'OrganizationRenamed', position: steps[1].position, actor: { id: 'clerk-b' }, entityType: 'organization', entityId: organizationId },
      ]);
    });

    it('filters by entity type, by its GraphQL name too', async () => {
      const organizations = await auditLog({ entityType: 'organization' });
      expect(organizations.totalCount).toBe(4);
      const groups = await auditLog({ entityType: 'RegionalGroup' });
      expect(groups.edges.map((edge: any) => edge.node.entityId)).toEqual([groupId]);
    });

    it('counts the filtered events when the query asks for totalCount, through a fragment too, and pages alike when it does not', async () => {
      const viaFragment = await server.ok(
        `query ($filter: AuditLogFilter) { auditLog(filter: $filter, first: 2) { ...Counted edges { node { position } } } }
         fragment Counted on EventConnection { total: totalCount }`,
        { filter: { entityType: 'organization' } },
        server.tokens.AUDITOR,
      );
      expect(viaFragment.auditLog.total).toBe(4);
      const uncounted = await server.ok(
        `query ($filter: AuditLogFilter) { auditLog(filter: $filter, first: 2) { pageInfo { hasNextPage } edges { node { position } } } }`,
        { filter: { entityType: 'organization' } },
        server.tokens.AUDITOR,
      );
      expect(uncounted.auditLog.edges).toEqual(viaFragment.auditLog.edges);
      expect(uncounted.auditLog.pageInfo.hasNextPage).toBe(true);
    });

    it('filters by event types, by entity and by time', async () => {
      const renames = await auditLog({ types: ['OrganizationRenamed'], entityId: organizationId });
      expect(renames.edges.map((edge: any) => edge.node.position)).toEqual([steps[1].position, steps[2].position]);
      const since = await auditLog({ entityId: organizationId, from: steps[1].recordedAt });
      expect(since.edges.map((edge: any) => edge.node.position)).toEqual(
        [steps[1], steps[2]].filter((step) => step.recordedAt >= steps[1].recordedAt).map((step) => step.position),
      );
      const after = await auditLog({ entityId: organizationId, fromPosition: steps[0].position });
      expect(after.edges.map((edge: any) => edge.node.position)).toEqual([steps[1].position, steps[2].position]);
    });

    it('pages by position cursors and refuses a page larger than the cap', async () => {
      const first = await auditLog({}, { first: 2 });
      expect(first.pageInfo).toMatchObject({ hasNextPage: true, endCursor: first.edges[1].node.position });
      const next = await auditLog({}, { first: 2, after: first.pageInfo.endCursor });
      expect(next.edges[0].node.position).not.toBe(first.edges[1].node.position);
      const tooMany = await server.gql(AUDIT_LOG, { first: 501 }, server.tokens.AUDITOR);
      expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'first' })] });
      const badCursor = await server.gql(AUDIT_LOG, { after: 'not-a-position' }, server.tokens.AUDITOR);
      expect(badCursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'after' })] });
    });
  });

  describe('diff', () => {
    it('gives the fields that changed between the state recorded at two times', async () => {
      const { diff } = await server.ok(DIFF, { id: organizationId, from: steps[0].recordedAt, to: steps[2].recordedAt }, server.tokens.AUDITOR);
      expect(diff).toEqual([
        { path: 'name', before: 'وزارت كشور', after: 'وزارت کشور ج.ا.ا' },
        { path: 'nameEn', before: 'Ministry', after: 'Ministry of Interior' },
      ]);
    });

    it('shows the whole entity appearing when `from` is before it existed', async () => {
      const { diff } = await server.ok(DIFF, { id: organizationId, from: '2000-01-01T00:00:00Z', to: steps[0].recordedAt }, server.tokens.AUDITOR);
      expect(diff).toEqual(expect.arrayContaining([{ path: 'name', before: null, after: 'وزارت كشور' }]));
    });

    it('refuses `to` before `from`', async () => {
      const result = await server.gql(DIFF, { id: organizationId, from: steps[2].recordedAt, to: steps[0].recordedAt }, server.tokens.AUDITOR);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'to', message: expect.any(String) }] });
    });
  });

  describe('Jalali dates', () => {
    it('gives every date of an organization and a regional group in the Solar Hijri calendar too', async () => {
      const { organization, regionalGroup } = await server.ok(
        `query ($o: ID!, $g: ID!) { organization(id: $o) { createdAtJalali updatedAtJalali dissolvedAtJalali } regionalGroup(id: $g) { createdAtJalali updatedAtJalali } }`,
        { o: organizationId, g: groupId },
      );
      expect(organization.createdAtJalali).toMatch(PERSIAN_DATE_TIME);
      expect(organization.updatedAtJalali).toMatch(PERSIAN_DATE_TIME);
      expect(organization.dissolvedAtJalali).toBeNull();
      expect(regionalGroup.createdAtJalali).toMatch(PERSIAN_DATE_TIME);
    });
  });

  describe('live events', () => {
    it('refuses a connection without a token', async () => {
      const anonymous = subscribe(server.url, null, EVENTS);
      await expect(anonymous.next()).rejects.toMatchObject({ code: 4403 });
      await anonymous.close();
    });

    it('sends the next appended event to any signed-in role, with its changes', async () => {
      const auditor = subscribe(server.url, server.tokens.AUDITOR, EVENTS, { filter: { entityId: organizationId } });
      try {
        // The subscription starts listening when the server has handled it: rename until the first event arrives.
        let received: any = null;
        const renames: string[] = [];
        for (let attempt = 0; attempt < 20 && !received; attempt++) {
          const { renameOrganization } = await server.ok(RENAME, { input: { organizationId, name: `وزارت کشور ${attempt}` } });
          renames.push(renameOrganization.position);
          received = await auditor.next(500).catch(() => null);
        }
        expect(received?.data.events).toMatchObject({ type: 'OrganizationRenamed', entityId: organizationId, actor: { id: 'clerk-1' } });
        expect(renames).toContain(received.data.events.position);
        expect(received.data.events.changes).toEqual([expect.objectContaining({ path: 'name' })]);
        const { renameOrganization } = await server.ok(RENAME, { input: { organizationId, name: 'وزارت کشور' } });
        expect((await auditor.next()).data.events).toMatchObject({ position: renameOrganization.position, changes: [{ path: 'name', before: expect.any(String), after: 'وزارت کشور' }] });
      } finally {
        await auditor.close();
      }
    });

    it('catches up from a position, then goes on live, honouring the filter, without gaps or duplicates', async () => {
      const { ledgerHead: start } = await server.ok(LEDGER_HEAD, {}, server.tokens.AUDITOR);
      const stored = await server.ok(RENAME, { input: { organizationId, name: 'وزارت کشور (قبل)' } });
      await server.ok(REGISTER, { input: { kind: 'OTHER', name: 'بیرون از فیلتر' } });
      const subscriber = subscribe(server.url, server.tokens.CLERK, EVENTS, {
        filter: { entityType: 'organization', types: ['OrganizationRenamed'], fromPosition: start.position },
      });
      try {
        expect((await subscriber.next()).data.events.position).toBe(stored.renameOrganization.position);
        const live = await server.ok(RENAME, { input: { organizationId, name: 'وزارت کشور (بعد)' } });
        await server.ok(DEFINE_GROUP, { input: { name: 'گروه ۲', provinceIds: [provinceId], missionIds: [] } });
        const last = await server.ok(RENAME, { input: { organizationId, name: 'وزارت کشور' } });
        expect((await subscriber.next()).data.events.position).toBe(live.renameOrganization.position);
        expect((await subscriber.next()).data.events.position).toBe(last.renameOrganization.position);
        expect(subscriber.pending()).toEqual([]);
      } finally {
        await subscriber.close();
      }
    });

    it('holds the abuse limits over WebSocket too', async () => {
      const aliases = Array.from({ length: 16 }, (_, index) => `p${index}: position`).join(' ');
      const subscriber = subscribe(server.url, server.tokens.CLERK, `subscription { events { ${aliases} } }`);
      try {
        await expect(subscriber.next()).rejects.toEqual([expect.objectContaining({ extensions: { code: 'TOO_MANY_ALIASES' } })]);
      } finally {
        await subscriber.close();
      }
    });

    it('refuses a malformed fromPosition with BAD_USER_INPUT', async () => {
      const subscriber = subscribe(server.url, server.tokens.CLERK, EVENTS, { filter: { fromPosition: 'yesterday' } });
      try {
        const result = await subscriber.next();
        expect(result.data).toBeFalsy();
        expect(result.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'fromPosition', message: expect.any(String) }] });
      } finally {
        await subscriber.close();
      }
    });
  });

  describe('integrity', () => {
    it('verifies the untouched log, then finds a changed byte at its position after a restart on the same data', async () => {
      const { ledgerHead: head } = await server.ok(LEDGER_HEAD, {}, server.tokens.AUDITOR);
      expect(head.recordedAtJalali).toMatch(PERSIAN_DATE_TIME);
      const whole = await server.ok(VERIFY, { head: { position: head.position, hash: head.hash } }, server.tokens.AUDITOR);
      expect(whole.verifyIntegrity).toMatchObject({ ok: true, firstBrokenPosition: null, headPosition: head.position, headHash: head.hash, expectedHeadFound: true });
      expect(whole.verifyIntegrity.checkedEvents).toBe(Number(head.position));

      const dataDir = server.dataDir;
      await server.stop({ keepData: true });
      const file = new Database(join(dataDir, SQLITE_EVENT_LOG_FILE));
      dropAppendOnlyTriggers(file);
      const tampered = steps[1].position;
      const { data } = file.prepare('SELECT data FROM events WHERE position = ?').get(Number(tampered)) as { data: string };
      file.prepare('UPDATE events SET data = ? WHERE position = ?').run(data.replace('وزارت کشور', 'وزارت کشوز'), Number(tampered));
      file.close();
      server = await startTestServer({}, dataDir);

      const broken = await server.ok(VERIFY, { head: { position: head.position, hash: head.hash } }, server.tokens.OVERSIGHT);
      expect(broken.verifyIntegrity).toMatchObject({ ok: false, firstBrokenPosition: tampered, headPosition: steps[0].position });
      expect(broken.verifyIntegrity.reason).toContain(`position ${tampered}`);
    });
  });
});
