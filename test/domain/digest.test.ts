import { describe, expect, it } from 'vitest';
import { participantDigestLines } from '../../activities/digest.js';

describe('participant digest lines', () => {
  it('puts the missing weeks on one line, the longest absence on one, and each other item with its date', () => {
    const lines = participantDigestLines([
      { template: 'participant-attendance-reminder', data: { weekStart: '2026-01-05' } },
      { template: 'participant-mentor-missing', data: { startedOn: '2026-01-05', dueOn: '2026-01-19' } },
      { template: 'participant-attendance-reminder', data: { weekStart: '2026-01-12' } },
      { template: 'participant-attendance-escalation', data: { weekStart: '2026-01-12', weeksInRow: 2 } },
      { template: 'participant-attendance-reminder', data: { weekStart: '2026-01-19' } },
      { template: 'participant-attendance-reminder', data: { weekStart: '2026-01-26' } },
      { template: 'participant-attendance-escalation', data: { weekStart: '2026-01-26', weeksInRow: 4 } },
      { template: 'participant-placement-missing', data: { jobTrainingStartsOn: '2026-07-06' } },
    ]);
    expect(lines).toEqual([
      'Fremmøde ikke registreret for 4 uger: 2026-01-05, 2026-01-12, 2026-01-19, 2026-01-26',
      '4 uger i træk uden det planlagte fremmøde (til og med ugen med start 2026-01-26)',
      'Ingen mentor tildelt (fristen var 2026-01-19)',
      'Ingen virksomhedsplacering til jobtræningen, der begyndte 2026-07-06',
    ]);
    expect(participantDigestLines([{ template: 'participant-attendance-reminder', data: { weekStart: '2026-01-05' } }])).toEqual([
      'Fremmøde ikke registreret for ugen med start 2026-01-05',
    ]);
  });
});
