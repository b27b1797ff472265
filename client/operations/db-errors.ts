// PostgreSQL's refusals in words. The files are validated so that no value reaches a constraint, but
// should one still (a race with another writer, a column narrower than the schema thought), the
// caller gets a plain message naming the model and field, never Prisma's raw text.
import pg from 'pg';
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

/**
 * The refusal behind a Prisma error, or behind PostgreSQL's own error from a statement sent on the
 * pg pool (sqlPoolOf), or undefined when the error is no refusal of the data (e.g. the database is down).
 */
export function dbRefusal(e: unknown): DbRefusal | undefined {
  if (e instanceof pg.DatabaseError) {
    const field = e.table ? (e.column ? `${e.table}.${e.column}` : e.table) : 'row';
    return refusalOf(field, undefined, e.code, e.message);
  }
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
  return refusalOf(field, e.code, cause.originalCode, cause.originalMessage);
}

/** The refusal of Prisma's error code or PostgreSQL's SQLSTATE `sqlState`. */
function refusalOf(
  field: string,
  prisma: string | undefined,
  sqlState: string | undefined,
  pgMessage: string | undefined,
): DbRefusal | undefined {
  if (prisma === 'P2002' || sqlState === '23505')
    return { field, kind: 'unique', message: `${field} must be unique, and the value is stored for another row already` };
  if (prisma === 'P2000' || sqlState === '22001')
    return { field, kind: 'too-long', message: `the value for ${field} is too long for the database` };
  if (prisma === 'P2020' || sqlState === '22003')
    return { field, kind: 'out-of-range', message: `the value for ${field} is out of range for the database` };
  if (prisma === 'P2003' || sqlState === '23503')
    return { field, kind: 'missing-reference', message: `${field} refers to a row that does not exist` };
  if (sqlState === '22P05' || sqlState === '22021')
    return { field, kind: 'bad-character', message: `a value for ${field} holds a character the database refuses (a NUL byte?)` };
  if (sqlState?.startsWith('22') || sqlState?.startsWith('23'))
    return { field, kind: 'other', message: `the database refused a value for ${field}: ${pgMessage ?? prisma}` };
  return undefined;
}
