import { fieldChanges } from '../../src/audit/field-changes';

const doc = (state: object, extra: object = {}) => ({
  id: 'o1',
  version: 3,
  position: '17',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-02T00:00:00.000Z',
  occurredAt: '2025-01-02T00:00:00.000Z',
  state,
  ...extra,
});

describe('fieldChanges', () => {
  it('shows a changed leaf with its dotted path, before and after', () =>
    expect(fieldChanges(doc({ name: 'الف', status: 'ACTIVE' }), doc({ name: 'ب', status: 'ACTIVE' }))).toEqual([
      { path: 'state.name', before: 'الف', after: 'ب' },
    ]));

  it('leaves out the fields every event rewrites (version, position, updatedAt, occurredAt)', () =>
    expect(
      fieldChanges(doc({ n: 1 }), { ...doc({ n: 1 }), version: 4, position: '18', updatedAt: 'x', occurredAt: 'y' }),
    ).toEqual([]));

  it('shows a created entity leaf by leaf, from null', () =>
    expect(fieldChanges(null, { id: 'o1', version: 0, state: { status: 'ACTIVE', provinceIds: ['p1', 'p2'] } })).toEqual([
      { path: 'id', before: null, after: 'o1' },
      { path: 'state.status', before: null, after: 'ACTIVE' },
      { path: 'state.provinceIds.0', before: null, after: 'p1' },
      { path: 'state.provinceIds.1', before: null, after: 'p2' },
    ]));

  it('names list items by index, down to the field that changed', () =>
    expect(
      fieldChanges(
        doc({ outcomes: [{ id: 'a', text: 'یک' }, { id: 'b', text: 'دو' }] }),
        doc({ outcomes: [{ id: 'a', text: 'یک' }, { id: 'b', text: 'دوم' }, { id: 'c', text: 'سه' }] }),
      ),
    ).toEqual([
      { path: 'state.outcomes.1.text', before: 'دو', after: 'دوم' },
      { path: 'state.outcomes.2.id', before: null, after: 'c' },
      { path: 'state.outcomes.2.text', before: null, after: 'سه' },
    ]));

  it('shows a removed field and a removed list item as going to null', () =>
    expect(fieldChanges(doc({ nameEn: 'X', missionIds: ['m1'] }), doc({ missionIds: [] }))).toEqual([
      { path: 'state.nameEn', before: 'X', after: null },
      { path: 'state.missionIds.0', before: 'm1', after: null },
    ]));

  it('treats an undefined field as absent, as the stored read model does', () =>
    expect(fieldChanges(doc({ name: 'x' }), doc({ name: 'x', nameEn: undefined }))).toEqual([]));

  it('shows a null that became an object as the object appearing', () =>
    expect(fieldChanges(doc({ chair: null }), doc({ chair: { name: 'وزیر' } }))).toEqual([
      { path: 'state.chair.name', before: null, after: 'وزیر' },
    ]));
});
