import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../src/core/event';
import type { NewEvent } from '../../src/eventstore/event-store';
import { mutationText, registerOrganization } from '../support/graphql-helpers';
import { startTestServer, type TestServer } from '../support/test-server';

const REGISTER_DOCUMENT = mutationText('registerCooperationDocument', 'cooperationDocument { id } position');
const GRANT = mutationText('grantDelegation', 'delegation { id } position');
const AMEND = mutationText('amendDelegation', 'delegation { id powers } position');

const clerk: Actor = { id: 'clerk-before-guards', name: 'منشی پیشین', role: 'CLERK' };
const PERMIT = 'صدور مجوز نمایشگاه';
const CONTRACT = 'انعقاد قرارداد همکاری';

/**
 * Events as a Daftar without guards recorded them: the entity's own stream only. The rules must
 * still see them the first time a guard over their set is needed.
 */
describe('guards on a log written before guards existed', () => {
  let server: TestServer;
  let province: string;
  let ministry: string;
  beforeAll(async () => {
    server = await startTestServer();
    province = await registerOrganization(server, 'PROVINCE', 'استان آذربایجان شرقی', 'IR');
    ministry = await registerOrganization(server, 'MINISTRY', 'وزارت کشور', 'IR');
  });
  afterAll(() => server.stop());

  const recordedBeforeGuards = async (streamId: string, type: string, data: object) => {
    const event: NewEvent = { type, data, metadata: { occurredAt: '2024-01-01T00:00:00.000Z', actor: clerk } };
    const { position } = await server.app.store.appendToStream(streamId, [event], { expectedRevision: 'NO_STREAM' });
    await server.app.projections.waitFor(position, 10_000);
  };
  const guardEvents = async (streamId: string) => (await server.app.store.readStream(streamId)).map((event) => [event.type, event.data]);

  it('refuses a duplicate of a document registered before guards, then records the seed with the first registration it accepts', async () => {
    const older = uuidv7();
    await recordedBeforeGuards(`cooperationDocument-${older}`, 'CooperationDocumentRegistered', {
      documentId: older,
      provinceId: province,
      counterpartCountry: 'AM',
      title: 'تفاهم‌نامه همکاری تجاری',
      documentType: 'MOU',
      subjects: ['تجارت'],
      signedAt: '2018-05-01T00:00:00.000Z',
    });
    const input = {
      provinceId: province,
      counterpartCountry: 'AM',
      title: 'تفاهم‌نامه همکاری بازرگانی',
      documentType: 'MOU',
      subjects: ['تجارت'],
      signedAt: '2020-05-01T00:00:00.000Z',
    };

    const refused = await server.gql(REGISTER_DOCUMENT, { input });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE_SUSPECTED', candidates: [older] });
    const guard = `guard-cooperationDocuments:${province}:AM`;
    expect(await guardEvents(guard)).toEqual([]);

    const accepted = await server.ok(REGISTER_DOCUMENT, { input: { ...input, acknowledgeDuplicateOf: [older], justification: 'تمدید' } });
    const newer = accepted.registerCooperationDocument.cooperationDocument.id;
    expect(await guardEvents(guard)).toEqual([
      ['GuardedSetSeeded', { members: [older] }],
      ['GuardedSetMemberAdded', { memberId: newer }],
    ]);
    const again = await server.gql(REGISTER_DOCUMENT, { input: { ...input, acknowledgeDuplicateOf: [older], justification: 'تمدید' } });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE_SUSPECTED' });
    expect([...again.errors![0].extensions.candidates].sort()).toEqual([older, newer].sort());
  });

  it('refuses to narrow a delegation below a sub-delegation granted before guards', async () => {
    const parent = (
      await server.ok(GRANT, {
        input: { delegatorId: ministry, delegateId: province, powers: [PERMIT, CONTRACT], effectiveFrom: '2024-01-01T00:00:00.000Z', canSubdelegate: true },
      })
    ).grantDelegation.delegation.id;
    const county = await registerOrganization(server, 'OTHER', 'فرمانداری تبریز', 'IR');
    const child = uuidv7();
    await recordedBeforeGuards(`delegation-${child}`, 'DelegationGranted', {
      delegationId: child,
      delegatorId: province,
      delegateId: county,
      powers: [CONTRACT],
      effectiveFrom: '2024-02-01T00:00:00.000Z',
      canSubdelegate: false,
      parentDelegationId: parent,
      grantedAt: '2024-02-01T00:00:00.000Z',
    });

    const refused = await server.gql(AMEND, { input: { delegationId: parent, powers: [PERMIT] } });
    expect(refused.errors?.[0].extensions.code).toBe('INVALID_TRANSITION');
    expect(refused.errors?.[0].message).toContain(child);
    expect(await guardEvents(`guard-subdelegations:${parent}`)).toEqual([]);
  });
});
