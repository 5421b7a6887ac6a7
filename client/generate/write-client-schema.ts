import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractDocument } from './contract-document';
import { documentSource, schemaSource } from './schema-source';

/** `npm run client:generate`: writes client/openapi.json and client/schema.ts from the app's own document. */
async function main(): Promise<void> {
  const document = await contractDocument();
  const dir = join(__dirname, '..');
  writeFileSync(join(dir, 'openapi.json'), documentSource(document));
  writeFileSync(join(dir, 'schema.ts'), schemaSource(document));
  process.stdout.write(`client/openapi.json and client/schema.ts: ${Object.keys(document.paths).length} paths\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
