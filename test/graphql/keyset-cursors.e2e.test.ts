import { startTestServer, type TestServer } from '../support/test-server';
import { mutationText, registerOrganization } from '../support/graphql-helpers';

/**
 * A client pages through a list one item at a time while others write: every connection's cursor
 * names a place in the list's order, so the next page is what comes after that place, whatever was
 * added, removed or moved out of the filter in between.
 */

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string } }[];
}

const PAGE_FIELDS = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }';

const idsOf = (page: Page) => page.edges.map((edge) => edge.node.id);

/**
 * Reads a list one page after another from the start, running `between(pagesRead, idsSoFar)` after
 * each page; returns every id seen, in order, and the total counts the pages reported.
 */
const pageThrough = async (read: (after?: string) => Promise<Page>, between: (pagesRead: number, seen: string[]) => Promise<void> = async () => {}) => {
  const seen: string[] = [];
  const totals: number[] = [];
  let after: string | undefined;
  for (let pages = 1; pages < 50; pages++) {
    const page = await read(after);
    seen.push(...idsOf(page));
    totals.push(page.totalCount);
    if (!page.pageInfo.hasNextPage) return { seen, totals };
    after = page.pageInfo.endCursor!;
    await between(pages, seen);
  }
  throw new Error('the list never ended');
};

