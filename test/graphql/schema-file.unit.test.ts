import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, printSchemaFile } from '../../src/schema';

describe('schema/schema.graphql', () => {
  it('is the schema the code generates (run `npm run build` to regenerate it)', async () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(printSchemaFile(await buildSchema()));
  });
});
