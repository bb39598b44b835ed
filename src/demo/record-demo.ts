import type { App } from '../app';

/** Placeholder until the demo data set lands: records nothing. */
export const recordDemoIfEmpty = async (app: App): Promise<void> => {
  app.logger.warn('the demo data set is not written yet');
};
