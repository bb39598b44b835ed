import { deciderOf, type Command } from '../core/decider';
import { InvalidTransition, NotFound, ValidationFailed, type FieldProblem } from '../core/errors';
import type { OrganizationKind, OrganizationStatus } from '../organizations/organization';
import {
  evolve,
  initialState,
  type RegionalGroup,
  type RegionalGroupDefined,
  type RegionalGroupEvent,
  type RegionalGroupMembersChanged,
} from './regional-group';

/** What the caller found of each named member in the organizations read model (absent: no such organization). */
export type MemberLookup = Record<string, { kind: OrganizationKind; status: OrganizationStatus } | undefined>;

export type DefineRegionalGroup = Command<
  'DefineRegionalGroup',
  { regionalGroupId: string; name: string; number?: number; provinceIds: string[]; missionIds: string[]; members: MemberLookup }
>;

export type ChangeRegionalGroupMembers = Command<
  'ChangeRegionalGroupMembers',
  { regionalGroupId: string; provinceIds?: string[]; missionIds?: string[]; members: MemberLookup }
>;

export type RegionalGroupCommand = DefineRegionalGroup | ChangeRegionalGroupMembers;

const memberProblems = (
  field: 'provinceIds' | 'missionIds',
  ids: string[],
  kind: OrganizationKind,
  members: MemberLookup,
): FieldProblem[] => {
  const problems: FieldProblem[] = [];
  if (new Set(ids).size !== ids.length) problems.push({ field, message: `${field} names an organization twice` });
  for (const id of ids) {
    const member = members[id];
    if (!member) problems.push({ field, message: `no organization ${id}` });
    else if (member.kind !== kind) problems.push({ field, message: `${id} is a ${member.kind}, not a ${kind}` });
    else if (member.status !== 'ACTIVE') problems.push({ field, message: `${id} is dissolved` });
  }
  return problems;
};

const assertMembers = (provinceIds: string[], missionIds: string[], members: MemberLookup): void => {
  const problems = [
    ...memberProblems('provinceIds', provinceIds, 'PROVINCE', members),
    ...memberProblems('missionIds', missionIds, 'FOREIGN_MISSION', members),
  ];
  if (problems.length) throw new ValidationFailed('regional group members are not valid', problems);
};

export const defineRegionalGroup = (command: DefineRegionalGroup, state: RegionalGroup): RegionalGroupDefined => {
  if (state.status !== 'None') throw new InvalidTransition('regional group already defined', state.status);
  const { members, ...data } = command.data;
  assertMembers(data.provinceIds, data.missionIds, members);
  return { type: 'RegionalGroupDefined', data };
};

export const changeRegionalGroupMembers = (
  command: ChangeRegionalGroupMembers,
  state: RegionalGroup,
): RegionalGroupMembersChanged => {
  if (state.status === 'None') throw new NotFound('regional group', command.data.regionalGroupId);
  // Only the lists the command replaces are checked: the others were checked when they were set.
  assertMembers(command.data.provinceIds ?? [], command.data.missionIds ?? [], command.data.members);
  const provinceIds = command.data.provinceIds ?? state.provinceIds;
  const missionIds = command.data.missionIds ?? state.missionIds;
  const before = new Set([...state.provinceIds, ...state.missionIds]);
  const after = new Set([...provinceIds, ...missionIds]);
  const addedIds = [...after].filter((id) => !before.has(id));
  const removedIds = [...before].filter((id) => !after.has(id));
  if (addedIds.length === 0 && removedIds.length === 0)
    throw new ValidationFailed('nothing would change', [{ field: 'provinceIds', message: 'the group already has exactly these members' }]);
  return {
    type: 'RegionalGroupMembersChanged',
    data: { regionalGroupId: command.data.regionalGroupId, provinceIds, missionIds, addedIds, removedIds },
  };
};

export const regionalGroupDecider = deciderOf<RegionalGroup, RegionalGroupCommand, RegionalGroupEvent>(initialState, evolve, {
  DefineRegionalGroup: defineRegionalGroup,
  ChangeRegionalGroupMembers: changeRegionalGroupMembers,
});
