import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { projections } from '../../src/read-models';
import { SNAPSHOTS_FILE, SnapshotStore } from '../../projections/snapshots/snapshot-store';
import { ReadModelStore } from '../../projections/read-model-store';
import { replayReadModels } from '../../src/audit/exports/read-model-replay';
import type { PointInLog } from '../../projections/read-models-at';
import { toOrganization } from '../../src/organizations/organization.types';
import { toRegionalGroup } from '../../src/regional-groups/regional-group.types';
import { toMeeting } from '../../src/meetings/meeting.types';
import { idAtPoint } from '../../src/graphql/read-point';
import { startTestServer, type TestServer } from '../support/test-server';
import { mutationText } from '../support/graphql-helpers';
import { runDaftar } from './daftar-process';

const ORGANIZATION = 'id version kind name nameEn status updatedAt';
const REGIONAL_GROUP = 'id version name number provinceIds missionIds updatedAt';
const MEETING_FIELDS = 'id version title location status scheduledStart';
const PARTICIPANT = 'id organizationId role personName';
const MEETING = `${MEETING_FIELDS} participants { ${PARTICIPANT} }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A moment strictly between two appends: nothing is recorded at the instant taken. */
const instantBetweenWrites = async () => {
  await sleep(15);
  const instant = new Date().toISOString();
  await sleep(15);
  return instant;
};

interface ReplayFile {
  asOf: string | null;
  position: string | null;
  collections: Record<string, any[]>;
}

describe('oversight replay', () => {
  let server: TestServer;
  const instants: Record<string, string> = {};
  let snapshots: SnapshotStore;

  const mutate = async (mutation: string, input: Record<string, unknown>, entity: string) =>
    (await server.ok(mutationText(mutation, `${entity} { id }`), { input }))[mutation][entity].id as string;

  const register = (kind: string, name: string, country?: string) =>
    mutate('registerOrganization', { kind, name, nameEn: `${kind} ${name.length}`, ...(country && { country }) }, 'organization');

  beforeAll(async () => {
    server = await startTestServer({ SNAPSHOT_EVERY: '10' });
    instants.beforeAnything = await instantBetweenWrites();

    const provinces = [];
    for (const name of ['آذربایجان شرقی', 'آذربایجان غربی', 'اردبیل', 'زنجان']) provinces.push(await register('PROVINCE', name));
    const mission = await register('FOREIGN_MISSION', 'سفارت در باکو', 'AZ');
    const group = await mutate('defineRegionalGroup', { name: 'گروه منطقه‌ای یک', number: 1, provinceIds: provinces.slice(0, 2), missionIds: [mission] }, 'regionalGroup');
    const meeting = await mutate(
      'scheduleMeeting',
      { title: 'نشست منطقه‌ای استانداران و سفرا', location: 'تبریز', scheduledStart: '2026-05-01T05:30:00.000Z', regionalGroupId: group },
      'meeting',
    );
    await mutate('addParticipant', { meetingId: meeting, organizationId: provinces[0], role: 'GOVERNOR', personName: 'استاندار' }, 'meeting');
    instants.afterScheduling = await instantBetweenWrites();

    await mutate('renameOrganization', { organizationId: provinces[2], name: 'استان اردبیل' }, 'organization');
    await mutate('changeRegionalGroupMembers', { regionalGroupId: group, provinceIds: provinces, missionIds: [mission] }, 'regionalGroup');
    await mutate('addParticipant', { meetingId: meeting, organizationId: mission, role: 'HEAD_OF_MISSION', personName: 'سفیر' }, 'meeting');
    await mutate('openMeeting', { meetingId: meeting }, 'meeting');
    for (const name of ['وزارت کشور', 'قرارگاه اقتصاد مقاومتی', 'اتاق بازرگانی تبریز']) await register('MINISTRY', name);
    await mutate('defineRegionalGroup', { name: 'گروه منطقه‌ای دو', number: 2, provinceIds: [provinces[3]], missionIds: [] }, 'regionalGroup');
    instants.inSession = await instantBetweenWrites();

    await mutate('renameOrganization', { organizationId: provinces[0], name: 'استانداری آذربایجان شرقی' }, 'organization');
    await mutate('closeMeeting', { meetingId: meeting }, 'meeting');
    await register('FOREIGN_MISSION', 'سفارت در ایروان', 'AM');
    await register('FOREIGN_MISSION', 'سفارت در آنکارا', 'TR');
    instants.now = await instantBetweenWrites();

    await server.app.snapshotter.caughtUpTo((await server.app.store.head())!.position);
    snapshots = new SnapshotStore(join(server.dataDir, SNAPSHOTS_FILE));
  }, 60_000);

  afterAll(async () => {
    snapshots?.close();
    await server?.stop();
  });

  it('has snapshots to start from (the replay crosses them)', () => {
    expect(snapshots.snapshots().length).toBeGreaterThanOrEqual(2);
  });

  const replayTo = async (point: PointInLog): Promise<ReplayFile> => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    await replayReadModels({ store: server.app.store, projections, snapshots, point }, out);
    out.end();
    return JSON.parse(text) as ReplayFile;
  };
  const replay = (asOf: string) => replayTo({ untilRecordedAt: asOf });

  /** One query per list, each as small as the abuse limits like. */
  const asOfAnswers = async (asOf: string) => {
    const list = async (field: string, selection: string) =>
      (
        await server.ok(
          `query ($asOf: DateTime) { ${field}(asOf: $asOf, first: 50) { totalCount edges { node { ${selection} } } } }`,
          { asOf },
          server.tokens.OVERSIGHT,
        )
      )[field];
    return {
      organizations: await list('organizations', ORGANIZATION),
      regionalGroups: await list('regionalGroups', REGIONAL_GROUP),
      meetings: await list('meetings', MEETING),
    };
  };

  const fieldsOf = <T extends object>(node: T, selection: string) => {
    const names = selection.split(/\s+/).filter(Boolean);
    return Object.fromEntries(names.map((name) => [name, (node as any)[name]]));
  };

  const byId = <T extends { id: string }>(nodes: T[]): T[] => [...nodes].sort((a, b) => a.id.localeCompare(b.id));
  /** The meetings' own fields need no list: their views are built over an empty store. */
  const emptyStore = new ReadModelStore(':memory:', projections);

  it.each(['beforeAnything', 'afterScheduling', 'inSession', 'now'])('writes what the GraphQL as-of queries answer (%s)', async (moment) => {
    const asOf = instants[moment];
    const file = await replay(asOf);
    const answers = await asOfAnswers(asOf);
    const nodes = (connection: { edges: { node: any }[] }) => byId(connection.edges.map((edge) => edge.node));
    // Read as of a point, each object has that point's id (`<UUID>@asOf:<ISO>`).
    const point = { asOf: new Date(asOf) };

    expect(file.asOf).toBe(asOf);
    expect(Object.keys(file.collections).sort()).toEqual([...new Set(projections.map((projection) => projection.collection))].sort());
    expect(file.collections.organizations).toHaveLength(answers.organizations.totalCount);
    expect(byId(file.collections.organizations.map((doc) => toOrganization(doc, point))).map((node) => fieldsOf(node, ORGANIZATION))).toEqual(
      nodes(answers.organizations),
    );
    expect(byId(file.collections.regionalGroups.map((doc) => toRegionalGroup(doc, point))).map((node) => fieldsOf(node, REGIONAL_GROUP))).toEqual(
      nodes(answers.regionalGroups),
    );
    // A meeting's participants are documents of their own in the file, in the order they were added.
    const participantsOf = (meetingId: string) =>
      file.collections.meetingParticipants
        .filter((participant) => participant.meetingId === meetingId)
        .sort((a, b) => a.seq - b.seq)
        .map((participant) => ({ id: idAtPoint(participant.participantId, point), organizationId: participant.organizationId, role: participant.role, personName: participant.personName ?? null }));
    const meetings = byId(
      file.collections.meetings.map((doc) => ({ ...fieldsOf(toMeeting(doc, emptyStore, point), MEETING_FIELDS), id: idAtPoint(doc.id, point), participants: participantsOf(doc.id) })),
    );
    expect(meetings).toEqual(nodes(answers.meetings));
  });

  it('shows the past, not the present: each moment differs from the next', async () => {
    const counts = await Promise.all(
      ['beforeAnything', 'afterScheduling', 'inSession', 'now'].map(async (moment) => (await replay(instants[moment])).collections.organizations.length),
    );
    expect(counts).toEqual([0, 5, 8, 10]);
    const inSession = await replay(instants.inSession);
    expect(inSession.collections.meetings.map((doc) => doc.state.status)).toEqual(['IN_SESSION']);
    expect((await replay(instants.now)).collections.meetings.map((doc) => doc.state.status)).toEqual(['CLOSED']);
  });

  it('runs as the real command line with the same result', async () => {
    const out = join(server.dataDir, 'replay.json');
    const result = runDaftar(['replay', '--as-of', instants.inSession, '--out', out], { DATA_DIR: server.dataDir });
    expect(result.stderr).toContain('replayed to position');
    expect(result.status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(await replay(instants.inSession));
  });

  it('replays to a position alone, without --as-of', async () => {
    const events = await server.app.store.readAll();
    const position = events[Math.floor(events.length / 2)].position;
    const out = join(server.dataDir, 'replay-at-position.json');
    const result = runDaftar(['replay', '--at-position', position, '--out', out], { DATA_DIR: server.dataDir });
    expect(result.stderr).toContain(`replayed to position ${position} (at position ${position})`);
    expect(result.status).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8')) as ReplayFile;
    expect(file).toMatchObject({ asOf: null, position });
    expect(file).toEqual(await replayTo({ untilPosition: position }));
    expect(file.collections.organizations.length).toBeLessThan((await replay(instants.now)).collections.organizations.length);
  });

  it('asks for a point to replay to when given none', () => {
    const result = runDaftar(['replay', '--out', join(server.dataDir, 'nowhere.json')], { DATA_DIR: server.dataDir });
    expect(result.stderr).toContain('give --as-of <date>, --at-position <position>, --occurred-until <date>, or several of them');
    expect(result.status).toBe(1);
  });
});
