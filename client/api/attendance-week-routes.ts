import type { FastifyInstance } from 'fastify';
import type { OperationContext } from '../operations/context.js';
import { recordWeekAttendance, WEEK_ENTRIES_MAX, type WeekAttendanceInput } from '../operations/attendance-week.js';
import { audited, principalOf, type ApiDeps } from './context.js';
import { errorResponses } from './schemas.js';

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' } as const;

/**
 * One week's attendance for many participants (client/operations/attendance-week.ts): staff and
 * coordinators send the week as they keep it. The operation checks every entry and the caller's reach
 * before anything is recorded; each recorded week is audited on its track.
 */
export function attendanceWeekRoutes(app: FastifyInstance, { client, db, config, now }: ApiDeps): void {
  const ctx: OperationContext = { client, db, taskQueue: config.TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE, now };

  app.post<{ Params: { weekStart: string }; Body: { entries: WeekAttendanceInput['entries']; recordedBy?: string } }>(
    '/api/attendance-weeks/:weekStart',
    {
      config: { roles: ['coordinator', 'staff'], does: 'record attendance' },
      schema: {
        tags: ['participants'],
        summary: "Record one week's attendance for many participants (weekStart is the week's Monday)",
        description:
          "Every entry is checked first: a malformed entry, a track listed twice or out of the caller's reach records nothing (400/403/404 naming `entries[i].…`). Then each track records its week; a track that refuses it (ended, the week outside its training) is listed under `refused` with its reason and the others are recorded. Each recorded entry answers with the track's attendance against the plan (planned hours, the last week checked, the flag).",
        params: { type: 'object', required: ['weekStart'], properties: { weekStart: DATE } },
        body: {
          type: 'object',
          required: ['entries'],
          additionalProperties: false,
          properties: {
            recordedBy: { type: 'string', minLength: 1 },
            entries: {
              type: 'array',
              minItems: 1,
              maxItems: WEEK_ENTRIES_MAX,
              items: {
                type: 'object',
                required: ['trackId', 'hours'],
                additionalProperties: false,
                properties: {
                  trackId: { type: 'string', minLength: 1 },
                  hours: { type: 'number', minimum: 0, maximum: 80 },
                  present: { type: 'boolean' },
                },
              },
            },
          },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const result = await recordWeekAttendance(
        { ...ctx, actor: principal },
        { weekStart: req.params.weekStart, recordedBy: req.body.recordedBy ?? principal.sub, entries: req.body.entries },
      );
      for (const r of result.recorded)
        await audited(db, req, { entity: 'ParticipantTrack', entityId: r.trackId }, { weekStart: result.weekStart, bulk: true });
      return result;
    },
  );
}
