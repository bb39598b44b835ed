import 'reflect-metadata';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { createApp } from '../app';
import { recordDemo } from '../demo/record-demo';
import { runCommand } from './command-line';

/** `npm run demo`: records the Tabriz demo into DATA_DIR (the server need not run; stop it first). */
const main = async () => {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const app = await createApp(config, logger);
  try {
    if (await app.store.head()) {
      logger.warn('the store is not empty: the demo is recorded anyway (its idempotency keys keep a second run from duplicating it)');
    }
    const summary = await recordDemo(app, (step) => process.stderr.write(`demo: ${step}…\n`));
    logger.info(summary, 'demo recorded');
  } finally {
    await app.close();
  }
};

runCommand('demo', main);
