import { Option, type Command } from 'commander';
import type { TrackSummary } from '../../../contracts/index.js';

const participants = () => import('../../operations/participants.js');
/** The final outcomes a coordinator records (contracts/participant-track.ts TRACK_OUTCOME_KINDS). */
export const TRACK_OUTCOME_KINDS = ['ORDINARY_JOB', 'PARTIAL_JOB', 'EDUCATION', 'INTERNSHIP', 'NONE'] as const;
import { dim, label, ok } from '../output.js';
import type { Runner } from '../runner.js';
import type { CliContext } from '../context.js';
import { parseChoice, parseDate, parseMonday, parseNumber } from './parse.js';
import { OperationError } from '../../operations/operation-error.js';
import { registerAttendanceWeekCommand } from './attendance-week.js';

function describeTrack(s: TrackSummary): string {
  const next = s.nextDeadline ? `; next: ${s.nextDeadline.what} by ${s.nextDeadline.on}` : '';
  return `${s.phase}${s.paused ? ' (paused)' : ''}${next}`;
}

/** A company given by CVR (8 digits) or by its id in PostgreSQL. */
async function companyIdOf(ctx: CliContext, company: string): Promise<string> {
  if (!/^\d{8}$/.test(company)) return company;
  const row = await (await ctx.db()).company.findUnique({ where: { cvr: company }, select: { id: true } });
  if (!row) throw new OperationError('invalid', 'INVALID_INPUT', `no company with CVR ${company}`, 'company');
  return row.id;
}

