import { startTestServer, type TestServer } from '../../support/test-server';
import { mountSmallDisk, smallDisksUnavailable, type SmallDisk } from './small-disk';
import { eventually, healthOf, MEETING, openMeeting, outcomeTextsInLog, post, readModelsEqualRebuild, RECORD_OUTCOME, textsOf } from './fault-helpers';

const outcomeText = (n: number) => `بند ${n}: ${'رفع مقررات مزاحم و تفویض اختیارات به استان‌ها؛ '.repeat(60)}`;

/**
 * DATA_DIR on a small file system of its own, in production mode: the events, the read models and
 * the snapshots all run out of space together, as on a server whose disk fills up.
 */
describe('the disk fills up under the whole data folder, in production', () => {
  let disk: SmallDisk;
  let running: TestServer | undefined;

  beforeAll(async () => {
    if (smallDisksUnavailable) return;
    disk = mountSmallDisk(8);
    running = await startTestServer({ NODE_ENV: 'production', CONSISTENCY_TIMEOUT_MS: '1000' }, disk.dir);
  });

  afterAll(async () => {
    if (smallDisksUnavailable) return;
    await running?.stop({ keepData: true });
    disk?.unmount();
  });

  (smallDisksUnavailable ? it.skip : it)(
    'refuses the write that does not fit with SERVICE_UNAVAILABLE (STORAGE_FULL), appends none of it, and takes the next write once space is freed',
    async () => {
      const server = running!;
      const meetingId = await openMeeting(server);
      const acknowledged: string[] = [];
      disk.fill();

      let refused: Awaited<ReturnType<typeof post>> | null = null;
      let refusedText = '';
      for (let n = 1; n <= 150 && !refused; n++) {
        const answer = await post(server, RECORD_OUTCOME, { input: { meetingId, kind: 'PROBLEM', text: outcomeText(n) } });
        if (answer.errors) {
          refused = answer;
          refusedText = outcomeText(n);
        } else {
          acknowledged.push(outcomeText(n));
          expect(textsOf(answer.data.recordOutcome.meeting)).toEqual(acknowledged);
        }
      }
      expect(refused).not.toBeNull();
      expect(refused!.httpStatus).toBe(503);
      expect(Number(refused!.retryAfter)).toBeGreaterThan(0);
      expect(refused!.data ?? null).toBeNull();
      expect(refused!.errors).toHaveLength(1);
      expect(refused!.errors![0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'STORAGE_FULL' });
      expect(refused!.errors![0].message).toMatch(/disk is full.*nothing was recorded/);
      expect(await outcomeTextsInLog(server, meetingId)).toEqual(acknowledged);
      expect(acknowledged).not.toContain(refusedText);

      disk.free();
      const retried = await post(server, RECORD_OUTCOME, { input: { meetingId, kind: 'PROBLEM', text: refusedText } });
      expect(retried.errors).toBeUndefined();
      acknowledged.push(refusedText);
      expect(textsOf(retried.data.recordOutcome.meeting)).toEqual(acknowledged);

      await eventually(() => healthOf(server), (health) => health.httpStatus === 200 && health.status === 'ok', '/healthz is 200 and ok again', 25_000);
      const read = await post(server, MEETING, { id: meetingId, after: retried.data.recordOutcome.position });
      expect(textsOf(read.data.meeting)).toEqual(acknowledged);
      expect(await outcomeTextsInLog(server, meetingId)).toEqual(acknowledged);

      running = undefined;
      await server.stop({ keepData: true });
      expect(await readModelsEqualRebuild(disk.dir)).toBe(true);
    },
  );
});
