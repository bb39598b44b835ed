import { mutationText } from '../support/graphql-helpers';
import { useEmbeddedPostgres } from '../support/postgres-database';
import { newId } from '../../src/core/ids';
import type { NewEvent } from '../../src/eventstore/event-store';
import { startPostgresNode, withLog, type PostgresNode } from '../support/postgres-nodes';

/**
 * A command that rests on other aggregates (an organization that exists and is active, a regional
 * group, a parent delegation, the documents already registered) reads them from the shared log
 * (docs/consistency.md), not from the read models of the node it reached. So a command sent to
 * node B the moment node A has answered a write sees that write, though B's read models may not
 * have folded it yet. Each rule is tried several times in a row, alternating the nodes, so that some
 * commands land while the other node's read models are still behind.
 */
const ROUNDS = 5;

const REGISTER = mutationText('registerOrganization', 'organization { id } position');
const DISSOLVE = mutationText('dissolveOrganization', 'organization { id } position');
const DEFINE_GROUP = mutationText('defineRegionalGroup', 'regionalGroup { id } position');
const SCHEDULE = mutationText('scheduleMeeting', 'meeting { id regionalGroupId }');
const ADD = mutationText('addParticipant', 'meeting { participants { organizationId } }');
const GRANT = mutationText('grantDelegation', 'delegation { id status parentDelegationId }');
const AMEND = mutationText('amendDelegation', 'delegation { id powers }');
const REGISTER_DOCUMENT = mutationText('registerCooperationDocument', 'cooperationDocument { id }');

const PERMIT = 'صدور مجوز نمایشگاه';
const CONTRACT = 'انعقاد قرارداد همکاری';

const postgres = useEmbeddedPostgres();
let connectionString: string;
let a: PostgresNode;
let b: PostgresNode;

beforeAll(async () => {
  connectionString = await postgres.newSchema();
  [a, b] = await Promise.all([startPostgresNode('node-a', connectionString), startPostgresNode('node-b', connectionString)]);
}, 120_000);
afterAll(async () => {
  await Promise.all([a, b].map((node) => node?.stop()));
});

/** Round r writes on `first` and commands on `second`: A then B in even rounds, B then A in odd ones. */
const pairOf = (round: number): [PostgresNode, PostgresNode] => (round % 2 === 0 ? [a, b] : [b, a]);

const register = async (node: PostgresNode, kind: string, name: string): Promise<string> =>
  (await node.ok(REGISTER, { input: { kind, name, country: kind === 'FOREIGN_MISSION' ? 'TR' : 'IR' } })).registerOrganization.organization.id;

const schedule = async (node: PostgresNode, title: string, regionalGroupId?: string) =>
  (await node.ok(SCHEDULE, { input: { title, location: 'تبریز', scheduledStart: '2030-03-01T06:00:00Z', regionalGroupId } })).scheduleMeeting.meeting;

const grant = (node: PostgresNode, input: Record<string, unknown>) =>
  node.gql(GRANT, { input: { effectiveFrom: '2025-01-10T00:00:00.000Z', ...input } });

describe('a command on one node that rests on what another node has just written', () => {
  it('finds an organization registered there a moment ago, and a dissolution recorded there', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [writer, other] = pairOf(round);
      const meeting = await schedule(other, `نشست ${round}`);
      const province = await register(writer, 'PROVINCE', `استان ${round}`);
      const added = await other.gql(ADD, { input: { meetingId: meeting.id, organizationId: province, role: 'GOVERNOR' } });
      expect(added.errors).toBeUndefined();
      expect(added.data.addParticipant.meeting.participants).toEqual([{ organizationId: province }]);

      const ministry = await register(writer, 'MINISTRY', `وزارت ${round}`);
      const granted = await grant(other, { delegatorId: ministry, delegateId: province, powers: [PERMIT] });
      expect(granted.errors).toBeUndefined();

      await writer.ok(DISSOLVE, { input: { organizationId: province } });
      const refused = await other.gql(ADD, { input: { meetingId: meeting.id, organizationId: province, role: 'OBSERVER', personName: 'ناظر' } });
      expect(refused.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0].message).toMatch(/dissolved/);
    }
  }, 60_000);

  it('finds a regional group defined there, whose members were registered on the node before', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [writer, other] = pairOf(round);
      const province = await register(writer, 'PROVINCE', `استان گروه ${round}`);
      const mission = await register(writer, 'FOREIGN_MISSION', `کنسولگری ${round}`);
      const group = await other.gql(DEFINE_GROUP, { input: { name: `گروه منطقه‌ای ${round}`, provinceIds: [province], missionIds: [mission] } });
      expect(group.errors).toBeUndefined();
      const groupId = group.data.defineRegionalGroup.regionalGroup.id;
      expect((await schedule(writer, `نشست گروه ${round}`, groupId)).regionalGroupId).toBe(groupId);
    }
  }, 60_000);

  it('finds a parent delegation granted there, and its narrowing', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [writer, other] = pairOf(round);
      const [ministry, province, county] = [
        await register(writer, 'MINISTRY', `وزارت کشور ${round}`),
        await register(writer, 'PROVINCE', `استان اردبیل ${round}`),
        await register(writer, 'OTHER', `فرمانداری ${round}`),
      ];
      const parent = (await writer.ok(GRANT, {
        input: { delegatorId: ministry, delegateId: province, powers: [PERMIT, CONTRACT], effectiveFrom: '2025-01-10T00:00:00.000Z', canSubdelegate: true },
      })).grantDelegation.delegation.id;
      const child = await grant(other, { delegatorId: province, delegateId: county, powers: [CONTRACT], parentDelegationId: parent });
      expect(child.errors).toBeUndefined();
      expect(child.data.grantDelegation.delegation).toMatchObject({ status: 'ACTIVE', parentDelegationId: parent });

      // Narrowed below the live sub-delegation on one node: refused there, whatever the other wrote.
      expect((await writer.gql(AMEND, { input: { delegationId: parent, powers: [PERMIT] } })).errors?.[0].extensions.code).toBe('INVALID_TRANSITION');
      const otherParent = (await other.ok(GRANT, {
        input: { delegatorId: ministry, delegateId: province, powers: [PERMIT, CONTRACT], effectiveFrom: '2025-01-10T00:00:00.000Z', canSubdelegate: true },
      })).grantDelegation.delegation.id;
      await other.ok(AMEND, { input: { delegationId: otherParent, powers: [PERMIT] } });
      const beyond = await grant(writer, { delegatorId: province, delegateId: county, powers: [CONTRACT], parentDelegationId: otherParent });
      expect(beyond.errors?.[0].extensions.code).toBe('INVALID_TRANSITION');
    }
  }, 60_000);

  it('finds a cooperation document registered there, and refuses its duplicate naming it', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [writer, other] = pairOf(round);
      const province = await register(writer, 'PROVINCE', `استان مرزی ${round}`);
      const input = {
        provinceId: province,
        counterpartCountry: 'AM',
        title: `تفاهم‌نامه همکاری تجاری ${round}`,
        documentType: 'MOU',
        subjects: ['بازارچه مرزی'],
        signedAt: '2022-05-01T00:00:00.000Z',
      };
      const first = (await writer.ok(REGISTER_DOCUMENT, { input })).registerCooperationDocument.cooperationDocument.id;
      const duplicate = await other.gql(REGISTER_DOCUMENT, { input });
      expect(duplicate.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE_SUSPECTED', candidates: [first] });
    }
  }, 60_000);
});

