import { describe, expect, it } from 'vitest';
import { moveCohortCamp } from '../client/operations/cohorts.js';
import type { OperationContext } from '../client/operations/context.js';

// A date is judged before the cohort is asked: no Temporal client or database is reached for these.
const ctx = {} as OperationContext;

describe('moving a camp: the date is checked by the operation before the cohort workflow is asked', () => {
  it('refuses a year the calendar does not know (a typo such as 2206), naming toDate', async () => {
    await expect(moveCohortCamp(ctx, 'klynge-1-2019', { campId: 'klynge-1-2019-camp-1', toDate: '2206-03-02' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'toDate',
      message: expect.stringMatching(/not for 2206/),
    });
  });

  it('refuses a date that is no calendar date, naming toDate', async () => {
    await expect(moveCohortCamp(ctx, 'klynge-1-2019', { campId: 'klynge-1-2019-camp-1', toDate: '2027-02-30' })).rejects.toMatchObject({
      field: 'toDate',
    });
  });
});
