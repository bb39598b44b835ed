import { isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { buildSchema } from '../../src/schema';

// `simpleResolvers` lets graphql-js read a plain field straight off its object, so type-graphql
// runs no middleware and no `@Authorized` check for it: a role put on such a field would be ignored.
describe('object types with simple resolvers', () => {
  it('carry no @Authorized role and no middleware on any of their fields', async () => {
    await buildSchema();
    const simpleTypes = getMetadataStorage().objectTypes.filter((type) => type.simpleResolvers);
    expect(simpleTypes.map((type) => type.name)).toEqual(expect.arrayContaining(['Meeting', 'Participant', 'Outcome', 'Organization']));
    const guarded = simpleTypes.flatMap((type) =>
      (type.fields ?? [])
        .filter((field) => (field.roles !== undefined && field.roles !== null) || (field.middlewares ?? []).length > 0)
        .map((field) => `${type.name}.${field.name}`),
    );
    expect(guarded).toEqual([]);
  });

  it('leave plain fields to graphql-js and field resolvers to their resolver classes', async () => {
    const schema = await buildSchema();
    const meeting = schema.getType('Meeting');
    if (!isObjectType(meeting)) throw new Error('Meeting is not an object type');
    expect(meeting.getFields().title.resolve).toBeUndefined();
    expect(meeting.getFields().outcomes.resolve).toEqual(expect.any(Function));
  });
});
