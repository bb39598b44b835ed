import { v7 as uuidv7 } from 'uuid';

/** Time-ordered ids, so that entities sort by creation without a second index. */
export const newId = (): string => uuidv7();
export const newEventId = (): string => uuidv7();
