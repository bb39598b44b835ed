import { createMemoryEventStore } from '../../src/eventstore/memory';
import { describeEventStoreConformance } from './event-store.conformance';

describeEventStoreConformance('memory', () => createMemoryEventStore());
