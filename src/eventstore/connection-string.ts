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

export const CONNECTION_STRING_SCHEMES = Object.keys(KIND_OF_SCHEME).map((scheme) => `${scheme}://`);

const schemeOf = (connectionString: string): string | undefined => /^([a-z][a-z0-9+.-]*):\/\//.exec(connectionString)?.[1];

/** The store a connection string names, or null when its scheme is none of ours. */
export const storeKindOf = (connectionString: string): ConnectedStoreKind | null => KIND_OF_SCHEME[schemeOf(connectionString) ?? ''] ?? null;

/** The EventStoreDB client reads only the esdb schemes: a kurrentdb:// string is the same address under them. */
export const asEsdbConnectionString = (connectionString: string): string => connectionString.replace(/^kurrentdb(\+discover)?:\/\//, 'esdb$1://');
