import { getNamedType, isObjectType } from 'graphql';
import { buildSchema } from '../../src/schema';

describe('dates for people', () => {
  it('gives every DateTime field of every object type a `<field>Jalali` sibling', async () => {
    const schema = await buildSchema();
    const missing = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => !type.name.startsWith('__'))
      .flatMap((type) =>
        Object.values(type.getFields())
          .filter((field) => getNamedType(field.type).name === 'DateTime' && !type.getFields()[`${field.name}Jalali`])
          .map((field) => `${type.name}.${field.name}`),
      );
    expect(missing).toEqual([]);
  });
});
