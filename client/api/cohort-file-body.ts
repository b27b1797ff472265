// A cohort file as a request gives it: `file`, the name of one shipped in cohorts/, or `yaml`, the file
// itself; parsed and validated with its programme, its problems named by the request's field.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileValidationError, parseCohortFile, type LoadedCohort } from '../operations/files.js';
import { OperationError } from '../operations/operation-error.js';
import { RequestValidationError } from './errors.js';

const COHORTS_DIR = fileURLToPath(new URL('../../cohorts/', import.meta.url));

/** The body's two ways of giving a cohort file, for a route's schema. */
export const COHORT_FILE_PROPERTIES = {
  file: { type: 'string', pattern: '^[a-z0-9-]+\\.ya?ml$', description: 'a file in cohorts/, e.g. klynge-1-2019.yaml' },
  yaml: { type: 'string', minLength: 1, maxLength: 1_000_000, description: 'a cohort file' },
} as const;

/**
 * A cohort file's problems as the request sees them: named by the request's field (`body.yaml`,
 * `body.file`); the file is named as the request named it, never by where the server keeps it.
 */
export function asRequestFileError(e: unknown, field: string): unknown {
  if (!(e instanceof FileValidationError)) return e;
  return new OperationError('invalid', e.code, `${field}: ${e.message}`, field, { issues: e.issues });
}

/** The cohort file of a body with `file` or `yaml` (exactly one), validated; `field` names it in later refusals. */
export async function cohortFileOfBody(body: { file?: string; yaml?: string }): Promise<{ content: LoadedCohort; field: string }> {
  const { file, yaml } = body;
  if (!file === !yaml) throw new RequestValidationError('body.file', 'give either file (a shipped cohort file) or yaml (the file itself)');
  if (file && !(await readdir(COHORTS_DIR)).includes(file))
    throw new RequestValidationError('body.file', `no cohort file ${file} in cohorts/`);
  // The operations take the file's content: the API has the body, or reads the shipped file.
  const field = file ? 'body.file' : 'body.yaml';
  const text = file ? await readFile(join(COHORTS_DIR, file), 'utf8') : yaml!;
  const content = await parseCohortFile(text, { name: file ? `cohorts/${file}` : 'the uploaded cohort file' }).catch((e: unknown) => {
    throw asRequestFileError(e, field);
  });
  return { content, field };
}
