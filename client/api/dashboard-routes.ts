import type { FastifyInstance } from 'fastify';
import { localDateAt } from '../../domain/calendar.js';
import { formatDkkDanish, parseDkk } from '../../domain/money.js';
import type { CompanyPhase } from '../../prisma/client.js';
import { OperationError } from '../operations/operation-error.js';
import { buildPbrReport } from '../operations/reports.js';
import { cohortMailCondition } from './cohort-mails.js';
import { deny, principalOf, type ApiDeps } from './context.js';
import { NotFoundError } from './errors.js';
import { errorResponses } from './schemas.js';

/** A company selected for the accelerator holds one of its municipality's slots from then on. */
const HOLDS_A_SLOT: readonly CompanyPhase[] = ['ACCELERATOR', 'ANCHORING', 'COMPLETED'];
const COMPANY_PHASES: readonly CompanyPhase[] = [
  'RECRUITED',
  'BOOT_CAMP',
  'SELECTION',
  'ACCELERATOR',
  'ANCHORING',
  'COMPLETED',
  'NOT_SELECTED',
  'WITHDRAWN',
];

const ANY = { type: 'object', additionalProperties: true } as const;
/** Names in Danish order (Aa as Å); one collator, as a cohort's hundreds of company names are sorted on every call. */
const DANISH = new Intl.Collator('da');
/**
 * The PbR report simulates every participant's benefit weeks (about a second for 3,000 tracks),
 * the rest of the dashboard takes milliseconds: its figures are kept this long per cohort and
 * shown with the time they were made. The page itself refreshes every minute.
 */
const REPORT_FIGURES_MS = 60_000;
/**
 * Figures older than a minute but younger than this are answered at once while the report is made
 * afresh for the next call, so that a page refreshing every minute never waits for the report; older
 * ones are made afresh first.
 */
const REPORT_FIGURES_STALE_MS = 10 * 60_000;

/**
 * The cohort dashboard: one cohort's figures per municipality, read from the PostgreSQL projection
 * in one call. Outcomes, claims and targets are the PbR report's own figures (buildPbrReport), not
 * counted again here.
 */
