// PostgreSQL's refusals in words. The files are validated so that no value reaches a constraint, but
// should one still (a race with another writer, a column narrower than the schema thought), the
// caller gets a plain message naming the model and field, never Prisma's raw text.
import { Prisma } from '../../prisma/client.js';

export interface DbRefusal {
  /** `Company.cvr`, `CohortMunicipality.slots`, or the model alone when the field is unknown. */
  field: string;
  message: string;
  kind: 'unique' | 'too-long' | 'out-of-range' | 'missing-reference' | 'bad-character' | 'other';
}

interface AdapterCause {
  originalCode?: string;
  originalMessage?: string;
  constraint?: { fields?: string[]; index?: string } | string;
  column?: string;
}

/** The refusal behind a Prisma error, or undefined when the error is no refusal of the data (e.g. the database is down). */
export function dbRefusal(e: unknown): DbRefusal | undefined {
  if (!(e instanceof Prisma.PrismaClientKnownRequestError)) return undefined;
  const meta = (e.meta ?? {}) as {
    modelName?: string;
    target?: string[] | string;
    field_name?: string;
    column_name?: string;
    driverAdapterError?: { cause?: AdapterCause };
  };
  const cause = meta.driverAdapterError?.cause ?? {};
  const model = meta.modelName ?? 'row';
  const constraintFields = typeof cause.constraint === 'object' ? cause.constraint.fields : undefined;
  const column =
    meta.column_name ??
    cause.column ??
    meta.field_name ??
    (Array.isArray(meta.target) ? meta.target.join(', ') : meta.target) ??
    constraintFields?.join(', ');
  const field = column ? `${model}.${column.replace(/"/g, '')}` : model;
  const pg = cause.originalCode;
  if (e.code === 'P2002' || pg === '23505')
    return { field, kind: 'unique', message: `${field} must be unique, and the value is stored for another row already` };
  if (e.code === 'P2000' || pg === '22001')
    return { field, kind: 'too-long', message: `the value for ${field} is too long for the database` };
  if (e.code === 'P2020' || pg === '22003')
    return { field, kind: 'out-of-range', message: `the value for ${field} is out of range for the database` };
  if (e.code === 'P2003' || pg === '23503')
    return { field, kind: 'missing-reference', message: `${field} refers to a row that does not exist` };
  if (pg === '22P05' || pg === '22021')
    return { field, kind: 'bad-character', message: `a value for ${field} holds a character the database refuses (a NUL byte?)` };
  if (pg?.startsWith('22') || pg?.startsWith('23'))
    return { field, kind: 'other', message: `the database refused a value for ${field}: ${cause.originalMessage ?? e.code}` };
  return undefined;
}
