import { Prisma } from '../../prisma/client.js';
import { CONFLICT, NOT_FOUND, VALIDATION_ERROR } from './errors.js';

export interface DatabaseErrorResponse {
  status: number;
  body: { error: string; message: string; field?: string };
}

interface AdapterCause {
  kind?: string;
  originalCode?: string;
  constraint?: { fields?: string[]; index?: string };
  column?: string;
}

/** The column a constraint is about: Prisma's `target`/`field_name`, the adapter's fields, or the constraint's name. */
function fieldOf(meta: Record<string, unknown> | undefined): string | undefined {
  if (!meta) return undefined;
  const target = meta.target;
  if (Array.isArray(target) && typeof target[0] === 'string') return target.join(', ');
  if (typeof target === 'string') return columnOfConstraint(target) ?? target;
  for (const key of ['field_name', 'column_name', 'argument_name'] as const) {
    if (typeof meta[key] === 'string') return columnOfConstraint(meta[key]) ?? meta[key];
  }
  const cause = (meta.driverAdapterError as { cause?: AdapterCause } | undefined)?.cause;
  if (cause?.constraint?.fields?.length) return cause.constraint.fields.join(', ');
  if (cause?.constraint?.index) return columnOfConstraint(cause.constraint.index);
  if (cause?.column) return cause.column;
  return undefined;
}

/** `Participant_municipalityCode_fkey` → `municipalityCode`; `Participant_cpr_key` → `cpr`. */
function columnOfConstraint(name: string): string | undefined {
  return /^[A-Za-z]+_(\w+?)_(?:fkey|key|pkey|idx)$/.exec(name)?.[1] ?? (/^\w+$/.test(name) ? name : undefined);
}

const invalid = (message: string, field?: string): DatabaseErrorResponse => ({
  status: 400,
  body: { error: VALIDATION_ERROR, message, ...(field ? { field } : {}) },
});

/**
 * A database error as the API answers it: a status and a plain message naming the field, never
 * Prisma's text (which quotes the server's source files and lines) nor the database's. Undefined
 * for an error that is not the database's.
 */
export function databaseErrorResponse(e: unknown): DatabaseErrorResponse | undefined {
  if (e instanceof Prisma.PrismaClientKnownRequestError) {
    const field = fieldOf(e.meta);
    const named = field ?? 'a value';
    switch (e.code) {
      case 'P2002':
        return { status: 409, body: { error: CONFLICT, message: `${named} is already in use`, ...(field ? { field } : {}) } };
      case 'P2003':
        return {
          status: 409,
          body: {
            error: CONFLICT,
            message: `${named} does not match an existing record, or the record is still in use`,
            ...(field ? { field } : {}),
          },
        };
      case 'P2025':
      case 'P2001':
      case 'P2018':
        return { status: 404, body: { error: NOT_FOUND, message: 'the record to change does not exist' } };
      case 'P2000':
        return invalid(`${named} is too long`, field);
      case 'P2011':
      case 'P2012':
        return invalid(`${named} is required`, field);
      case 'P2034':
        return { status: 409, body: { error: CONFLICT, message: 'the change met another at the same time; try again' } };
      default:
        if (/^P10/.test(e.code)) return unavailable();
        return invalid(`${named} has a value the database cannot store`, field);
    }
  }
  if (e instanceof Prisma.PrismaClientValidationError) {
    // The message names the argument (`Argument `referredOn`: Invalid value…`), and the server's files: only the name goes out.
    const field = /Argument `(\w+)`/.exec(e.message)?.[1] ?? /Unknown argument `(\w+)`/.exec(e.message)?.[1];
    return invalid(`${field ?? 'a value'} has the wrong form`, field);
  }
  if (e instanceof Prisma.PrismaClientInitializationError || e instanceof Prisma.PrismaClientRustPanicError) return unavailable();
  if (e instanceof Prisma.PrismaClientUnknownRequestError)
    return { status: 500, body: { error: 'INTERNAL', message: 'the database refused the request; see the server log' } };
  if (e instanceof Error && e.name === 'DriverAdapterError') {
    const cause = (e as { cause?: AdapterCause }).cause;
    if (/0x00/.test(e.message)) return invalid('a text contains a NUL character');
    if (cause?.kind === 'UniqueConstraintViolation')
      return { status: 409, body: { error: CONFLICT, message: `${cause.constraint?.fields?.join(', ') ?? 'a value'} is already in use` } };
    if (/^(08|57P)/.test(cause?.originalCode ?? '') || /ECONNREFUSED|terminat|timeout/i.test(e.message)) return unavailable();
    if (/^22/.test(cause?.originalCode ?? '')) return invalid('a value has a form or size the database cannot store');
    return { status: 500, body: { error: 'INTERNAL', message: 'the database refused the request; see the server log' } };
  }
  return undefined;
}

function unavailable(): DatabaseErrorResponse {
  return { status: 503, body: { error: 'UNAVAILABLE', message: 'the database cannot be reached; try again later' } };
}
