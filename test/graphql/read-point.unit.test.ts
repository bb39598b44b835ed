import { idAtPoint, parseIdAtPoint } from '../../src/graphql/read-point';

const ID = '0190c8a0-0000-7000-8000-000000000000';

describe('ids of objects read at a point', () => {
  it('is the plain id now, and names the point otherwise; parsing gives the point back', () => {
    expect(idAtPoint(ID)).toBe(ID);
    const asOf = new Date('2026-01-02T03:04:05.000Z');
    const points = [{}, { asOf }, { atPosition: '42' }, { atPosition: '7/3' }, { asOf, atPosition: '42' }, { asOf, at: '2025-03-01T00:00:00.000Z' }];
    for (const point of points) expect(parseIdAtPoint(idAtPoint(ID, point))).toEqual({ entityId: ID, point });
    expect(idAtPoint(ID, { asOf, atPosition: '42' })).toBe(`${ID}@asOf:2026-01-02T03:04:05.000Z@position:42`);
  });

  it('refuses what it never gives out', () => {
    for (const id of [
      'x',
      `${ID}@`,
      `${ID}@asOf`,
      `${ID}@asOf:2026-01-02`,
      `${ID}@asOf:2026-13-02T03:04:05.000Z`,
      `${ID}@position:-1`,
      `${ID}@position:42@asOf:2026-01-02T03:04:05.000Z`,
      `${ID}@asOf:2026-01-02T03:04:05.000Z@asOf:2026-01-02T03:04:05.000Z`,
      `${ID}@when:2026-01-02T03:04:05.000Z`,
    ])
      expect({ id, parsed: parseIdAtPoint(id) }).toEqual({ id, parsed: null });
  });
});