/** A log of `organizations` × `renames` events written behind the nodes' backs: work for a new node's read models. */
const longLog = (organizations: number, renames: number) =>
  withLog(connectionString, async (store) => {
    const metadata = { occurredAt: '2025-01-01T00:00:00.000Z', actor: { id: 'clerk-0', name: 'منشی', role: 'CLERK' as const } };
    for (let o = 0; o < organizations; o++) {
      const organizationId = newId();
      const events: NewEvent[] = [
        { type: 'OrganizationRegistered', data: { organizationId, kind: 'COMMITTEE', name: `کمیته ${o}`, country: 'IR' }, metadata },
        ...Array.from({ length: renames }, (_, r) => ({
          type: 'OrganizationRenamed',
          data: { organizationId, name: `کمیته ${o}-${r + 1}`, previousName: `کمیته ${o}-${r}` },
          metadata,
        })),
      ];
      await store.appendToStream(`organization-${organizationId}`, events);
    }
  });

describe('a node whose read models are still folding a long log', () => {
  let joining: PostgresNode;
  afterAll(async () => {
    await joining?.stop();
  });

  it('decides on what another node has just written, which its read models have not reached', async () => {
    await longLog(60, 999);
    // Answers before its read models are current; answers a mutation without waiting for them.
    joining = await startPostgresNode('node-joining', connectionString, { CONSISTENCY_TIMEOUT_MS: '1' }, 'answering');
    const behind = async (position: string) => {
      const { projected } = await joining.health();
      return projected === null || BigInt(projected) < BigInt(position);
    };

    // Rounds go on until one ran wholly while the node was behind (on this machine, the first two or so).
    let roundsBehind = 0;
    for (let round = 0; roundsBehind < 1; round++) {
      if (round >= 10) throw new Error(`the joining node caught up before a round ran while it was behind: make the long log longer`);
      const meeting = await schedule(joining, `نشست گره تازه ${round}`);
      const registered = (await a.ok(REGISTER, { input: { kind: 'PROVINCE', name: `استان تازه ${round}`, country: 'IR' } })).registerOrganization;
      const province = registered.organization.id;
      const mission = await register(a, 'FOREIGN_MISSION', `سفارت تازه ${round}`);
      const defined = (await a.ok(DEFINE_GROUP, { input: { name: `گروه تازه ${round}`, provinceIds: [province], missionIds: [mission] } }))
        .defineRegionalGroup;
      const added = await joining.gql(ADD, { input: { meetingId: meeting.id, organizationId: province, role: 'GOVERNOR' } });
      expect(added.errors).toBeUndefined();
      const grouped = await joining.gql(SCHEDULE, {
        input: { title: `نشست گروه تازه ${round}`, location: 'ارومیه', scheduledStart: '2030-04-01T06:00:00Z', regionalGroupId: defined.regionalGroup.id },
      });
      expect(grouped.errors).toBeUndefined();
      const dissolved = (await a.ok(DISSOLVE, { input: { organizationId: province } })).dissolveOrganization;
      const refused = await joining.gql(ADD, { input: { meetingId: meeting.id, organizationId: province, role: 'OBSERVER', personName: 'ناظر' } });
      expect(refused.errors?.[0].message).toMatch(/dissolved/);
      // Counted only when the joining node's read models had not yet folded even the first write of the round.
      if ((await behind(registered.position)) && (await behind(defined.position)) && (await behind(dissolved.position))) roundsBehind++;
    }
  }, 120_000);
});