export function dashboardRoutes(app: FastifyInstance, { db }: ApiDeps): void {
  const kept = new Map<string, { at: number; figures: Promise<ReportFigures>; refreshing?: boolean }>();
  const results = (cohortId: string): Promise<ReportFigures> => {
    const now = Date.now();
    const hit = kept.get(cohortId);
    if (hit && now - hit.at < REPORT_FIGURES_MS) return hit.figures;
    if (hit && now - hit.at < REPORT_FIGURES_STALE_MS) {
      if (!hit.refreshing) {
        hit.refreshing = true;
        const figures = reportFigures(db, cohortId);
        // Kept once made; a failure keeps the old figures and lets the next call try again.
        figures.then(
          () => kept.set(cohortId, { at: Date.now(), figures }),
          () => (hit.refreshing = false),
        );
      }
      return hit.figures;
    }
    for (const [id, k] of kept) if (now - k.at >= REPORT_FIGURES_STALE_MS) kept.delete(id);
    const figures = reportFigures(db, cohortId);
    kept.set(cohortId, { at: now, figures });
    // A failure is not kept: the next request tries again.
    figures.catch(() => kept.delete(cohortId));
    return figures;
  };
  app.get<{ Params: { cohortId: string } }>(
    '/api/cohorts/:cohortId/dashboard',
    {
      config: { roles: ['operator', 'coordinator'], does: 'read the cohort dashboard' },
      schema: {
        tags: ['read'],
        summary:
          "A cohort's dashboard: per municipality slots used and free, companies by phase, the selection pipeline with each company's boot-camp answer and attendance, participants by phase and attendance; RSVPs per camp with the companies that have not answered; mails sent and failed; outcomes, claims and targets from the PbR report",
        params: {
          type: 'object',
          required: ['cohortId'],
          properties: { cohortId: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: { 200: ANY, ...errorResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const { cohortId } = req.params;
      // Every read at once, the cohort's own among them: one round of statements instead of four in
      // a row. A cohort that does not exist or is refused reads empty figures that are never shown.
      const [cohort, companyPhases, participantPhases, attendance, camps, bootCampAttendance, companyTracks, mailRows] = await Promise.all([
        db.cohort.findUnique({
          where: { id: cohortId },
          include: {
            programme: { select: { name: true, hoursPerWeek: true } },
            municipalities: { include: { municipality: { select: { name: true } } } },
            partnerships: { include: { municipality: { select: { name: true } }, employmentActor: { select: { name: true } } } },
          },
        }),
        db.companyTrack.groupBy({ by: ['partnershipId', 'phase'], where: { cohortId }, _count: { _all: true } }),
        db.participantTrack.groupBy({ by: ['partnershipId', 'phase'], where: { cohortId }, _count: { _all: true } }),
        // Summed in the database: a year of weekly records for thousands of tracks stays there.
        db.$queryRaw<{ partnershipId: string; weeks: number; hours: number }[]>`
          SELECT pt."partnershipId", count(*)::int AS weeks, coalesce(sum(a.hours), 0)::float8 AS hours
          FROM "Attendance" a JOIN "ParticipantTrack" pt ON pt.id = a."participantTrackId"
          WHERE pt."cohortId" = ${cohortId}
          GROUP BY pt."partnershipId"`,
        db.camp.findMany({
          where: { cohortId },
          orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
          include: {
            invitations: {
              select: { rsvp: true, attended: true, company: { select: { cvr: true, name: true } } },
              orderBy: { company: { name: 'asc' } },
            },
          },
        }),
        // Boot-camp attendance per partnership: invitations to the cohort's boot camps marked attended,
        // by the partnership of the company's track in the cohort, counted in the database.
        db.$queryRaw<{ partnershipId: string | null; attended: number }[]>`
          SELECT ct."partnershipId", count(*)::int AS attended
          FROM "CampInvitation" i
          JOIN "Camp" c ON c.id = i."campId"
          JOIN "CompanyTrack" ct ON ct."companyId" = i."companyId" AND ct."cohortId" = c."cohortId"
          WHERE c."cohortId" = ${cohortId} AND c.kind = 'BOOT_CAMP' AND i.attended
          GROUP BY ct."partnershipId"`,
        db.companyTrack.findMany({
          where: { cohortId },
          select: { id: true, partnershipId: true, phase: true, company: { select: { cvr: true, name: true } } },
        }),
        cohortMailCondition(db, cohortId).then(
          (cohortMails) => db.$queryRaw<{ status: 'SENT' | 'PENDING' | 'FAILED'; n: number }[]>`
            SELECT status::text AS status, count(*)::int AS n FROM "EmailOutbox" WHERE ${cohortMails} GROUP BY status`,
        ),
      ]);
      if (!cohort) throw new NotFoundError(`cohort ${cohortId} does not exist`);
      if (p.role === 'coordinator' && !(p.scope.programmeIds ?? []).includes(cohort.programmeId)) {
        await deny(db, req, `a coordinator may read cohorts of its own programmes only; ${cohortId} runs ${cohort.programmeId}`, {
          entity: 'Cohort',
          entityId: cohortId,
        });
      }

      // Each company's answer to the cohort's boot camp and whether it came: whom the coordinator chooses among.
      const bootCamp = bootCampOf(camps.filter((c) => c.kind === 'BOOT_CAMP').flatMap((c) => c.invitations));

      const municipalities = cohort.municipalities
        .map((m) => {
          const partnership = cohort.partnerships.find((x) => x.municipalityCode === m.municipalityCode) ?? null;
          const ofPartnership = <T extends { partnershipId: string | null }>(rows: T[]) =>
            partnership ? rows.filter((r) => r.partnershipId === partnership.id) : [];
          const companies = Object.fromEntries(COMPANY_PHASES.map((ph) => [ph, 0])) as Record<CompanyPhase, number>;
          for (const r of ofPartnership(companyPhases)) companies[r.phase] = r._count._all;
          const participants: Record<string, number> = {};
          for (const r of ofPartnership(participantPhases)) participants[r.phase] = r._count._all;
          const used = HOLDS_A_SLOT.reduce((n, ph) => n + companies[ph], 0);
          const bootCampAttended = (partnership && bootCampAttendance.find((a) => a.partnershipId === partnership.id)?.attended) || 0;
          const recorded = attendance.find((a) => partnership && a.partnershipId === partnership.id);
          const weeksRecorded = recorded?.weeks ?? 0;
          const hoursRecorded = recorded?.hours ?? 0;
          const hoursPlanned = weeksRecorded * Number(cohort.programme.hoursPerWeek);
          return {
            code: m.municipalityCode,
            name: m.municipality.name,
            employmentActor: partnership?.employmentActor.name ?? null,
            slots: m.slots,
            slotsUsed: used,
            slotsFree: Math.max(0, m.slots - used),
            companiesByPhase: companies,
            companies: Object.values(companies).reduce((a, b) => a + b, 0),
            selection: {
              atBootCamp: companies.BOOT_CAMP,
              bootCampAttended,
              awaitingSelection: companies.SELECTION,
              selected: used,
              notSelected: companies.NOT_SELECTED,
              // Each company with its boot-camp answer and attendance: whom the coordinator chooses among.
              companies: (partnership ? companyTracks.filter((t) => t.partnershipId === partnership.id) : [])
                .map((t) => ({
                  trackId: t.id,
                  cvr: t.company.cvr,
                  name: t.company.name,
                  phase: t.phase,
                  bootCamp: bootCamp.get(t.company.cvr) ?? { rsvp: null, attended: null },
                }))
                .sort((a, b) => DANISH.compare(a.name, b.name)),
            },
            participantsByPhase: participants,
            participants: Object.values(participants).reduce((a, b) => a + b, 0),
            attendance: {
              weeksRecorded,
              hoursRecorded,
              hoursPerWeek: Number(cohort.programme.hoursPerWeek),
              hoursPlanned,
              // Null where nothing is recorded: no rate is better than a made-up one.
              rate: hoursPlanned > 0 ? hoursRecorded / hoursPlanned : null,
            },
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name, 'da'));

      const campRows = camps.map((c) => {
        const count = (f: (i: (typeof c.invitations)[number]) => boolean) => c.invitations.filter(f).length;
        return {
          id: c.id,
          title: c.title,
          kind: c.kind,
          status: c.status,
          startsAt: c.startsAt.toISOString(),
          location: c.location,
          invited: c.invitations.length,
          yes: count((i) => i.rsvp === 'YES'),
          no: count((i) => i.rsvp === 'NO'),
          noAnswer: count((i) => i.rsvp === 'PENDING'),
          attended: count((i) => i.attended === true),
          notAnswered: c.invitations.filter((i) => i.rsvp === 'PENDING').map((i) => ({ cvr: i.company.cvr, name: i.company.name })),
        };
      });

      const mails = { SENT: 0, PENDING: 0, FAILED: 0 };
      for (const r of mailRows) mails[r.status] = r.n;

      return {
        cohort: { id: cohort.id, name: cohort.name, year: cohort.year, status: cohort.status, programmeName: cohort.programme.name },
        generatedAt: new Date().toISOString(),
        municipalities,
        camps: campRows,
        mails: { sent: mails.SENT, pending: mails.PENDING, failed: mails.FAILED },
        results: await results(cohortId),
      };
    },
  );
}

/**
 * A company's answer to the cohort's boot camp and whether it came, from its invitations (a cohort
 * whose boot camp runs over several camps counts a company as attending when it came to any).
 */
function bootCampOf(invitations: { rsvp: string; attended: boolean | null; company: { cvr: string } }[]) {
  const of = new Map<string, { rsvp: string | null; attended: boolean | null }>();
  for (const i of invitations) {
    const was = of.get(i.company.cvr);
    of.set(i.company.cvr, {
      rsvp: was?.rsvp === 'YES' || i.rsvp === 'YES' ? 'YES' : was?.rsvp === 'NO' || i.rsvp === 'NO' ? 'NO' : i.rsvp,
      attended: was?.attended === true || i.attended === true ? true : (was?.attended ?? i.attended),
    });
  }
  return of;
}

/** Outcomes, claims and targets as the PbR report states them; a cohort whose report cannot be made says why. */
type ReportFigures = Awaited<ReturnType<typeof reportFigures>>;

async function reportFigures(db: ApiDeps['db'], cohortId: string) {
  const computedAt = new Date().toISOString();
  try {
    const r = await buildPbrReport(db, { cohortId, asOf: localDateAt(Date.now()) });
    return {
      available: true as const,
      computedAt,
      headline: r.headline,
      outcomes: r.outcomes.length,
      ledgerEntries: r.totals.ledgerEntries,
      paymentsDkk: r.totals.paymentsDkk,
      chargesDkk: r.totals.chargesDkk,
      reversalsDkk: r.totals.reversalsDkk,
      savingsDkk: r.totals.savingsDkk,
      netDkk: r.totals.netDkk,
      targets: r.targets,
      // The same amounts written the Danish way ("25.000,00 kr."), for the console.
      inDanish: {
        payments: formatDkkDanish(parseDkk(r.totals.paymentsDkk)),
        savings: formatDkkDanish(parseDkk(r.totals.savingsDkk)),
        net: formatDkkDanish(parseDkk(r.totals.netDkk)),
      },
    };
  } catch (e) {
    if (e instanceof OperationError) return { available: false as const, computedAt, reason: e.message };
    throw e;
  }
}
