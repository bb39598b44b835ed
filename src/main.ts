import 'reflect-metadata';
import { Command } from 'commander';
import { loadConfig, ConfigError } from './config';
import { createLogger } from './logger';
import { createApp } from './app';
import { startServer } from './server';
import { developmentTokens } from './auth/dev-secret';
import { EventStoreUnavailable } from './eventstore/errors';

const program = new Command()
  .name('daftar')
  .description('Daftar: the event-sourced ledger of regional meetings, resolutions and delegations')
  .option('--demo', 'record the Tabriz demo data set first when the store is empty')
  .allowExcessArguments(false);

const main = async () => {
  const options = program.parse(process.argv).opts<{ demo?: boolean }>();
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const app = await createApp(config, logger);
  if (options.demo) {
    const { recordDemoIfEmpty } = await import('./demo/record-demo');
    await recordDemoIfEmpty(app);
  }
  const server = await startServer(app);
  try {
    // Where `npm run demo` (and anyone reading DATA_DIR/owner.json) finds this server.
    app.owner.announce(server.url.replace('//localhost:', '//127.0.0.1:'));
  } catch (error) {
    logger.warn({ err: error }, 'could not write DATA_DIR/owner.json: a command beside this server will not find its URL');
  }
  logger.info({ url: server.url, store: app.store.name, dataDir: config.DATA_DIR }, `Daftar is serving GraphQL at ${server.url}`);
  if (config.CONSOLE) {
    const consoleUrl = server.url.replace(/\/graphql$/, '/console');
    logger.info({ url: consoleUrl }, `The audit console is at ${consoleUrl}`);
  }

  if (!config.AUTH_JWT_SECRET) {
    // Outside production only (loadConfig refuses a missing secret in production): ready tokens to try it at once.
    const [clerk, auditor] = (await developmentTokens(app.authSecret)).map((ready) => ready.token);
    logger.info({ clerkToken: clerk, auditorToken: auditor }, 'development tokens (AUTH_JWT_SECRET is not set): send one as "Authorization: Bearer <token>"');
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.stop();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
};

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof EventStoreUnavailable) {
    console.error(`daftar: cannot start: ${error.message}`);
    process.exit(78); // EX_CONFIG: a supervisor should not restart-loop on this
  }
  console.error('daftar: failed to start', error);
  process.exit(1);
});