export function registerParticipantCommands(program: Command, run: Runner): void {
  program
    .command('enrol')
    .description('enrol someone into a cohort')
    .command('participant')
    .description(
      "enrol a referred participant (already in PostgreSQL) into a cohort's partnership: one track, workflow participant-<enrolmentId>",
    )
    .requiredOption('--cohort <id>', 'the cohort, e.g. klynge-1-2019')
    .requiredOption('--participant <id>', "the participant's id in PostgreSQL")
    .option('--municipality <code>', 'the partnership by municipality code, e.g. 621')
    .option('--partnership <id>', 'the partnership by id (default <cohort>-<municipality>)')
    .option('--starts-on <date>', 'first day (YYYY-MM-DD); default today; a later day waits in ENROLLED', parseDate)
    .option('--enrolment-id <id>', 'the track id (default <cohort>-<participant>)')
    .addHelpText('after', '\nEnrolling the same participant in the same cohort twice is refused (exit 5).')
    .action(
      async (
        opts: { cohort: string; participant: string; municipality?: string; partnership?: string; startsOn?: string; enrolmentId?: string },
        cmd: Command,
      ) =>
        run(cmd, async ({ out, ctx }) => {
          const { enrolParticipant } = await import('../../operations/enrolment.js');
          if (!opts.partnership && !opts.municipality)
            throw new OperationError('invalid', 'INVALID_INPUT', 'give --municipality <code> or --partnership <id>', 'municipality');
          out.progress(`enrolling ${opts.participant} in ${opts.partnership ?? `${opts.cohort}'s partnership in ${opts.municipality}`}`);
          const r = await enrolParticipant(await ctx.operations(), {
            participantId: opts.participant,
            cohortId: opts.cohort,
            partnershipId: opts.partnership,
            municipalityCode: opts.municipality,
            startsOn: opts.startsOn,
            enrolmentId: opts.enrolmentId,
          });
          out.result(r, () =>
            out.line(ok(`enrolled: track ${label(r.trackId)} starts ${r.startsOn} ${dim(`(workflow ${r.workflowId})`)}`)),
          );
        }),
    );

  program
    .command('place')
    .description('place someone')
    .command('participant')
    .description('place a participant in a company for job training')
    .argument('<trackId>', "the participant's track (enrolment id)")
    .requiredOption('--company <cvr|id>', 'the company, by CVR number or id')
    .option('--support-person <staffId>', "the employment actor's support person (required at an accelerator company)")
    .action(async (trackId: string, opts: { company: string; supportPerson?: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const companyId = await companyIdOf(ctx, opts.company);
        const s = await (
          await participants()
        ).placeParticipant(await ctx.operations(), trackId, { companyId, supportPersonId: opts.supportPerson });
        out.result(s, () =>
          out.line(
            ok(`placed ${label(trackId)} at ${opts.company} from ${s.placement?.startsOn} to ${s.placement?.endsOn}: ${describeTrack(s)}`),
          ),
        );
      }),
    );

  const record = program.command('record').description("record attendance or an outcome on a participant's track");
  record
    .command('attendance')
    .description("record a week's attendance (hours) on a participant's track, for a week that has begun")
    .argument('<trackId>', "the participant's track")
    .requiredOption('--week <date>', 'Monday of the week (YYYY-MM-DD)', parseMonday)
    .option('--hours <n>', 'hours attended that week', parseNumber)
    .option('--absent', 'the participant did not attend (0 hours; no --hours needed)')
    .option('--by <who>', 'who records it (staff id or user name)', process.env.USER ?? 'coordinator')
    .addHelpText(
      'after',
      '\nGive --hours <n>, or --absent for a week not attended. A day other than Monday is refused naming the Monday (exit 2); a week that has not begun is refused (exit 3).',
    )
    .action(async (trackId: string, opts: { week: string; hours?: number; absent?: boolean; by: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        if (opts.absent && opts.hours !== undefined && opts.hours > 0)
          throw new OperationError('usage', 'USAGE', `--absent records 0 hours; leave out --hours ${opts.hours}`);
        if (!opts.absent && opts.hours === undefined)
          throw new OperationError('usage', 'USAGE', 'give --hours <n>, or --absent for a week not attended');
        const hours = opts.absent ? 0 : opts.hours!;
        const s = await (
          await participants()
        ).recordAttendance(await ctx.operations(), trackId, {
          weekStart: opts.week,
          hours,
          present: opts.absent ? false : hours > 0,
          recordedBy: opts.by,
        });
        out.result(s, () =>
          out.line(
            ok(
              `attendance for the week of ${opts.week} recorded on ${label(trackId)} (${opts.absent ? 'absent' : `${hours} hours`}): ${describeTrack(s)}`,
            ),
          ),
        );
      }),
    );

  registerAttendanceWeekCommand(record, run);

  record
    .command('outcome')
    .description("record a participant's outcome (priced by the rate card into the ledger, once)")
    .argument('<trackId>', "the participant's track")
    // Shown with its choices; accepted in any case and with - or _ (ordinary-job, Ordinary_Job).
    .addOption(
      new Option('--kind <kind>', 'what the outcome is (any case, - or _)')
        .choices([...TRACK_OUTCOME_KINDS])
        .argParser(parseChoice(TRACK_OUTCOME_KINDS))
        .makeOptionMandatory(),
    )
    .requiredOption('--on <date>', 'when it happened (YYYY-MM-DD)', parseDate)
    .requiredOption('--evidence <ref>', 'where the evidence is (contract, document reference)')
    .option('--hours <n>', 'hours a week (PARTIAL_JOB: paid pro rata)', parseNumber)
    .action(
      async (
        trackId: string,
        opts: { kind: (typeof TRACK_OUTCOME_KINDS)[number]; on: string; evidence: string; hours?: number },
        cmd: Command,
      ) =>
        run(cmd, async ({ out, ctx }) => {
          const s = await (
            await participants()
          ).recordParticipantOutcome(await ctx.operations(), trackId, {
            kind: opts.kind,
            occurredOn: opts.on,
            hoursPerWeek: opts.hours,
            evidenceRef: opts.evidence,
          });
          const outcome = s.outcomes.find((o) => o.kind === opts.kind && o.occurredOn === opts.on);
          out.result(s, () => {
            out.line(
              ok(
                `${opts.kind} on ${opts.on} recorded on ${label(trackId)}${outcome ? `: DKK ${(Number(outcome.amountOre) / 100).toFixed(2)}` : ''}`,
              ),
            );
            out.line(`  ${describeTrack(s)}`);
          });
        }),
    );
}

export function registerParticipantPause(pause: Command, resume: Command, run: Runner): void {
  pause
    .command('participant')
    .description("pause one participant's track (deadlines move by the time paused)")
    .argument('<trackId>', "the participant's track")
    .requiredOption('--reason <text>', 'why')
    .action(async (trackId: string, opts: { reason: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const s = await (await participants()).pauseParticipant(await ctx.operations(), trackId, opts.reason);
        out.result(s, () => out.line(ok(`track ${label(trackId)} paused: ${describeTrack(s)}`)));
      }),
    );
  resume
    .command('participant')
    .description("resume a paused participant's track")
    .argument('<trackId>', "the participant's track")
    .action(async (trackId: string, _opts: unknown, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const s = await (await participants()).resumeParticipant(await ctx.operations(), trackId);
        out.result(s, () => out.line(ok(`track ${label(trackId)} resumed: ${describeTrack(s)}`)));
      }),
    );
}
