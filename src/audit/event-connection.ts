import { ObjectType } from 'type-graphql';
import { Connection } from '../graphql/connection';
import { EventRecord } from './event-record.types';

@ObjectType()
export class EventConnection extends Connection(EventRecord, 'Event') {}
