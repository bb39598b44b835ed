/** The stores a connection string can name, by its scheme. */
export type ConnectedStoreKind = 'esdb' | 'postgres';

const KIND_OF_SCHEME: Readonly<Record<string, ConnectedStoreKind>> = {
  esdb: 'esdb',
  'esdb+discover': 'esdb',
  // EventStoreDB's new name, same server and protocol.
  kurrentdb: 'esdb',
  'kurrentdb+discover': 'esdb',
  postgres: 'postgres',
  postgresql: 'postgres',
};

const schemesOf = (kind: ConnectedStoreKind): string[] =>
  Object.entries(KIND_OF_SCHEME)
    .filter(([, ofKind]) => ofKind === kind)
    .map(([scheme]) => `${scheme}://`);
const eitherOf = (items: string[]): string => `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;

/** What a connection string may start with, in words: for the messages that refuse one. */
export const CONNECTION_STRING_FORMS = `${eitherOf(schemesOf('esdb'))} (EventStoreDB, KurrentDB), or ${eitherOf(schemesOf('postgres'))} (PostgreSQL)`;

const schemeOf = (connectionString: string): string | undefined => /^([a-z][a-z0-9+.-]*):\/\//.exec(connectionString)?.[1];

/** The store a connection string names, or null when its scheme is none of ours. */
export const storeKindOf = (connectionString: string): ConnectedStoreKind | null => KIND_OF_SCHEME[schemeOf(connectionString) ?? ''] ?? null;

/** The EventStoreDB client reads only the esdb schemes: a kurrentdb:// string is the same address under them. */
export const asEsdbConnectionString = (connectionString: string): string => connectionString.replace(/^kurrentdb(\+discover)?:\/\//, 'esdb$1://');
