import type { Event } from '../core/event';

export const REGIONAL_GROUP_CATEGORY = 'regionalGroup';

export type RegionalGroupDefined = Event<
  'RegionalGroupDefined',
  { regionalGroupId: string; name: string; number?: number; provinceIds: string[]; missionIds: string[] }
>;

export type RegionalGroupMembersChanged = Event<
  'RegionalGroupMembersChanged',
  { regionalGroupId: string; provinceIds: string[]; missionIds: string[]; addedIds: string[]; removedIds: string[] }
>;

export type RegionalGroupEvent = RegionalGroupDefined | RegionalGroupMembersChanged;

export type RegionalGroup =
  | { status: 'None' }
  | { status: 'DEFINED'; regionalGroupId: string; name: string; number?: number; provinceIds: string[]; missionIds: string[] };

export const initialState = (): RegionalGroup => ({ status: 'None' });

export const evolve = (state: RegionalGroup, event: RegionalGroupEvent): RegionalGroup => {
  switch (event.type) {
    case 'RegionalGroupDefined':
      return { status: 'DEFINED', ...event.data, provinceIds: [...event.data.provinceIds], missionIds: [...event.data.missionIds] };
    case 'RegionalGroupMembersChanged':
      if (state.status === 'None') return state;
      return { ...state, provinceIds: [...event.data.provinceIds], missionIds: [...event.data.missionIds] };
    default:
      return state;
  }
};
