import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../support/test-server';
import { mountSmallDisk, smallDisksUnavailable, type SmallDisk } from './small-disk';
import {
  eventually,
  healthOf,
  MEETING,
  openMeeting,
  outcomeTextsInLog,
  post,
  readModelsEqualRebuild,
  RECORD_OUTCOME,
  textsOf,
} from './fault-helpers';

/** Large enough that a few dozen of them outgrow whatever room the read models' WAL file still had. */
const outcomeText = (n: number) => `بند ${n}: ${'توسعه صادرات غیرنفتی و گردشگری منطقه‌ای؛ '.repeat(60)}`;

/**
 * The read models live on their own small file system (read-models.sqlite is a link into it, and
 * SQLite keeps its -wal beside the file it links to); the events stay on the ordinary disk. Filling
 * the small one makes every projection batch fail with SQLITE_FULL while every append succeeds.
 */
describe('the disk under the read models fills up while clerks keep recording', () => {
  let disk: SmallDisk;
  let dataDir: string;
  let running: TestServer | undefined;

  beforeAll(async () => {
    if (smallDisksUnavailable) return;
    disk = mountSmallDisk(8);
    dataDir = mkdtempSync(join(tmpdir(), 'daftar-fault-read-models-'));
    symlinkSync(join(disk.dir, 'read-models.sqlite'), join(dataDir, 'read-models.sqlite'));
    running = await startTestServer({ CONSISTENCY_TIMEOUT_MS: '1000' }, dataDir);
  });

  afterAll(async () => {
    if (smallDisksUnavailable) return;
    await running?.stop({ keepData: true });
    disk?.unmount();
    rmSync(dataDir, { recursive: true, force: true });
  });

  (smallDisksUnavailable ? it.skip : it)(
    'tells each client its write is recorded, says on /healthz what is wrong, refuses reads with 503, and heals by itself once space is freed',
    async () => {
      const server = running!;
      const meetingId = await openMeeting(server);
      const acknowledged: string[] = [];
      disk.fill();

      // Every write is answered with its position and the meeting as its stream now stands; sooner or
      // later (once the WAL's spare room is used up) the read models can no longer follow.
      let lagging: any = null;
      for (let n = 1; n <= 80 && !lagging; n++) {
        const answer = await post(server, RECORD_OUTCOME, { input: { meetingId, kind: 'DEMAND', text: outcomeText(n) } });
        expect(answer.errors).toBeUndefined();
        expect(answer.httpStatus).toBe(200);
        acknowledged.push(outcomeText(n));
        const payload = answer.data.recordOutcome;
        expect(textsOf(payload.meeting)).toEqual(acknowledged);
        if (!payload.readModelsCaughtUp) lagging = payload;
      }
      expect(lagging).not.toBeNull();
      expect(lagging.meeting.version).toBe(acknowledged.length + 1);
      // A write while the read models are known to be failing is answered at once, truthfully.
      const whileFailing = await post(server, RECORD_OUTCOME, { input: { meetingId, kind: 'DEMAND', text: outcomeText(0) } });
      expect(whileFailing.errors).toBeUndefined();
      expect(whileFailing.data.recordOutcome).toMatchObject({ readModelsCaughtUp: false });
      acknowledged.push(outcomeText(0));
      expect(textsOf(whileFailing.data.recordOutcome.meeting)).toEqual(acknowledged);

      const degraded = await eventually(() => healthOf(server), (health) => health.projections.state === 'retrying', '/healthz says the projections are retrying');
      expect(degraded).toMatchObject({
        httpStatus: 503,
        status: 'degraded',
        projections: { state: 'retrying', since: expect.any(String), attempts: expect.any(Number), lastError: { reason: 'STORAGE_FULL' } },
      });

      const refused = await post(server, MEETING, { id: meetingId });
      expect(refused.httpStatus).toBe(503);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(refused.data ?? null).toBeNull();
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'READ_MODELS_NOT_LIVE' });
      // What the log answers alone is still answered.
      const head = await post(server, `query { ledgerHead { position } }`, {}, server.tokens.AUDITOR);
      expect(head.data.ledgerHead.position).toBe(whileFailing.data.recordOutcome.position);

      disk.free();
      await eventually(() => healthOf(server), (health) => health.httpStatus === 200, '/healthz is 200 again', 25_000);
      const healed = await post(server, MEETING, { id: meetingId, after: whileFailing.data.recordOutcome.position });
      expect(healed.errors).toBeUndefined();
      expect(textsOf(healed.data.meeting)).toEqual(acknowledged);
      expect(await outcomeTextsInLog(server, meetingId)).toEqual(acknowledged);

      running = undefined;
      await server.stop({ keepData: true });
      expect(await readModelsEqualRebuild(dataDir)).toBe(true);
    },
  );
});
