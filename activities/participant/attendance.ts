import { utcMidnightOf } from '../../domain/calendar.js';
import type { Db } from '../../prisma/client.js';

export interface AttendanceRowInput {
  trackId: string;
  weekStart: string;
  hours: number;
  present: boolean;
  recordedBy: string;
}

/** One row per track and week: recording a week again (a correction or a retry) updates it. */
export async function writeAttendance(db: Db, input: AttendanceRowInput): Promise<{ attendanceId: string }> {
  const weekStart = utcMidnightOf(input.weekStart);
  const values = { hours: input.hours.toFixed(2), present: input.present, recordedBy: input.recordedBy };
  const row = await db.attendance.upsert({
    where: { participantTrackId_weekStart: { participantTrackId: input.trackId, weekStart } },
    update: values,
    create: { participantTrackId: input.trackId, weekStart, ...values },
  });
  return { attendanceId: row.id };
}
