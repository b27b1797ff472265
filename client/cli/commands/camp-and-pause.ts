import type { Command } from 'commander';
const cohorts = () => import('../../operations/cohorts.js');
const companies = () => import('../../operations/companies.js');
import { OperationError } from '../../operations/operation-error.js';
import type { CliContext } from '../context.js';
import { dim, label, ok, table } from '../output.js';
import type { Runner } from '../runner.js';
import { registerParticipantPause } from './participant.js';
import { notAWorkingDay, parseDate } from './parse.js';

async function cohortOfCamp(ctx: CliContext, campId: string): Promise<string> {
  const camp = await (await ctx.db()).camp.findUnique({ where: { id: campId }, select: { cohortId: true } });
  if (!camp)
    throw new OperationError(
      'not-found',
      'COHORT_NOT_FOUND',
      `no camp ${campId} (see the camps of \`cohort status <cohortId>\`)`,
      'campId',
    );
  return camp.cohortId;
}

export function registerCampCommands(program: Command, run: Runner): void {
  const camp = program.command('camp').description("the cohort's shared camps: move or cancel one for every company");
  camp
    .command('move')
    .description('move a camp to another working day for everyone: calendars get the updated event (same UID, higher SEQUENCE)')
    .argument('<campId>', 'e.g. klynge-1-2019-camp-03')
    .argument('<date>', 'the new first day (YYYY-MM-DD), a working day that is no closing day', parseDate)
    .option('--reason <text>', 'why the camp moves')
    .action(async (campId: string, date: string, opts: { reason?: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        // A weekend day or a holiday is refused here, by name; the cohort judges its own closing days.
        const why = notAWorkingDay(date);
        if (why) throw new OperationError('invalid', 'INVALID_INPUT', why, 'toDate');
        const cohortId = await cohortOfCamp(ctx, campId);
        const s = await (await cohorts()).moveCohortCamp(await ctx.operations(), cohortId, { campId, toDate: date, reason: opts.reason });
        const c = s.camps.find((x) => x.id === campId);
        out.result(c ?? { campId }, () =>
          out.line(ok(`camp ${label(campId)} moved to ${c?.days.join(' + ')} (sequence ${c?.sequence}); every company is told`)),
        );
      }),
    );
  camp
    .command('cancel')
    .description('cancel a camp for everyone: calendars get a cancellation of the same event')
    .argument('<campId>', 'the camp')
    .option('--reason <text>', 'why the camp is cancelled')
    .action(async (campId: string, opts: { reason?: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const cohortId = await cohortOfCamp(ctx, campId);
        const s = await (await cohorts()).cancelCohortCamp(await ctx.operations(), cohortId, { campId, reason: opts.reason });
        out.result(s.camps.find((x) => x.id === campId) ?? { campId }, () =>
          out.line(ok(`camp ${label(campId)} cancelled; every company is told`)),
        );
      }),
    );
}

export function registerSelectCommand(program: Command, run: Runner): void {
  program
    .command('select')
    .description('select companies')
    .command('companies')
    .description(
      "select companies into the accelerator after the boot camp, all or nothing: refused as a whole when a municipality's slots do not allow it",
    )
    .argument('<cohortId>', 'the cohort')
    .argument('<cvr...>', 'CVR numbers of the companies selected')
    .option('--not <cvr...>', 'CVR numbers of companies not selected')
    .addHelpText(
      'after',
      "\nNothing is decided when any company cannot be: exit 5 when a municipality's slots are full or a company is decided already, 4 for a CVR without a track in the cohort.",
    )
    .action(async (cohortId: string, cvrs: string[], opts: { not?: string[] }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const result = await (
          await companies()
        ).selectCompanies(await ctx.operations(), { cohortId, selected: cvrs, notSelected: opts.not });
        out.result(result, () => {
          out.line(
            table(
              result.decisions.map((d) => [d.cvr, d.selected ? 'selected' : 'not selected', d.phase]),
              ['cvr', 'decision', 'phase'],
            ),
          );
          for (const m of result.municipalities)
            out.line(dim(`municipality ${m.code}: ${m.taken} of ${m.slots} accelerator slot(s) taken`));
        });
      }),
    );
}

export function registerPauseCommands(program: Command, run: Runner): void {
  const pause = program.command('pause').description("pause a whole cohort, one participant's track or one company's track");
  const resume = program.command('resume').description("resume a whole cohort, one participant's track or one company's track");
  pause
    .command('cohort')
    .description(
      'pause every participant and company track of a cohort (e.g. a lock-down); their own deadlines move by the time paused, camps stay',
    )
    .argument('<cohortId>', 'the cohort')
    .requiredOption('--reason <text>', 'why')
    .action(async (cohortId: string, opts: { reason: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const s = await (await cohorts()).pauseCohort(await ctx.operations(), cohortId, opts.reason);
        out.result(s, () =>
          out.line(
            ok(`cohort ${label(cohortId)} paused (${s.participantTracks.length} participant and ${s.companyTracks.length} company tracks)`),
          ),
        );
      }),
    );
  resume
    .command('cohort')
    .description('resume every participant and company track of a paused cohort')
    .argument('<cohortId>', 'the cohort')
    .action(async (cohortId: string, _opts: unknown, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const s = await (await cohorts()).resumeCohort(await ctx.operations(), cohortId);
        out.result(s, () => out.line(ok(`cohort ${label(cohortId)} resumed`)));
      }),
    );
  registerParticipantPause(pause, resume, run);
  const companyState = (s: { phase: string; paused: boolean; nextDeadlineOn: string | null; nextDeadlineWhat: string | null }) =>
    `${s.phase}${s.paused ? ' (paused)' : ''}${s.nextDeadlineOn ? `; next: ${s.nextDeadlineOn} ${s.nextDeadlineWhat ?? ''}` : ''}`;
  pause
    .command('company')
    .description("pause one company's track: its own reminders, anchoring checks and escalations wait (camps go on)")
    .argument('<cohortId>', 'the cohort')
    .argument('<cvr>', "the company's CVR number")
    .requiredOption('--reason <text>', 'why')
    .action(async (cohortId: string, cvr: string, opts: { reason: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const ops = await companies();
        const operations = await ctx.operations();
        const s = await ops.pauseCompanyTrack(operations, await ops.companyTrackIdOf(operations, cohortId, cvr), opts.reason);
        out.result(s, () => out.line(ok(`company ${label(cvr)} paused in ${label(cohortId)}: ${companyState(s)}`)));
      }),
    );
  resume
    .command('company')
    .description("resume a company's track paused on its own; its own dates still ahead move by the days paused")
    .argument('<cohortId>', 'the cohort')
    .argument('<cvr>', "the company's CVR number")
    .action(async (cohortId: string, cvr: string, _opts: unknown, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const ops = await companies();
        const operations = await ctx.operations();
        const s = await ops.resumeCompanyTrack(operations, await ops.companyTrackIdOf(operations, cohortId, cvr));
        out.result(s, () => out.line(ok(`company ${label(cvr)} resumed in ${label(cohortId)}: ${companyState(s)}`)));
      }),
    );
}
