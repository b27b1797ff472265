import type { Db } from '../prisma/client.js';

/**
 * The tracks' summaries as the workflows project them (domain/participant-agenda.ts `summary()`, about
 * 1.3 kB a track), so that the work queue reads rows of their real size: the open tasks (the week's
 * attendance due on the next deadline, then the mentor, the first employer contact, the end of work
 * readiness and the placement), the overdue attendance weeks (one to three on every fifth track), the
 * training topics and the attendance plan. A company in twenty has an unacknowledged problem report.
 */
export async function projectBenchSummaries(db: Db): Promise<void> {
  await db.$executeRawUnsafe(`
    UPDATE "ParticipantTrack" SET summary = jsonb_build_object(
      'trackId', id, 'phase', phase, 'paused', paused, 'pauseReasons', '[]'::jsonb,
      'startedOn', to_char("startedOn", 'YYYY-MM-DD'), 'phaseStartedOn', to_char("startedOn", 'YYYY-MM-DD'),
      'nextDeadline', CASE WHEN "nextDeadlineOn" IS NULL THEN NULL
        ELSE jsonb_build_object('on', to_char("nextDeadlineOn", 'YYYY-MM-DD'), 'what', "nextDeadlineWhat") END,
      'attendancePlan', jsonb_build_object('hoursPerWeek', 10, 'minimumShareOfPlannedHours', 0.8, 'weeksBelowPlanInRow', 0,
        'flagged', false, 'escalated', false),
      'trainingTopics', '[{"topic": "Mødepligt og ansvarlighed", "done": true}, {"topic": "Transporttræning", "done": false},
        {"topic": "Arbejdspladskultur", "done": false}]'::jsonb,
      'pendingTasks', CASE WHEN "nextDeadlineOn" IS NULL THEN '[]'::jsonb ELSE (
        SELECT jsonb_agg(jsonb_build_object('id', task.id, 'kind', task.kind, 'what', task.what,
          'dueOn', to_char("nextDeadlineOn" + task.after, 'YYYY-MM-DD')) ORDER BY task.after, task.id)
        FROM (VALUES
          ('attendance:' || to_char(date_trunc('week', "nextDeadlineOn" - 7), 'YYYY-MM-DD'), 'ATTENDANCE', 'attendance for the week', 0),
          ('mentor', 'MENTOR', 'assign a mentor', 6),
          ('employer-contact', 'EMPLOYER_CONTACT', 'first employer contact (IPS)', 22),
          ('phase-end:WORK_READINESS', 'PHASE_END', 'work-readiness training ends; job training in a company starts', 170),
          ('placement', 'PLACEMENT', 'place the participant in a company for job training', 170)
        ) AS task(id, kind, what, after)) END,
      'overdue', (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'id', 'attendance:' || to_char(date '2026-10-05' + 7 * g, 'YYYY-MM-DD'), 'kind', 'ATTENDANCE',
        'what', 'attendance for the week', 'dueOn', to_char(date '2026-10-05' + 7 * g + 8, 'YYYY-MM-DD'), 'overdue', true)), '[]'::jsonb)
        FROM generate_series(1, "overdueCount") g),
      'outcomes', '[]'::jsonb, 'retention', '[]'::jsonb, 'pausedDaysTotal', 0, 'version', 7)`);
  await db.$executeRawUnsafe(`
    UPDATE "CompanyTrack" SET summary = jsonb_build_object('problemReports', jsonb_build_array(jsonb_build_object(
      'reportId', '1', 'reportedOn', '2026-11-02', 'acknowledged', false, 'escalated', false)))
    WHERE abs(hashtext(id)) % 20 = 0`);
}
