import type { DecisionReads } from '../commands/decision-reads';
import { foldWith } from '../commands/decision-reads';
import { streamIdOf } from '../core/streams';
import { ORGANIZATION_CATEGORY, evolve, initialState, type Organization } from './organization';

export type RegisteredOrganization = Exclude<Organization, { status: 'None' }>;

const foldOrganization = foldWith({ evolve, initialState });

/**
 * An organization another aggregate's command names, read from its own stream, for the decision
 * to rest on: the append then checks the stream is unchanged, so a dissolution racing the command
 * makes it decide again instead of passing on a status that no longer holds (null: none recorded).
 */
export const organizationFromLog = async (reads: DecisionReads, id: string): Promise<RegisteredOrganization | null> => {
  const organization = await reads.stream(streamIdOf(ORGANIZATION_CATEGORY, id), foldOrganization);
  return organization.status === 'None' ? null : organization;
};
