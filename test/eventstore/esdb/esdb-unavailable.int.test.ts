import { createServer } from 'node:net';
import { EventStoreUnavailable } from '../../../src/eventstore/errors';
import { openEsdbEventStore } from '../../../src/eventstore/esdb';
import { openEventStore } from '../../../src/eventstore/open-event-store';

/** A port that was just free: nothing listens there, so a connection is refused at once. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was assigned');
  return address.port;
};

describe('opening the EventStoreDB store', () => {
  it('says at start-up that nothing answers at the address, without its password', async () => {
    const port = await closedPort();
    const opening = openEsdbEventStore({ connectionString: `esdb://admin:changeit@127.0.0.1:${port}?tls=false` });

    const refusal = await opening.then(() => null, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(EventStoreUnavailable);
    expect((refusal as Error).message).toContain(`esdb://admin:***@127.0.0.1:${port}`);
    expect((refusal as Error).message).not.toContain('changeit');
  });

  it('takes a kurrentdb:// connection string (EventStoreDB under its new name) as the same address', async () => {
    const port = await closedPort();
    const opening = openEventStore({ dataDir: 'unused', eventStoreConnectionString: `kurrentdb://admin:changeit@127.0.0.1:${port}?tls=false` });

    const refusal = await opening.then(() => null, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(EventStoreUnavailable);
    expect((refusal as Error).message).toContain(`EventStoreDB at esdb://admin:***@127.0.0.1:${port}?tls=false cannot be used`);
  });

  it('refuses a connection string the client cannot parse', async () => {
    await expect(openEsdbEventStore({ connectionString: 'http://127.0.0.1:2113' })).rejects.toThrow(EventStoreUnavailable);
  });
});
