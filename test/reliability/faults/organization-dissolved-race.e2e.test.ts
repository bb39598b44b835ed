import type { RecordedEvent } from '../../../src/eventstore/event-store';
import { mutationText, registerOrganization } from '../../support/graphql-helpers';
import { startTestServer, type GraphQLResponse, type TestServer } from '../../support/test-server';

const DISSOLVE = mutationText('dissolveOrganization', 'organization { id status } position');
const GRANT = mutationText('grantDelegation', 'delegation { id } position');
const ADD_PARTICIPANT = mutationText('addParticipant', 'meeting { id } position');
const REFER = mutationText('referResolution', 'resolution { id } position');

const COMMANDS = 20;
const ROUNDS = 3;

const dataOf = <T>(event: RecordedEvent) => event.data as T;

describe('commands name an organization at the moment it is dissolved', () => {
  let server: TestServer;
  let ministry: string;
  let meetingId: string;
  let resolutionId: string;
  beforeAll(async () => {
    server = await startTestServer();
    ministry = await registerOrganization(server, 'MINISTRY', 'وزارت کشور', 'IR');
    meetingId = (
      await server.ok(
        `mutation { scheduleMeeting(input: { title: "نشست منطقه‌ای تبریز", location: "تبریز", scheduledStart: "2030-01-01T09:00:00Z" }) { meeting { id } } }`,
      )
    ).scheduleMeeting.meeting.id;
    resolutionId = (
      await server.ok(`mutation { proposeResolution(input: { title: "رفع مقررات مزاحم", text: "بند ۱۲" }) { resolution { id } } }`)
    ).proposeResolution.resolution.id;
    await server.ok(`mutation ($id: ID!) { adoptResolution(input: { resolutionId: $id }) { position } }`, { id: resolutionId });
  });
  afterAll(() => server.stop());

  /** Each command that names `organizationId` and requires it active, one of three kinds in turn. */
  const naming = (organizationId: string, index: number): Promise<GraphQLResponse> => {
    switch (index % 3) {
      case 0:
        return server.gql(GRANT, {
          input: { delegatorId: ministry, delegateId: organizationId, powers: [`اختیار ${index}`], effectiveFrom: '2025-01-10T00:00:00.000Z' },
        });
      case 1:
        return server.gql(ADD_PARTICIPANT, { input: { meetingId, organizationId, role: 'OBSERVER', personName: `نماینده ${index}` } });
      default:
        return server.gql(REFER, { input: { resolutionId, toOrganizationId: organizationId, note: `ارجاع ${index}` } });
    }
  };

  /** Whether a recorded event took the organization as an active party. */
  const names = (organizationId: string) => (event: RecordedEvent) =>
    (event.type === 'DelegationGranted' && dataOf<{ delegateId: string }>(event).delegateId === organizationId) ||
    (event.type === 'ParticipantAdded' && dataOf<{ organizationId: string }>(event).organizationId === organizationId) ||
    (event.type === 'ResolutionReferred' && dataOf<{ organizationId?: string; toOrganizationId?: string }>(event).toOrganizationId === organizationId);

  it('records none of them after the dissolution: each saw the organization active, or was refused', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const province = await registerOrganization(server, 'PROVINCE', `استان آزمون ${round}`, 'IR');
      // Sent first: the commands arrive while it is being recorded and projected.
      const dissolution = server.gql(DISSOLVE, { input: { organizationId: province } });
      const results = await Promise.all([dissolution, ...Array.from({ length: COMMANDS }, (_, index) => naming(province, index))]);
      expect(results[0].errors).toBeUndefined();
      for (const result of results.slice(1)) if (result.errors) expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT');

      const log = await server.app.store.readAll();
      const dissolved = log.find((event) => event.type === 'OrganizationDissolved' && dataOf<{ organizationId: string }>(event).organizationId === province)!;
      const namedAfter = log.filter((event) => names(province)(event) && Number(event.position) > Number(dissolved.position));
      expect(namedAfter).toEqual([]);
      // Every accepted command is in the log before the dissolution, and every refused one said why.
      const accepted = results.slice(1).filter((result) => !result.errors).length;
      expect(log.filter(names(province))).toHaveLength(accepted);
    }
  });
});
