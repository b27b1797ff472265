// Argument parsers for commander: a bad value is a usage error (exit 2) with a plain message.
import { InvalidArgumentError } from 'commander';
import { parseLocalDate } from '../../../domain/calendar.js';

export function parseDate(value: string): string {
  try {
    parseLocalDate(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
  return value;
}

export function parseYear(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2000 || n > 2100) throw new InvalidArgumentError('a year between 2000 and 2100');
  return n;
}

export function parseNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('a number of 0 or more');
  return n;
}
