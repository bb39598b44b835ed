import { Command } from 'commander';

/** `daftar demo`: records the Tabriz demo into DATA_DIR (the server need not run; stop it first), once. */
export const demoCommand = () =>
  new Command('demo')
    .description('Record the Tabriz demo data set into the store in DATA_DIR, unless it is already there')
    .action(async () => {
      await import('reflect-metadata');
      const { loadConfig } = await import('../config');
      const { createLogger } = await import('../logger');
      const { createApp } = await import('../app');
      const { recordDemo } = await import('../demo/record-demo');
      const config = loadConfig();
      const logger = createLogger(config.LOG_LEVEL);
      const app = await createApp(config, logger);
      try {
        const outcome = await recordDemo(app, (step) => process.stderr.write(`demo: ${step}…\n`));
        if (outcome.status === 'already-recorded') {
          process.stderr.write(
            `demo: the Tabriz demo is already in this store (${outcome.demoEvents} events recorded by the demo clerk, ` +
              `${outcome.firstRecordedAt} to ${outcome.lastRecordedAt}): nothing was recorded\n`,
          );
        } else {
          logger.info(outcome, 'demo recorded');
          process.stderr.write(
            `demo: recorded ${outcome.organizations} organizations, the meeting ${outcome.meetingId} with ${outcome.outcomes} outcomes, ` +
              `${outcome.resolutions} resolutions, ${outcome.delegations} delegations, ${outcome.cooperationDocuments} cooperation documents\n`,
          );
        }
      } finally {
        await app.close();
      }
    });
