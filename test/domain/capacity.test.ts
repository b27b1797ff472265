import { describe, expect, it } from 'vitest';
import { cohortFileCapacityIssue, participantCapacityRefusal, placesOf } from '../../domain/capacity.js';

const sib = { id: 'sib-business-training-ips', capacity: { participants: 60 } };

describe("a cohort's places against its programme's capacity", () => {
  it('lets enrolments fill the planned places and refuses the next, naming capacity.participants', () => {
    expect(participantCapacityRefusal(sib, 59, 1)).toBeNull();
    expect(participantCapacityRefusal(sib, 60, 1)).toBe(
      'programme sib-business-training-ips plans 60 participants a cohort (capacity.participants) and 60 places are taken: no place is free (put the citizen on the waitlist of the cohort: the next place freed goes to the first in line)',
    );
    expect(participantCapacityRefusal(sib, 58, 3)).toContain('3 places are not free');
    // A programme that plans no capacity takes everyone.
    expect(participantCapacityRefusal({ id: 'x', capacity: { companies: 9 } }, 1000, 1)).toBeNull();
    expect(participantCapacityRefusal({ id: 'x' }, 1000, 1)).toBeNull();
  });

  it('refuses a cohort file beyond the capacity at the first participant without a place', () => {
    expect(cohortFileCapacityIssue(sib, 60)).toBeNull();
    expect(cohortFileCapacityIssue(sib, 61)).toEqual({
      path: ['participants', 60],
      message:
        'the file lists 61 participants, but programme sib-business-training-ips plans 60 a cohort (capacity.participants): participant 61 has no place (enrol the others later, or put them on the waitlist of the cohort once it runs)',
    });
    expect(cohortFileCapacityIssue(sib, 63)?.message).toContain('participants 61–63 have no place');
  });

  it('reports places taken and free, never below 0 free', () => {
    expect(placesOf(120, 7)).toEqual({ planned: 120, taken: 7, free: 113 });
    expect(placesOf(20, 22)).toEqual({ planned: 20, taken: 22, free: 0 });
  });
});
