// Drives the participant agenda the way the workflow's loop does, without a server: time jumps to the
// next due task (09:00 Copenhagen), messages arrive at 10:00 on their day, and every effect is kept
// with the day it was asked for. What the workflow adds (Temporal, activities) is tested elsewhere.
import { instantAt, localDateAt, type LocalDate } from '../../domain/calendar.js';
import {
  ParticipantAgenda,
  initialState,
  type AgendaSetup,
  type ParticipantPatch,
  type ParticipantTrackEvent,
} from '../../domain/participant-agenda.js';
import type { ParticipantTrackEffect } from '../../domain/participant-track-effects.js';
import type { ParticipantPlan } from '../../domain/programme.js';
import { testProgramme } from './participant-world.js';

export const PLAN: ParticipantPlan = testProgramme().participant;

export function setupOf(overrides: Partial<AgendaSetup> = {}): AgendaSetup {
  return { trackId: 'cm9track0000000000000000', partnershipId: 'p-kolding', plan: PLAN, closingDays: [], ...overrides };
}

export interface Asked {
  on: LocalDate;
  effect: ParticipantTrackEffect;
}

export class AgendaDriver {
  readonly agenda: ParticipantAgenda;
  readonly asked: Asked[] = [];
  /** The patches asked (in order), as the workflow would record their markers. */
  readonly patchesAsked: ParticipantPatch[] = [];
  now: number;
  private readonly begunAt: number;

  constructor(
    readonly setup: AgendaSetup,
    /** The day the track is enrolled (the run begins at 10:00 that day). */
    enrolledOn: LocalDate,
    startsOn?: LocalDate,
    /** The patches whose new behaviour applies; all when absent. */
    patches?: readonly ParticipantPatch[],
  ) {
    this.now = this.begunAt = instantAt(enrolledOn, '10:00');
    const patched = (p: ParticipantPatch) => {
      this.patchesAsked.push(p);
      return patches ? patches.includes(p) : true;
    };
    this.agenda = new ParticipantAgenda(initialState(setup, startsOn, enrolledOn), setup, patched);
  }

  get state() {
    return this.agenda.state;
  }

  get today(): LocalDate {
    return localDateAt(this.now);
  }

  /** Lets time pass up to `until` (an instant), firing what falls due as the workflow's loop does. */
  runUntil(until: number): void {
    while (!this.agenda.ended) {
      const next = this.agenda.next(this.now, this.begunAt);
      if (next.kind === 'catch-up') this.keep(this.agenda.apply({ type: 'caught-up', begunAt: this.begunAt }, this.today));
      else if (next.kind === 'fire') {
        for (const due of next.due) {
          if (this.agenda.ended || this.agenda.paused) break;
          this.keep(this.agenda.apply({ type: 'due', ...due }, this.today));
        }
      } else if (next.kind === 'sleep-until' && next.at <= until) this.now = next.at;
      else break;
      if (next.kind !== 'sleep-until') this.agenda.touch();
    }
    this.now = Math.max(this.now, until);
  }

  /** Lets time pass to 10:00 on `date`. */
  runTo(date: LocalDate): void {
    this.runUntil(instantAt(date, '10:00'));
  }

  /** A message on `date` at 10:00 (after that day's reminders); returns its effects. */
  on(date: LocalDate, event: ParticipantTrackEvent): ParticipantTrackEffect[] {
    this.runTo(date);
    return this.keep(this.agenda.apply(event, this.today));
  }

  /** The e-mails asked for, as `template:day`. */
  mails(): string[] {
    return this.asked.flatMap(({ on, effect }) => (effect.kind === 'mail' ? [`${effect.template}:${on}`] : []));
  }

  private keep(effects: ParticipantTrackEffect[]): ParticipantTrackEffect[] {
    for (const effect of effects) this.asked.push({ on: this.today, effect });
    return effects;
  }
}
