// A what-if run of a cohort without the engine: the participant and company agendas
// (participant-agenda.ts, company-agenda.ts) driven through their months as the workflows drive them
// (sleep until the next task, fire what is due, continue as new where the workflow would), with
// nobody recording anything unless told: no attendance, no mentor, no placement, no milestone, no
// anchoring answer, the worst case for reminders. What the scenario adds: every company selected (or
// none) when its boot camp ends, each camp invitation ending when its attendance is due, and a share
// of the participants recorded hired when their job training ends. Pure and deterministic.
import { attendanceDueDate } from './camp-plan.js';
import { instantAt, localDateAt, type LocalDate } from './calendar.js';
import {
  carryOver,
  isFinished,
  nextWakeAt,
  reduceCompanyAgenda,
  shouldContinueAsNew,
  startCompanyAgenda,
  type CompanyAgenda,
  type CompanyEffect,
  type CompanyEvent,
  type CompanySetup,
} from './company-agenda.js';
import { ParticipantAgenda, initialState, type AgendaSetup, type ParticipantTrackEvent } from './participant-agenda.js';
import type { ParticipantTrackEffect } from './participant-track-effects.js';

export interface WhatIfParticipant {
  setup: AgendaSetup;
  startsOn: LocalDate;
}

export interface WhatIfCompany {
  setup: CompanySetup;
  closingDays: LocalDate[];
}

export interface WhatIfCamp {
  id: string;
  days: LocalDate[];
}

export interface WhatIfInput {
  /** The instant the tracks begin running (the cohort's start). */
  from: number;
  /** Nothing at or after this instant is simulated. */
  until: number;
  participants: WhatIfParticipant[];
  companies: WhatIfCompany[];
  /** Every camp of the cohort, the boot camp included (their last days end the invitations). */
  camps: WhatIfCamp[];
  /** The municipalities' closing days together (camps are shared). */
  closingDays: readonly LocalDate[];
  /** Whether the companies are selected into the accelerator when their boot camp ends (default true). */
  selectCompanies?: boolean;
  /** Every n-th participant (1 = all, 0 = none) is recorded in an ordinary job the day job training ends. */
  hireEvery?: number;
}

export type WhatIfEventKind = 'due' | 'mail' | 'digest' | 'phase' | 'outcome' | 'camp-invitation' | 'continue-as-new';

/** One thing a track would do: a task falling due, an e-mail, a phase change, an outcome. Ids and dates only. */
export interface WhatIfEvent {
  /** Epoch ms. */
  at: number;
  on: LocalDate;
  track: 'participant' | 'company';
  trackId: string;
  kind: WhatIfEventKind;
  /** The task, template, phase or outcome. */
  what: string;
  /** The recipient of an e-mail. */
  to?: string;
  /** An e-mail's idempotency key (participant tracks) or step (company tracks), as the workflow would send it. */
  key?: string;
}

export interface WhatIfSummary {
  from: LocalDate;
  until: LocalDate;
  participants: number;
  companies: number;
  /** Events by kind over all tracks. */
  byKind: Record<WhatIfEventKind, number>;
  /** E-mails (digests included) by template. */
  mailsByTemplate: Record<string, number>;
  /** Timers the workflows would sleep on (one per wake-up). */
  wakeUps: { participant: number; company: number };
  /** The phase each track is in at the end, counted. */
  phasesAtEnd: { participant: Record<string, number>; company: Record<string, number> };
}

export interface WhatIfResult {
  summary: WhatIfSummary;
  /** In time order (ties in track order). */
  events: WhatIfEvent[];
}

/** localDateAt, remembered: a cohort's tracks do things at the same few instants (09:00 on the same days). */
const dates = new Map<number, LocalDate>();
function dateAt(at: number): LocalDate {
  let date = dates.get(at);
  if (date === undefined) {
    if (dates.size > 100_000) dates.clear();
    dates.set(at, (date = localDateAt(at)));
  }
  return date;
}

/** A timed outside event for one track (a request or a child ending). */
interface Planned<E> {
  at: number;
  event: E;
}

