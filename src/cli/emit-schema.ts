import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, printSchemaFile } from '../schema';

/** Writes schema/schema.graphql; run by `npm run build` so the committed file is always the generated one. */
const main = async () => {
  const file = join(__dirname, '..', '..', '..', 'schema', 'schema.graphql');
  writeFileSync(file, printSchemaFile(await buildSchema()));
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
