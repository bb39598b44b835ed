import { openSqliteEventStore } from '../../src/eventstore/sqlite';
import { describeEventStoreConformance } from './event-store.conformance';
import { useTempDir } from './temp-event-log';

const tempDir = useTempDir();
let files = 0;

describeEventStoreConformance('sqlite', () => openSqliteEventStore({ file: tempDir.path(`events-${++files}.sqlite`) }));