export function simulateCohort(input: WhatIfInput): WhatIfResult {
  const events: WhatIfEvent[] = [];
  const wakeUps = { participant: 0, company: 0 };
  const phasesAtEnd = { participant: {} as Record<string, number>, company: {} as Record<string, number> };
  input.participants.forEach((p, i) => {
    const hire = input.hireEvery !== undefined && input.hireEvery > 0 && i % input.hireEvery === 0;
    const run = simulateParticipant(p, input.from, input.until, hire, events);
    wakeUps.participant += run.wakeUps;
    phasesAtEnd.participant[run.phase] = (phasesAtEnd.participant[run.phase] ?? 0) + 1;
  });
  const campEnds = new Map(
    input.camps.map((c) => [c.id, instantAt(attendanceDueDate(c.days[c.days.length - 1]!, input.closingDays), '17:00')]),
  );
  for (const c of input.companies) {
    const run = simulateCompany(c, input, campEnds, events);
    wakeUps.company += run.wakeUps;
    phasesAtEnd.company[run.phase] = (phasesAtEnd.company[run.phase] ?? 0) + 1;
  }
  events.sort((a, b) => a.at - b.at);
  const byKind: Record<WhatIfEventKind, number> = {
    due: 0,
    mail: 0,
    digest: 0,
    phase: 0,
    outcome: 0,
    'camp-invitation': 0,
    'continue-as-new': 0,
  };
  const mailsByTemplate: Record<string, number> = {};
  for (const e of events) {
    byKind[e.kind]++;
    if (e.kind === 'mail' || e.kind === 'digest') mailsByTemplate[e.what] = (mailsByTemplate[e.what] ?? 0) + 1;
  }
  return {
    summary: {
      from: dateAt(input.from),
      until: dateAt(input.until),
      participants: input.participants.length,
      companies: input.companies.length,
      byKind,
      mailsByTemplate,
      wakeUps,
      phasesAtEnd,
    },
    events,
  };
}

/** One participant track: the workflow's loop (participant-track.ts) with the clock in our hand. */
function simulateParticipant(
  p: WhatIfParticipant,
  from: number,
  until: number,
  hire: boolean,
  out: WhatIfEvent[],
): { wakeUps: number; phase: string } {
  const trackId = p.setup.trackId;
  const record = (at: number, kind: WhatIfEventKind, what: string, to?: string, key?: string) =>
    out.push({ at, on: dateAt(at), track: 'participant', trackId, kind, what, ...(to ? { to } : {}), ...(key ? { key } : {}) });
  const recordEffects = (at: number, effects: ParticipantTrackEffect[]) => {
    for (const e of effects) {
      if (e.kind === 'mail') record(at, 'mail', e.template, e.to, e.idempotencyKey);
      else if (e.kind === 'digest') record(at, 'digest', 'participant-digest', e.to, e.idempotencyKey);
      else if (e.kind === 'phase') record(at, 'phase', e.phase);
    }
  };
  let agenda = new ParticipantAgenda(initialState(p.setup, p.startsOn, dateAt(from)), p.setup);
  const planned: Array<Planned<ParticipantTrackEvent>> = [];
  if (hire) {
    // Recorded in the afternoon of the day job training ends (after that day's reminders).
    const on = agenda.state.jobTrainingEndsOn;
    planned.push({
      at: instantAt(on, '15:00'),
      event: { type: 'outcome-recorded', kind: 'ORDINARY_JOB', occurredOn: on, outcomeId: `what-if-${trackId}`, amountOre: '0' },
    });
  }
  let now = from;
  let wakeUps = 0;
  for (;;) {
    if (agenda.phaseChanged) {
      record(now, 'continue-as-new', agenda.state.phase);
      agenda = new ParticipantAgenda(agenda.state, p.setup, () => true, false);
    }
    if (agenda.ended) break;
    const next = agenda.next(now, from);
    const outside = planned[0];
    const wakeAt = next.kind === 'sleep-until' ? next.at : next.kind === 'wait' ? Infinity : now;
    if (outside && outside.at <= wakeAt) {
      if (outside.at >= until) break;
      planned.shift();
      now = Math.max(now, outside.at);
      if (outside.event.type === 'outcome-recorded') record(now, 'outcome', outside.event.kind);
      recordEffects(now, agenda.apply(outside.event, dateAt(now)));
      continue;
    }
    if (next.kind === 'wait') break;
    if (next.kind === 'sleep-until') {
      if (next.at >= until) break;
      wakeUps++;
      now = next.at;
      continue;
    }
    const today = dateAt(now);
    if (next.kind === 'catch-up') recordEffects(now, agenda.apply({ type: 'caught-up', begunAt: from }, today));
    else {
      for (const due of next.due) {
        if (agenda.ended || agenda.paused) break;
        record(now, 'due', due.taskId);
        recordEffects(now, agenda.apply({ type: 'due', ...due }, today));
      }
    }
    agenda.touch();
  }
  return { wakeUps, phase: agenda.state.phase };
}

