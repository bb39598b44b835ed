import 'reflect-metadata';
import { loadConfig, type Config } from '../config';
import { createLogger, type Logger } from '../logger';
import { createApp } from '../app';
import { DataDirInUse } from '../eventstore/data-dir-owner';
import { developmentSecret } from '../auth/dev-secret';
import { signToken } from '../auth/tokens';
import { DEMO_CLERK, httpDemoClient, inProcessDemoClient, recordDemo, type DemoClient } from '../demo/record-demo';
import { runCommand } from './command-line';

const progress = (step: string) => process.stderr.write(`demo: ${step}…\n`);

const record = async (client: DemoClient, logger: Logger) => {
  const summary = await recordDemo(client, progress);
  logger.info(summary, 'demo recorded');
};

/**
 * A server owns the data directory: the demo goes through its API, as any client would, with a
 * clerk's token signed by the secret this environment configures (the server's, when both read
 * the same AUTH_JWT_SECRET or the development secret of the same DATA_DIR).
 */
const recordThroughServer = async (config: Config, logger: Logger, url: string, holderPid: number | null) => {
  process.stderr.write(`demo: a Daftar server (pid ${holderPid}) owns ${config.DATA_DIR}: recording through its API at ${url}\n`);
  const secret = config.AUTH_JWT_SECRET ?? developmentSecret(config.DATA_DIR);
  const token = await signToken({ sub: DEMO_CLERK.id, name: DEMO_CLERK.name, roles: ['CLERK'], expiresIn: '1h' }, secret);
  await record(httpDemoClient(url, token), logger);
};

/**
 * `npm run demo`: records the Tabriz demo. With no server running it takes DATA_DIR for itself
 * (one owner per data directory) and records in this process; beside a running server it records
 * through that server's API; beside any other owner (a server still starting, another command)
 * it refuses, naming the owner's pid, and exits 78.
 */
const main = async () => {
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
    if (await app.store.head()) {
      logger.warn('the store is not empty: the demo is recorded anyway (its idempotency keys keep a second run from duplicating it)');
    }
    await record(await inProcessDemoClient(app), logger);
  } finally {
    await app.close();
  }
};

runCommand('demo', main);
