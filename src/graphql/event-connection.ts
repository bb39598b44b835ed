import { ObjectType } from 'type-graphql';
import { Connection } from './connection';
import { EventRecord } from './event-record.types';

@ObjectType({ simpleResolvers: true })
export class EventConnection extends Connection(EventRecord, 'Event') {}