/** One company track: the workflow's loop (company-track.ts), its camps ending as planned. */
function simulateCompany(
  c: WhatIfCompany,
  input: WhatIfInput,
  campEnds: ReadonlyMap<string, number>,
  out: WhatIfEvent[],
): { wakeUps: number; phase: string } {
  const trackId = `company-${c.setup.cohortId}-${c.setup.cvr}`;
  const record = (at: number, kind: WhatIfEventKind, what: string, to?: string, key?: string) =>
    out.push({ at, on: dateAt(at), track: 'company', trackId, kind, what, ...(to ? { to } : {}), ...(key ? { key } : {}) });
  let phase = '';
  const recordStep = (at: number, state: CompanyAgenda, effects: CompanyEffect[]) => {
    if (state.summary.phase !== phase) {
      phase = state.summary.phase;
      record(at, 'phase', phase);
    }
    for (const e of effects) {
      if (e.kind === 'mail') record(at, 'mail', e.template, e.to, e.step);
      else if (e.kind === 'overdue-digest') record(at, 'digest', 'company-overdue-digest', 'COORDINATOR');
      else if (e.kind === 'start-camp') record(at, 'camp-invitation', e.campId);
      else if (e.kind === 'record-anchoring-outcome') record(at, 'outcome', e.status);
    }
  };
  const start = startCompanyAgenda(c.setup, c.closingDays);
  let state = start.state;
  recordStep(input.from, state, start.effects);
  const bootCampEnd = campEnds.get(c.setup.bootCampId) ?? input.from;
  const held = (campId: string): CompanyEvent => ({
    kind: 'camp-finished',
    campId,
    result: { status: 'HELD', rsvp: 'YES', attended: true },
  });
  const planned: Array<Planned<CompanyEvent>> = [
    { at: bootCampEnd, event: held(c.setup.bootCampId) },
    { at: bootCampEnd, event: { kind: 'selection-decided', selected: input.selectCompanies ?? true } as CompanyEvent },
    ...c.setup.campIds.map((campId) => ({ at: Math.max(bootCampEnd, campEnds.get(campId) ?? bootCampEnd), event: held(campId) })),
  ].sort((a, b) => a.at - b.at);
  let now = input.from;
  let wakeUps = 0;
  while (!isFinished(state)) {
    if (shouldContinueAsNew(state, { length: 0, suggested: false })) {
      record(now, 'continue-as-new', state.summary.phase);
      state = carryOver(state);
    }
    const wakeAt = nextWakeAt(state, now) ?? Infinity;
    const outside = planned[0];
    let event: CompanyEvent;
    if (outside && outside.at <= wakeAt) {
      planned.shift();
      now = Math.max(now, outside.at);
      event = outside.event;
    } else {
      if (wakeAt === Infinity) break;
      wakeUps++;
      now = Math.max(now, wakeAt);
      event = { kind: 'tick' };
    }
    if (now >= input.until) break;
    const step = reduceCompanyAgenda(state, event, now);
    // A task gone from the agenda (or changed) fell due.
    const kept = new Set(step.state.tasks.map((x) => JSON.stringify(x)));
    for (const t of state.tasks) if (!kept.has(JSON.stringify(t))) record(now, 'due', dueLabel(t));
    state = step.state;
    recordStep(now, state, step.effects);
  }
  return { wakeUps, phase: state.summary.phase };
}

function dueLabel(t: CompanyAgenda['tasks'][number]): string {
  if ('milestoneId' in t) return `${t.kind}:${t.milestoneId}`;
  if ('checkNo' in t) return `${t.kind}:${t.checkNo}`;
  if (t.kind === 'escalation') return `${t.kind}:${t.reportId}`;
  return t.kind;
}
