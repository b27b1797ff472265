// `cohort simulate`: a cohort file's tracks run through their months without Temporal or PostgreSQL
// (domain/what-if.ts), from the file and its programme alone. Inputs are built as the cohort start
// builds the workflows' (cohortInput, the cohort's camp calendar), so the dates are the ones the
// tracks would keep.
import { addDays, addMonths, instantAt, PROGRAMME_TIME_ZONE, type LocalDate } from '../../domain/calendar.js';
import { closingDaysOf, cohortCalendar } from '../../domain/cohort-dates.js';
import { simulateCohort, type WhatIfEvent, type WhatIfInput, type WhatIfResult } from '../../domain/what-if.js';
import { cohortInput, participantIdOf, partnershipIdOf } from './cohort-input.js';
import type { LoadedCohort } from './files.js';
import { OperationError } from './operation-error.js';

export interface WhatIfOptions {
  /** Months simulated from the cohort's first day (default 18). */
  months?: number;
  /** Companies selected into the accelerator when their boot camp ends (default true). */
  selectCompanies?: boolean;
  /** Every n-th participant recorded hired the day job training ends (default 0: none). */
  hireEvery?: number;
}

export const WHAT_IF_DEFAULT_MONTHS = 18;

/** The cohort file's tracks over `months` months from its first day: every due date, e-mail, phase and outcome. */
export function simulateCohortFile(content: LoadedCohort, opts: WhatIfOptions = {}): WhatIfResult {
  const months = opts.months ?? WHAT_IF_DEFAULT_MONTHS;
  if (!Number.isInteger(months) || months < 1 || months > 60)
    throw new OperationError('invalid', 'INVALID_MONTHS', `months must be a whole number from 1 to 60, got ${months}`, 'months');
  const hireEvery = opts.hireEvery ?? 0;
  if (!Number.isInteger(hireEvery) || hireEvery < 0)
    throw new OperationError(
      'invalid',
      'INVALID_HIRE_EVERY',
      `hireEvery must be a whole number of 0 or more, got ${hireEvery}`,
      'hireEvery',
    );
  const { cohort, programme } = content;
  const closing = closingDaysOf(cohort);
  const companyIds = Object.fromEntries(cohort.partnerships.flatMap((p) => p.companies.map((c) => [c.cvr, c.cvr])));
  const enrolments = (cohort.participants ?? []).map((p) => ({
    trackId: participantIdOf(cohort.id, p.ref),
    partnershipId: partnershipIdOf(cohort.id, p.municipality),
    municipalityCode: p.municipality,
  }));
  const input = cohortInput(cohort, programme, companyIds, enrolments, closing);
  const calendar = input.companyPlan ? cohortCalendar(cohort, input.companyPlan, closing) : undefined;
  const firstDay: LocalDate =
    [calendar?.plan.bootCamp.days[0], input.startsOn].filter((d): d is LocalDate => !!d).sort()[0] ?? `${cohort.year}-01-01`;
  // The cohort is started the day before its first day, in time: nothing to catch up.
  const from = instantAt(addDays(firstDay, -1), '12:00');
  const until = instantAt(addMonths(firstDay, months), '00:00');
  const closingOf = new Map(input.partnerships.map((p) => [p.partnershipId, p.closingDays]));
  const participantsStartOn = input.startsOn ?? calendar?.plan.acceleratorStartsOn ?? addDays(firstDay, 1);
  const whatIf: WhatIfInput = {
    from,
    until,
    closingDays: input.closingDays,
    selectCompanies: opts.selectCompanies ?? true,
    hireEvery,
    participants: (input.enrolments ?? []).map((e) => ({
      startsOn: e.startsOn ?? participantsStartOn,
      setup: {
        trackId: e.trackId,
        partnershipId: e.partnershipId,
        plan: input.participantPlan,
        closingDays: closingOf.get(e.partnershipId) ?? [],
      },
    })),
    companies: calendar
      ? input.companies.map((c) => ({
          closingDays: closingOf.get(c.partnershipId) ?? [],
          setup: {
            cohortId: cohort.id,
            cvr: c.cvr,
            plan: input.companyPlan!,
            bootCampId: calendar.plan.bootCamp.id,
            campIds: calendar.plan.camps.map((x) => x.id),
            acceleratorStartsOn: calendar.plan.acceleratorStartsOn,
            acceleratorEndsOn: calendar.plan.acceleratorEndsOn,
          },
        }))
      : [],
    camps: calendar ? calendar.camps.map((c) => ({ id: c.id, days: c.days })) : [],
  };
  return simulateCohort(whatIf);
}

const localTime = new Intl.DateTimeFormat('en-GB', { timeZone: PROGRAMME_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The local time of each instant, formatted once: a cohort's events happen at a few thousand instants. */
function localTimes(): (at: number) => string {
  const known = new Map<number, string>();
  return (at) => {
    let time = known.get(at);
    if (time === undefined) known.set(at, (time = localTime.format(at)));
    return time;
  };
}

function csvCell(value: string): string {
  return /[";\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The events as CSV for a Danish spreadsheet (`;`, UTF-8 with a byte-order mark), local times with their zone. */
export function whatIfCsv(events: readonly WhatIfEvent[]): string {
  const header = ['date', 'time', 'time_zone', 'track', 'track_id', 'kind', 'what', 'to', 'key'];
  const timeOf = localTimes();
  const rows = events.map((e) => [e.on, timeOf(e.at), PROGRAMME_TIME_ZONE, e.track, e.trackId, e.kind, e.what, e.to ?? '', e.key ?? '']);
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n';
}
