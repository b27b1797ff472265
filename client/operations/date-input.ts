// A date given to an operation, checked before anything is written or sent.
import { holidayName, parseLocalDate } from '../../domain/calendar.js';
import { OperationError } from './operation-error.js';

/**
 * Refuses, naming the field, a value that is no YYYY-MM-DD date or lies in a year the calendar does
 * not know (a typo such as 2206): refused here, not in the workflow.
 */
export function checkDate(value: string, field: string): void {
  try {
    parseLocalDate(value);
    holidayName(value);
  } catch (e) {
    throw new OperationError('invalid', 'INVALID_INPUT', (e as Error).message, field);
  }
}
