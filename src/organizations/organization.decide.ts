import { deciderOf, type Command } from '../core/decider';
import { InvalidTransition, NotFound, invalidField } from '../core/errors';
import {
  evolve,
  initialState,
  type Organization,
  type OrganizationEvent,
  type OrganizationKind,
  type OrganizationRegistered,
  type OrganizationRenamed,
  type OrganizationDissolved,
} from './organization';

export type RegisterOrganization = Command<
  'RegisterOrganization',
  {
    organizationId: string;
    kind: OrganizationKind;
    name: string;
    nameEn?: string;
    country?: string;
    parentId?: string;
    /** Looked up by the caller: the parent's status, if a parent was named (null: no such organization). */
    parentStatus?: Organization['status'] | null;
  }
>;
export type RenameOrganization = Command<'RenameOrganization', { organizationId: string; name: string; nameEn?: string }>;
export type DissolveOrganization = Command<'DissolveOrganization', { organizationId: string }>;

export type OrganizationCommand = RegisterOrganization | RenameOrganization | DissolveOrganization;

export const registerOrganization = (command: RegisterOrganization, state: Organization): OrganizationRegistered => {
  if (state.status !== 'None') throw new InvalidTransition('organization already registered', state.status);
  const { parentStatus, ...data } = command.data;
  if (data.kind === 'FOREIGN_MISSION' && !data.country)
    throw invalidField('country', 'a foreign mission needs the country it is in');
  if (data.parentId !== undefined && (parentStatus === null || parentStatus === undefined || parentStatus === 'None'))
    throw invalidField('parentId', `no organization ${data.parentId}`);
  if (data.parentId === data.organizationId) throw invalidField('parentId', 'an organization cannot be its own parent');
  return { type: 'OrganizationRegistered', data };
};

export const renameOrganization = (command: RenameOrganization, state: Organization): OrganizationRenamed => {
  if (state.status === 'None') throw new NotFound('organization', command.data.organizationId);
  if (state.status === 'DISSOLVED') throw new InvalidTransition('a dissolved organization cannot be renamed', state.status);
  if (state.name === command.data.name && (command.data.nameEn ?? state.nameEn) === state.nameEn)
    throw invalidField('name', 'the organization already has this name');
  return { type: 'OrganizationRenamed', data: { ...command.data, previousName: state.name } };
};

export const dissolveOrganization = (command: DissolveOrganization, state: Organization): OrganizationDissolved => {
  if (state.status === 'None') throw new NotFound('organization', command.data.organizationId);
  if (state.status !== 'ACTIVE') throw new InvalidTransition(`organization is ${state.status}`, state.status);
  return {
    type: 'OrganizationDissolved',
    data: { organizationId: command.data.organizationId, dissolvedAt: command.metadata.occurredAt },
  };
};

export const organizationDecider = deciderOf<Organization, OrganizationCommand, OrganizationEvent>(initialState, evolve, {
  RegisterOrganization: registerOrganization,
  RenameOrganization: renameOrganization,
  DissolveOrganization: dissolveOrganization,
});
