// One week's attendance for many participants at once, as staff keep it: a list of tracks and
// hours for the week of a Monday. Every entry is checked before anything is recorded (a bad entry
// records nothing, naming the entry and its field); then each track records its own week, and a
// track that refuses its entry (ended, week outside its training) is reported without stopping the rest.
import { localDateAt, mondayOf, type LocalDate } from '../../domain/calendar.js';
import type { TrackSummary } from '../../contracts/participant-track.js';
import type { OperationContext } from './context.js';
import { OperationError } from './operation-error.js';
import { recordAttendance } from './participants.js';
import { requireTrack } from './scope.js';

/** A week's list is one employment actor's participants: a few hundred at most. */
export const WEEK_ENTRIES_MAX = 500;
/** The API's bound on a week's hours (client/api/write-routes.ts). */
const HOURS_MAX = 80;

export interface WeekAttendanceEntry {
  trackId: string;
  hours: number;
  /** Absent: present when hours > 0. */
  present?: boolean;
}

export interface WeekAttendanceInput {
  /** Monday of the week. */
  weekStart: LocalDate;
  recordedBy: string;
  entries: WeekAttendanceEntry[];
}

export interface WeekAttendanceResult {
  weekStart: LocalDate;
  /** Each track recorded, with its week against the plan as the track now shows it. */
  recorded: Array<{ trackId: string; hours: number; present: boolean; attendancePlan?: TrackSummary['attendancePlan'] }>;
  /** Entries a track refused, with its reason and the field at fault. */
  refused: Array<{ trackId: string; message: string; field?: string }>;
}

function invalid(message: string, field: string): OperationError {
  return new OperationError('invalid', 'INVALID_INPUT', message, field);
}

/** Checks the whole list first: nothing is recorded when one entry is malformed or out of reach. */
async function checkWeek(ctx: OperationContext, input: WeekAttendanceInput): Promise<void> {
  if (!Array.isArray(input.entries) || input.entries.length === 0) throw invalid('give at least one entry', 'entries');
  if (input.entries.length > WEEK_ENTRIES_MAX)
    throw invalid(`at most ${WEEK_ENTRIES_MAX} entries a week, got ${input.entries.length}`, 'entries');
  if (!input.recordedBy?.trim()) throw invalid('recordedBy is required', 'recordedBy');
  try {
    if (mondayOf(input.weekStart) !== input.weekStart)
      throw invalid(`${input.weekStart} is not a Monday; the week starts Monday ${mondayOf(input.weekStart)}`, 'weekStart');
  } catch (e) {
    if (e instanceof OperationError) throw e;
    throw invalid(`weekStart must be a date of the form YYYY-MM-DD, got "${input.weekStart}"`, 'weekStart');
  }
  const today = localDateAt(await (ctx.now?.() ?? Date.now()));
  if (input.weekStart > today)
    throw invalid(
      `the week of ${input.weekStart} has not started yet (today is ${today}): attendance is recorded for a week that has begun`,
      'weekStart',
    );
  const seen = new Set<string>();
  for (const [i, entry] of input.entries.entries()) {
    if (typeof entry.trackId !== 'string' || !entry.trackId) throw invalid('trackId is required', `entries[${i}].trackId`);
    if (seen.has(entry.trackId)) throw invalid(`track ${entry.trackId} is listed twice`, `entries[${i}].trackId`);
    seen.add(entry.trackId);
    if (typeof entry.hours !== 'number' || !Number.isFinite(entry.hours) || entry.hours < 0 || entry.hours > HOURS_MAX)
      throw invalid(`hours must be between 0 and ${HOURS_MAX}, got ${String(entry.hours)}`, `entries[${i}].hours`);
    if (entry.present === true && entry.hours === 0)
      throw invalid('a participant present that week has hours; give them, or leave out present', `entries[${i}].present`);
  }
  const known = new Set(
    (await ctx.db.participantTrack.findMany({ where: { id: { in: [...seen] } }, select: { id: true } })).map((t) => t.id),
  );
  for (const [i, entry] of input.entries.entries()) {
    if (!known.has(entry.trackId))
      throw new OperationError('not-found', 'NOT_FOUND', `no participant track ${entry.trackId}`, `entries[${i}].trackId`);
    try {
      await requireTrack(ctx, entry.trackId, 'record attendance');
    } catch (e) {
      if (e instanceof OperationError) throw new OperationError(e.kind, e.code, e.message, `entries[${i}].trackId`);
      throw e;
    }
  }
}

/** Records a week's attendance for every listed track; see the file's head for what is refused. */
export async function recordWeekAttendance(ctx: OperationContext, input: WeekAttendanceInput): Promise<WeekAttendanceResult> {
  await checkWeek(ctx, input);
  const result: WeekAttendanceResult = { weekStart: input.weekStart, recorded: [], refused: [] };
  for (const entry of input.entries) {
    const present = entry.present ?? entry.hours > 0;
    try {
      const summary = await recordAttendance(ctx, entry.trackId, {
        weekStart: input.weekStart,
        hours: entry.hours,
        present,
        recordedBy: input.recordedBy,
      });
      result.recorded.push({ trackId: entry.trackId, hours: entry.hours, present, attendancePlan: summary.attendancePlan });
    } catch (e) {
      if (!(e instanceof OperationError)) throw e;
      result.refused.push({ trackId: entry.trackId, message: e.message, ...(e.field ? { field: e.field } : {}) });
    }
  }
  return result;
}
