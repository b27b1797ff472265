// Writes the published JSON Schemas (schemas/*.schema.json) from the zod schemas, the single source
// of truth. `npx tsx scripts/generate-schemas.ts`; a test checks the committed files are current.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { cohortFileSchema } from '../domain/cohort-file.js';
import { programmeSchema } from '../domain/programme.js';

const SCHEMAS = [
  { file: 'programme.schema.json', title: 'Dobbeltspor programme template', schema: programmeSchema },
  { file: 'cohort.schema.json', title: 'Dobbeltspor cohort file', schema: cohortFileSchema },
];

/** The schema files' paths and contents. Input shapes: fields with defaults may be left out. */
export function renderSchemas(): { path: string; content: string }[] {
  return SCHEMAS.map(({ file, title, schema }) => {
    const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
    const withId = { $schema: json.$schema, $id: `https://dobbeltspor.dk/schemas/${file}`, title, ...json };
    return { path: fileURLToPath(new URL(`../schemas/${file}`, import.meta.url)), content: `${JSON.stringify(withId, null, 2)}\n` };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const { path, content } of renderSchemas()) {
    writeFileSync(path, content);
    console.log(`wrote ${path}`);
  }
}