describe('paging a list while others write to it', () => {
  let server: TestServer;
  let province: string;
  let ministry: string;

  const mutate = async (name: string, input: Record<string, unknown>, selection: string) => (await server.ok(mutationText(name, selection), { input }))[name];

  beforeAll(async () => {
    server = await startTestServer();
    province = await registerOrganization(server, 'PROVINCE', 'استان آذربایجان شرقی', 'IR');
    ministry = await registerOrganization(server, 'MINISTRY', 'وزارت کشور', 'IR');
  });
  afterAll(() => server?.stop());

  describe('resolutions', () => {
    const LIST = `query ($after: String, $before: String, $first: Int, $last: Int) {
      resolutions(filter: { status: PROPOSED, text: "پیش‌نویس صفحه" }, first: $first, after: $after, last: $last, before: $before) { ${PAGE_FIELDS} } }`;
    const propose = async (title: string) => (await mutate('proposeResolution', { title, text: 'پیش‌نویس صفحه' }, 'resolution { id }')).resolution.id as string;

    it('still returns the second of three drafts when the first is adopted after it was read (the reported case)', async () => {
      const drafts = [await propose('یکم'), await propose('دوم'), await propose('سوم')];
      const { seen, totals } = await pageThrough(
        async (after) => (await server.ok(LIST, { first: 1, after })).resolutions,
        async (pages) => {
          if (pages === 1) await mutate('adoptResolution', { resolutionId: drafts[0] }, 'resolution { status }');
        },
      );
      expect(seen).toEqual(drafts);
      expect(totals).toEqual([3, 2, 2]);
    });

    it('refuses an offset cursor of the earlier server, and a cursor of another list, with BAD_USER_INPUT', async () => {
      const offset = Buffer.from('o:0', 'utf8').toString('base64url');
      const old = await server.gql(LIST, { first: 1, after: offset });
      expect(old.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
      expect(old.errors?.[0].message).toMatch(/offset cursor of an earlier version.*start again from the first page/);
      const meetingCursor = (await server.ok(`query { meetings(first: 1) { pageInfo { endCursor } } }`)).meetings.pageInfo.endCursor;
      if (meetingCursor) {
        const foreign = await server.gql(LIST, { first: 1, after: meetingCursor });
        expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
      }
      const garbage = await server.gql(LIST, { last: 1, before: 'bm90IGEgY3Vyc29y' });
      expect(garbage.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'before' }] });
    });
  });

  describe('meetings, in order of their scheduled start', () => {
    const LIST = `query ($after: String, $before: String, $first: Int, $last: Int) {
      meetings(filter: { status: SCHEDULED, from: "2031-01-01T00:00:00Z", to: "2031-12-31T00:00:00Z" }, first: $first, after: $after, last: $last, before: $before) { ${PAGE_FIELDS} } }`;
    const schedule = async (month: number) =>
      (await mutate('scheduleMeeting', { title: `نشست ماه ${month}`, location: 'تبریز', scheduledStart: `2031-${String(month).padStart(2, '0')}-10T08:00:00.000Z` }, 'meeting { id }')).meeting
        .id as string;

    it('neither skips nor repeats a meeting when one read leaves the list and others are scheduled before and after the cursor', async () => {
      const [march, may, july] = [await schedule(3), await schedule(5), await schedule(7)];
      let february = '';
      let september = '';
      const { seen } = await pageThrough(
        async (after) => (await server.ok(LIST, { first: 1, after })).meetings,
        async (pages) => {
          if (pages !== 1) return;
          await mutate('openMeeting', { meetingId: march }, 'meeting { status }');
          february = await schedule(2);
          september = await schedule(9);
        },
      );
      expect(seen).toEqual([march, may, july, september]);
      expect(february).not.toBe('');

      // Backwards from the end, the same list in the same order.
      const last = (await server.ok(LIST, { last: 2 })).meetings;
      expect(idsOf(last)).toEqual([july, september]);
      expect(last.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
      const before = (await server.ok(LIST, { last: 2, before: last.pageInfo.startCursor })).meetings;
      expect(idsOf(before)).toEqual([february, may]);
      expect(before.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    });
  });

  describe('organizations, in id order', () => {
    const LIST = `query ($after: String) { organizations(filter: { kind: COMMITTEE }, first: 1, after: $after) { ${PAGE_FIELDS} } }`;

    it('shows an organization registered while paging at the end, and every earlier one once', async () => {
      const committees = [
        await registerOrganization(server, 'COMMITTEE', 'کمیته یکم'),
        await registerOrganization(server, 'COMMITTEE', 'کمیته دوم'),
      ];
      const { seen, totals } = await pageThrough(
        async (after) => (await server.ok(LIST, { after })).organizations,
        async (pages) => {
          if (pages === 1) committees.push(await registerOrganization(server, 'COMMITTEE', 'کمیته سوم'));
        },
      );
      expect(seen).toEqual(committees);
      expect(totals).toEqual([2, 3, 3]);
    });
  });

  describe('regional groups, in order of their number', () => {
    const LIST = `query ($after: String) { regionalGroups(first: 1, after: $after) { ${PAGE_FIELDS} } }`;
    const define = async (number: number) =>
      (await mutate('defineRegionalGroup', { name: `گروه ${number}`, number, provinceIds: [], missionIds: [] }, 'regionalGroup { id }')).regionalGroup.id as string;

    it('places groups defined while paging by their number, before or after the cursor', async () => {
      const [two, four, six] = [await define(2), await define(4), await define(6)];
      let five = '';
      const { seen } = await pageThrough(
        async (after) => (await server.ok(LIST, { after })).regionalGroups,
        async (pages) => {
          if (pages !== 1) return;
          await define(1);
          five = await define(5);
        },
      );
      expect(seen).toEqual([two, four, five, six]);
    });
  });

  describe('cooperation documents', () => {
    const LIST = `query ($after: String) { cooperationDocuments(filter: { status: UNREVIEWED, provinceId: "%p" }, first: 1, after: $after) { ${PAGE_FIELDS} } }`;

    it('does not skip the next document when the one read is reviewed and leaves the filter', async () => {
      const register = async (country: string, subject: string) =>
        (
          await mutate(
            'registerCooperationDocument',
            { provinceId: province, counterpartCountry: country, title: `تفاهم‌نامه ${subject}`, documentType: 'MOU', subjects: [subject], signedAt: '2020-01-01T00:00:00.000Z' },
            'cooperationDocument { id }',
          )
        ).cooperationDocument.id as string;
      const documents = [await register('TR', 'گردشگری'), await register('AM', 'صادرات'), await register('AZ', 'سلامت')];
      const { seen, totals } = await pageThrough(
        async (after) => (await server.ok(LIST.replace('%p', province), { after })).cooperationDocuments,
        async (pages) => {
          if (pages === 1) await mutate('reviewCooperationDocument', { documentId: documents[0], status: 'ACTIVE' }, 'cooperationDocument { status }');
        },
      );
      expect(seen).toEqual(documents);
      expect(totals).toEqual([3, 2, 2]);
    });
  });

  describe('delegations, their sub-delegations, and those in force at a time', () => {
    const POWER = 'تصویب طرح‌های گردشگری';
    const GRANTED_AT = '2026-01-02T00:00:00.000Z';
    const terms = (extra: Record<string, unknown> = {}) => ({
      delegatorId: ministry,
      delegateId: province,
      powers: [POWER],
      effectiveFrom: '2026-01-01T00:00:00.000Z',
      canSubdelegate: true,
      occurredAt: '2026-01-01T00:00:00.000Z',
      ...extra,
    });
    const delegate = async (name: 'proposeDelegation' | 'grantDelegation', input: Record<string, unknown>) =>
      (await mutate(name, input, 'delegation { id }')).delegation.id as string;

    it('pages proposals, the delegations in force, and sub-delegations without skipping what changed between pages', async () => {
      const proposals = [await delegate('proposeDelegation', terms()), await delegate('proposeDelegation', terms()), await delegate('proposeDelegation', terms())];
      const PROPOSED = `query ($after: String) { delegations(filter: { status: PROPOSED, delegatorId: "${ministry}" }, first: 1, after: $after) { ${PAGE_FIELDS} } }`;
      const proposed = await pageThrough(
        async (after) => (await server.ok(PROPOSED, { after })).delegations,
        async (pages) => {
          if (pages === 1) await mutate('grantDelegation', { delegationId: proposals[0], occurredAt: GRANTED_AT }, 'delegation { status }');
        },
      );
      expect(proposed.seen).toEqual(proposals);

      // Judged in memory at activeAt: the first is revoked after it was read, the next is still shown.
      const granted = [
        proposals[0],
        await delegate('grantDelegation', { delegationId: proposals[1], occurredAt: GRANTED_AT }),
        await delegate('grantDelegation', { delegationId: proposals[2], occurredAt: GRANTED_AT }),
      ];
      const IN_FORCE = `query ($after: String) { delegations(filter: { delegatorId: "${ministry}", activeAt: "2026-06-01T00:00:00Z" }, first: 1, after: $after) { ${PAGE_FIELDS} } }`;
      const inForce = await pageThrough(
        async (after) => (await server.ok(IN_FORCE, { after })).delegations,
        async (pages) => {
          if (pages === 1) await mutate('revokeDelegation', { delegationId: granted[0], occurredAt: '2026-02-01T00:00:00.000Z' }, 'delegation { status }');
        },
      );
      expect(inForce.seen).toEqual(granted);

      const county = await registerOrganization(server, 'OTHER', 'فرمانداری');
      const sub = () =>
        delegate('grantDelegation', { ...terms({ delegatorId: province, delegateId: county, parentDelegationId: granted[1], canSubdelegate: false }), occurredAt: '2026-03-01T00:00:00.000Z' });
      const children = [await sub(), await sub()];
      const CHILDREN = `query ($id: ID!, $after: String) { delegation(id: $id) { children(first: 1, after: $after) { ${PAGE_FIELDS} } } }`;
      const pagedChildren = await pageThrough(
        async (after) => (await server.ok(CHILDREN, { id: granted[1], after })).delegation.children,
        async (pages) => {
          if (pages === 1) children.push(await sub());
        },
      );
      expect(pagedChildren.seen).toEqual(children);
    });
  });

  describe("a meeting's outcomes, a history and the audit log", () => {
    it('pages outcomes past one withdrawn after it was read, and events appended between pages', async () => {
      const meetingId = (await mutate('scheduleMeeting', { title: 'نشست بندها', location: 'تبریز', scheduledStart: '2032-01-01T08:00:00.000Z' }, 'meeting { id }')).meeting
        .id as string;
      const record = async (text: string) =>
        (await mutate('recordOutcome', { meetingId, kind: 'DEMAND', text }, 'meeting { outcomes(includeWithdrawn: true) { edges { node { id } } } }')).meeting.outcomes.edges.at(-1).node
          .id as string;
      const outcomes = [await record('بند ۱'), await record('بند ۲'), await record('بند ۳')];
      const OUTCOMES = `query ($id: ID!, $after: String) { meeting(id: $id) { outcomes(first: 1, after: $after) { ${PAGE_FIELDS} } } }`;
      const pagedOutcomes = await pageThrough(
        async (after) => (await server.ok(OUTCOMES, { id: meetingId, after })).meeting.outcomes,
        async (pages) => {
          if (pages === 1) await mutate('withdrawOutcome', { meetingId, outcomeId: outcomes[0] }, 'position');
          if (pages === 2) outcomes.push(await record('بند ۴'));
        },
      );
      expect(pagedOutcomes.seen).toEqual(outcomes);
      expect(pagedOutcomes.totals).toEqual([3, 2, 3, 3]);

      const HISTORY = `query ($id: ID!, $after: String, $first: Int, $last: Int, $before: String) {
        history(entityId: $id, first: $first, after: $after, last: $last, before: $before) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id: eventId revision } } } }`;
      const history = await pageThrough(
        async (after) => (await server.ok(HISTORY, { id: meetingId, first: 2, after }, server.tokens.AUDITOR)).history,
        async (pages) => {
          if (pages === 1) await record('بند ۵');
        },
      );
      const events = await server.app.store.readStream(`meeting-${meetingId}`);
      expect(history.seen).toEqual(events.map((event) => event.eventId));
      const tail = (await server.ok(HISTORY, { id: meetingId, last: 2 }, server.tokens.AUDITOR)).history;
      expect(tail.edges.map((edge: { node: { revision: number } }) => edge.node.revision)).toEqual([events.length - 2, events.length - 1]);
      expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
      const earlier = (await server.ok(HISTORY, { id: meetingId, last: 10, before: tail.pageInfo.startCursor }, server.tokens.AUDITOR)).history;
      expect(earlier.edges.map((edge: { node: { revision: number } }) => edge.node.revision)).toEqual(events.slice(0, -2).map((event) => event.revision));
      expect(earlier.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });

      const MEETING_HISTORY = `query ($id: ID!, $after: String) { meeting(id: $id) { history(first: 3, after: $after) { ${PAGE_FIELDS.replace('node { id }', 'node { id: eventId }')} } } }`;
      const meetingHistory = await pageThrough(async (after) => (await server.ok(MEETING_HISTORY, { id: meetingId, after })).meeting.history);
      expect(meetingHistory.seen).toEqual(events.map((event) => event.eventId));

      const AUDIT = `query ($after: String) { auditLog(filter: { entityId: "${meetingId}" }, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id: eventId } } } }`;
      const audited = await pageThrough(
        async (after) => (await server.ok(AUDIT, { after }, server.tokens.AUDITOR)).auditLog,
        async (pages) => {
          if (pages === 1) await record('بند ۶');
        },
      );
      expect(audited.seen).toEqual((await server.app.store.readStream(`meeting-${meetingId}`)).map((event) => event.eventId));
    });
  });
});
