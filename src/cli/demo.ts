import { Command } from 'commander';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { DemoClient, DemoOutcome } from '../demo/record-demo';

const progress = (step: string) => process.stderr.write(`demo: ${step}…\n`);

const record = async (client: DemoClient, logger: Logger) => {
  const { recordDemo } = await import('../demo/record-demo');
  report(await recordDemo(client, progress), logger);
};

const report = (outcome: DemoOutcome, logger: Logger) => {
  if (outcome.status === 'already-recorded') {
    process.stderr.write(
      `demo: the Tabriz demo is already in this store (${outcome.demoEvents} events recorded by the demo clerk, ` +
        `${outcome.firstRecordedAt} to ${outcome.lastRecordedAt}): nothing was recorded\n`,
    );
    return;
  }
  logger.info(outcome, 'demo recorded');
  process.stderr.write(
    `demo: recorded ${outcome.organizations} organizations, the meeting ${outcome.meetingId} with ${outcome.outcomes} outcomes, ` +
      `${outcome.resolutions} resolutions, ${outcome.delegations} delegations, ${outcome.cooperationDocuments} cooperation documents\n`,
  );
};

/**
 * A server owns the data directory: the demo goes through its API, as any client would, with a
 * clerk's token signed by the secret this environment configures (the server's, when both read
 * the same AUTH_JWT_SECRET or the development secret of the same DATA_DIR). AUDITOR as well, to
 * read whether the demo is already there.
 */
const recordThroughServer = async (config: Config, logger: Logger, url: string, holderPid: number | null) => {
  const [{ developmentSecret }, { signToken }, { DEMO_CLERK, httpDemoClient }] = await Promise.all([
    import('../auth/dev-secret'),
    import('../auth/tokens'),
    import('../demo/record-demo'),
  ]);
  process.stderr.write(`demo: a Daftar server (pid ${holderPid}) owns ${config.DATA_DIR}: recording through its API at ${url}\n`);
  const secret = config.AUTH_JWT_SECRET ?? developmentSecret(config.DATA_DIR);
  const token = await signToken({ sub: DEMO_CLERK.id, name: DEMO_CLERK.name, roles: ['CLERK', 'AUDITOR'], expiresIn: '1h' }, secret);
  await record(httpDemoClient(url, token), logger);
};

/**
 * `daftar demo`: records the Tabriz demo, once. With no server running it takes DATA_DIR for itself
 * (one owner per data directory) and records in this process; beside a running server it records
 * through that server's API; beside any other owner (a server still starting, another command) it
 * refuses, naming the owner's pid, and exits 78.
 */
export const demoCommand = () =>
  new Command('demo')
    .description('Record the Tabriz demo data set into the store in DATA_DIR (through the running server when one owns it), unless it is already there')
    .action(async () => {
      await import('reflect-metadata');
      const [{ loadConfig }, { createLogger }, { createApp }, { DataDirInUse }, { inProcessDemoClient }] = await Promise.all([
        import('../config'),
        import('../logger'),
        import('../app'),
        import('../eventstore/data-dir-owner'),
        import('../demo/record-demo'),
      ]);
      const config = loadConfig();
      const logger = createLogger(config.LOG_LEVEL);
      let app;
      try {
        app = await createApp(config, logger, { role: 'demo' });
      } catch (error) {
        if (error instanceof DataDirInUse && error.holder?.role === 'server' && error.holder.url)
          return recordThroughServer(config, logger, error.holder.url, error.holderPid);
        throw error;
      }
      try {
        await record(await inProcessDemoClient(app), logger);
      } finally {
        await app.close();
      }
    });
